using System.Text.Json;
using Backprop.Tests.Support;

namespace Backprop.Tests;

/// <summary>
/// Input features (x₁², x₁x₂, sin x₁, …): the names, the model file (version 3), predictions against numpy's from the
/// format's documentation alone (tools/reference/make_features_fixture.py), and training.
/// </summary>
public class InputFeaturesTests
{
    public static TheoryData<string> FixtureCases() => [.. Fixture.Cases("features.json").Select(c => c.GetProperty("name").GetString()!)];

    private static JsonElement Case(string name) => Fixture.Cases("features.json").Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void ModelWithFeatures_PredictsAsNumpyFromTheDocumentedFormat(string name)
    {
        JsonElement fixture = Case(name);
        Network network = ModelFile.Parse(fixture.GetProperty("model").GetRawText());
        Matrix inputs = Fixture.Matrix(fixture.GetProperty("inputs")), expected = Fixture.Matrix(fixture.GetProperty("outputs"));

        Matrix batch = network.Predict(inputs);
        var one = new double[network.OutputSize];

        Assert.Equal(inputs.Rows, network.InputSize);
        for (int s = 0; s < inputs.Columns; s++)
        {
            network.Predict([.. Enumerable.Range(0, inputs.Rows).Select(i => inputs[i, s])], one);
            for (int j = 0; j < expected.Rows; j++)
            {
                Assert.Equal(expected[j, s], batch[j, s], 1e-13);
                Assert.Equal(expected[j, s], one[j], 1e-13);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void ModelWithFeatures_RoundTripsAsVersion3(string name)
    {
        Network network = ModelFile.Parse(Case(name).GetProperty("model").GetRawText());

        string json = ModelFile.Serialize(network);
        Network read = ModelFile.Parse(json);

        Assert.Equal(3, ModelFile.VersionFor(network));
        Assert.Contains("\"version\": 3", json);
        Assert.Equal(network.InputFeatures!.ToString(), read.InputFeatures!.ToString());
        Assert.Equal(network.InputFeatures.InputSize, read.InputFeatures.InputSize);
        Assert.Equal(json, ModelFile.Serialize(read));
    }

    [Fact]
    public void Offered_ForTwoInputs_AreTensorFlowPlaygroundsSevenInItsOrder()
    {
        // playground.tensorflow.org's INPUTS: x, y, xSquared, ySquared, xTimesY, sinX, sinY
        Assert.Equal(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"], InputFeatures.Offered(2).Select(f => f.Name));
        Assert.Equal(["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"], InputFeatures.Offered(2).Select(f => f.Label));
        Assert.Equal(["x1", "x1^2", "sin(x1)"], InputFeatures.Offered(1).Select(f => f.Name));
    }

    [Theory]
    [InlineData("x1", "x1")]
    [InlineData("X2", "x2")]
    [InlineData("x1^2", "x1^2")]
    [InlineData("x1²", "x1^2")]
    [InlineData("x1*x1", "x1^2")]
    [InlineData("x2*x1", "x1*x2")]
    [InlineData("x1x2", "x1*x2")]
    [InlineData(" sin( x2 ) ", "sin(x2)")]
    [InlineData("sin x1", "sin(x1)")]
    [InlineData("x12*x3", "x3*x12")]
    public void FromName_ReadsEachSpelling(string text, string name) => Assert.Equal(name, InputFeature.FromName(text)!.Name);

    [Theory]
    [InlineData("x0")]
    [InlineData("x")]
    [InlineData("cos(x1)")]
    [InlineData("x1^3")]
    [InlineData("sin(x1")]
    [InlineData("")]
    [InlineData("x-1")]
    public void FromName_RefusesWhatIsNotAFeature(string text) => Assert.Null(InputFeature.FromName(text));

    [Theory]
    [InlineData("x1,x3", 2, "x3 uses input 3, but the data has 2 inputs")]
    [InlineData("x1,x2*x1,x1*x2", 2, "x1*x2 is named twice")]
    [InlineData("x1,cos(x1)", 1, "\"cos(x1)\" is not a feature")]
    [InlineData("x1,,x2", 2, "\"\" is not a feature")]
    public void Parse_SaysWhatIsWrong(string names, int inputs, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => InputFeatures.Parse(names, inputs)).Message);

    [Fact]
    public void Apply_GivesEachFeatureOfEachSample_ByHand()
    {
        var features = InputFeatures.Parse("x2,x1^2,x1*x2,sin(x1)", 2);
        var inputs = Matrix.FromRows([[0.5, -2], [3, 0.25]]);   // samples (0.5, 3) and (−2, 0.25)

        Matrix φ = features.Apply(inputs);

        Assert.Equal((4, 2), (φ.Rows, φ.Columns));
        Assert.Equal([3, 0.25, 0.25, 4, 1.5, -0.5, Math.Sin(0.5), Math.Sin(-2)], φ.AsSpan().ToArray());
    }

    [Fact]
    public void Training_WithFeatures_IsTrainingOnTheFeatures()
    {
        // The same start and steps as a plain network given φ(x) as its data: features are fixed, not trained.
        DataSet data = BuiltInData.Create("moons", 60);
        var features = InputFeatures.Parse(string.Join(',', InputFeatures.Offered(2).Select(f => f.Name)), 2);
        InputScaling scaling = InputScaling.Fit(features.Apply(data.Inputs));
        var design = new NetworkOptions { HiddenActivation = Activation.Tanh, Initialization = Initialization.Glorot, InputScaling = scaling };
        Network withFeatures = Network.CreateRandom([7, 5, 1], new NumpyRandom(4), design with { InputFeatures = features });
        Network plain = Network.CreateRandom([7, 5, 1], new NumpyRandom(4), design);
        var options = new TrainingOptions { Iterations = 40, LearningRate = 0.05, Optimizer = new Adam(), BatchSize = 16 };

        Trainer.Train(withFeatures, data, new NumpyRandom(5), options);
        Trainer.Train(plain, new DataSet(features.Apply(data.Inputs), data.Targets), new NumpyRandom(5), options);

        for (int n = 0; n < plain.Layers.Count; n++)
        {
            Assert.Equal(plain.Layers[n].Weights.AsSpan().ToArray(), withFeatures.Layers[n].Weights.AsSpan().ToArray());
            Assert.Equal(plain.Layers[n].Biases, withFeatures.Layers[n].Biases);
        }
        Assert.NotEqual(Network.CreateRandom([7, 5, 1], new NumpyRandom(4), design).Layers[0].Weights.AsSpan().ToArray(), plain.Layers[0].Weights.AsSpan().ToArray());
    }

    [Fact]
    public void Network_RefusesFeaturesThatLayer1DoesNotTake()
    {
        var layer = new Layer(new Matrix(3, 4), new double[3], Activation.Tanh);

        var error = Assert.Throws<ArgumentException>(() => new Network([layer], inputFeatures: InputFeatures.Parse("x1,x2,x1^2", 2)));

        Assert.Contains("3 input features, but layer 1 takes 4 inputs", error.Message);
    }

    [Theory]
    [InlineData("\"version\": 3", "\"version\": 2", "\"inputFeatures\" is a version 3 field, but the file says version 2")]
    [InlineData("\"x1^2\"", "\"x1^3\"", "\"inputFeatures\": feature 3 is \"x1^3\", not a feature")]
    [InlineData("\"sin(x2)\"]", "\"sin(x2)\", \"x2*x2*x2\"]", "\"inputFeatures\": feature 8 is \"x2*x2*x2\", not a feature")]
    [InlineData("\"sin(x2)\"]", "\"sin(x2)\", \"x2^2\"]", "\"inputFeatures\" names 8 features, but layer 1 takes 7 inputs")]
    [InlineData("\"inputs\": 2", "\"inputs\": 1", "\"inputFeatures\": x2 uses input 2, but the data has 1 input")]
    [InlineData("\"inputs\": 2", "\"inputs\": 0", "\"inputFeatures\": \"inputs\" is missing or not a whole number from 1")]
    public void Load_RefusesABrokenFeaturesField_NamingIt(string find, string replace, string message)
    {
        string json = Case("playground").GetProperty("model").GetRawText().Replace(find, replace, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(json, "m.json"));

        Assert.StartsWith($"m.json: {message}", error.Message, StringComparison.Ordinal);
    }
}
