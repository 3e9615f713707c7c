namespace Backprop.Tests;

/// <summary>Public methods refuse bad arguments with an ArgumentException naming the argument, never a crash deeper in.</summary>
public class ArgumentCheckTests
{
    public static TheoryData<string, string> BadCalls() => new()
    {
        { "matrix too large", "columns" },
        { "row that is null", "rows" },
        { "layer that is null", "layers" },
        { "layers too large", "layerSizes" },
        { "sample index -1", "samples" },
        { "sample index past the end", "samples" },
        { "label that is null", "labels" },
        { "class that is null", "classes" },
        { "labels to sort with a null", "labels" },
        { "NaN learning rate", "learning-rate" },
        { "NaN validation fraction", "fraction" },
        { "saving a NaN bias", "network" },
        { "saving an infinite weight", "network" },
    };

    private static readonly Dictionary<string, Action> Calls = new()
    {
        ["matrix too large"] = () => _ = new Matrix(100_000, 100_000),
        ["row that is null"] = () => Matrix.FromRows([[1.0], null!]),
        ["layer that is null"] = () => _ = new Network([null!]),
        ["layers too large"] = () => Network.CreateRandom([50_000, 50_000, 1], new NumpyRandom(1)),
        ["sample index -1"] = () => HeartData.Create(10).Subset([-1]),
        ["sample index past the end"] = () => HeartData.Create(10).Subset([10]),
        ["label that is null"] = () => ClassLabels.OneHot(["a", null!], ["a"]),
        ["class that is null"] = () => ClassLabels.OneHot(["a"], ["a", null!]),
        ["labels to sort with a null"] = () => ClassLabels.Sorted(["a", null!]),
        ["NaN learning rate"] = () => new TrainingOptions { LearningRate = double.NaN }.Validate(),
        ["NaN validation fraction"] = () => HeartData.Create(10).Split(double.NaN, new NumpyRandom(1)),
        ["saving a NaN bias"] = () => ModelFile.Serialize(WithParameter(double.NaN, bias: true)),
        ["saving an infinite weight"] = () => ModelFile.Serialize(WithParameter(double.PositiveInfinity, bias: false)),
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public void BadArgument_IsAnArgumentException_NamingIt(string call, string parameter)
    {
        var e = Assert.ThrowsAny<ArgumentException>(Calls[call]);

        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void SavingANonFiniteParameter_SaysWhichLayerAndParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFile.Serialize(WithParameter(double.NaN, bias: true)));

        Assert.StartsWith("layer 2, bias 1 is NaN", e.Message);
    }

    private static Network WithParameter(double value, bool bias)
    {
        var network = Network.CreateRandom([1, 2, 1], new NumpyRandom(1));
        if (bias) network.Layers[1].Biases[0] = value;
        else network.Layers[0].Weights[1, 0] = value;
        return network;
    }
}
