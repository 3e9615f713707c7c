namespace Backprop.Tests;

public class ModelFileVersion2Tests
{
    private static Network GeneralNetwork() => Network.CreateRandom([3, 4, 5, 2], new NumpyRandom(3), new NetworkOptions
    {
        HiddenActivations = [Activation.Tanh, Activation.Relu],
        OutputActivation = Activation.Softmax,
        Loss = Loss.CrossEntropy,
        InputScaling = new InputScaling([1.5, -2, 0], [0.5, 3, 1]),
        Classes = ["cat", "dog, \"quoted\""],
    });

    [Fact]
    public void SaveAndLoad_Version2Network_RoundTripsEverythingExactly()
    {
        Network network = GeneralNetwork();

        string json = ModelFile.Serialize(network);
        Network read = ModelFile.Parse(json);

        Assert.Contains("\"version\": 2", json);
        Assert.Equal(["tanh", "relu", "softmax"], read.Layers.Select(l => l.Activation.Name));
        Assert.Same(Loss.CrossEntropy, read.Loss);
        Assert.Equal([1.5, -2, 0], read.InputScaling!.Mean);
        Assert.Equal([0.5, 3, 1], read.InputScaling.StandardDeviation);
        Assert.Equal(["cat", "dog, \"quoted\""], read.Classes!);
        Assert.Equal(json, ModelFile.Serialize(read));
    }

    [Fact]
    public void Save_WorksheetNetwork_StaysVersion1()
    {
        Network network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));

        string json = ModelFile.Serialize(network);

        Assert.Equal(1, ModelFile.VersionFor(network));
        Assert.Contains("\"version\": 1", json);
        Assert.Contains("\"activation\": \"logistic\"", json);
        Assert.DoesNotContain("loss", json);
    }

    [Theory]
    [InlineData("squared", "tanh", null, null)]                 // one non-logistic layer
    [InlineData("cross-entropy", "logistic", null, null)]       // another loss
    [InlineData("squared", "logistic", true, null)]             // a scaling
    [InlineData("squared", "logistic", null, true)]             // class labels
    public void Save_AnyVersion2Feature_WritesVersion2(string loss, string hidden, bool? scaling, bool? classes)
    {
        var network = Network.CreateRandom([2, 3, 2], new NumpyRandom(1), new NetworkOptions
        {
            HiddenActivation = Activation.FromName(hidden)!,
            Loss = Loss.FromName(loss)!,
            InputScaling = scaling is null ? null : new InputScaling([0, 0], [1, 1]),
            Classes = classes is null ? null : ["a", "b"],
        });
        Assert.Equal(2, ModelFile.VersionFor(network));
        Assert.Contains("\"version\": 2", ModelFile.Serialize(network));
    }

    private const string Layer = """{"activation": "identity", "weights": [[1, 2]], "biases": [0]}""";

    [Theory]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "layers": [{{Layer}}]}""", "\"loss\" is missing")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "hinge", "layers": [{{Layer}}]}""", "\"loss\" is \"hinge\"; expected one of \"squared\", \"cross-entropy\"")]
    [InlineData("""{"format": "backprop/model", "version": 2, "loss": "squared", "layers": [{"weights": [[1, 2]], "biases": [0]}]}""", "layer 1: \"activation\" is missing")]
    [InlineData("""{"format": "backprop/model", "version": 2, "loss": "squared", "layers": [{"activation": "swish", "weights": [[1, 2]], "biases": [0]}]}""", "layer 1: \"activation\" is \"swish\"")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "squared", "layers": [{"activation": "softmax", "weights": [[1]], "biases": [0]}, {"activation": "identity", "weights": [[1]], "biases": [0]}]}""", "layer 1: \"softmax\" is for the output layer only")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "cross-entropy", "layers": [{{Layer}}]}""", "the \"cross-entropy\" loss needs a logistic or softmax output layer, not \"identity\"")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "squared", "inputScaling": {"mean": [0], "std": [1]}, "layers": [{{Layer}}]}""", "\"inputScaling\" has 1 means and 1 standard deviations, but layer 1 takes 2 inputs")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "squared", "inputScaling": {"mean": [0, 0], "std": [1, 0]}, "layers": [{{Layer}}]}""", "\"inputScaling\": std value 2 is 0; it must be positive")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "squared", "inputScaling": {"mean": [0, 0]}, "layers": [{{Layer}}]}""", "\"inputScaling\": \"std\" is missing")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "squared", "classes": ["a", "b"], "layers": [{{Layer}}]}""", "\"classes\" has 2 labels, but the output layer has 1 neurons")]
    [InlineData($$"""{"format": "backprop/model", "version": 2, "loss": "squared", "classes": [1], "layers": [{{Layer}}]}""", "\"classes\" value 1 is 1, not a string")]
    public void Parse_BadVersion2Model_NamesTheProblem(string json, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(json, "m.json"));
        Assert.StartsWith("m.json: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Predict_ModelWithScaling_StandardisesRawInputsFirst()
    {
        // One identity layer, W = [2], b = 1, scaling mean 10, std 4: the output for x is 2·(x − 10)/4 + 1, by hand.
        var network = new Network([new Layer(Matrix.FromRows([[2.0]]), [1.0], Activation.Identity)], inputScaling: new InputScaling([10], [4]));
        Matrix outputs = network.Predict(Matrix.FromRows([[10.0, 14.0, 2.0]]));
        Assert.Equal([1.0, 3.0, -3.0], outputs.AsSpan().ToArray());
        var single = new double[1];
        network.Predict([14.0], single);
        Assert.Equal(3.0, single[0]);
    }
}
