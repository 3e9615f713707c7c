using System.Text.Json;
using Backprop.Tests.Support;

namespace Backprop.Tests;

/// <summary>
/// Gradients and training runs against PyTorch float64 (fixtures from tools/reference/make_torch_fixtures.py, whose
/// docstring defines every activation, loss, optimizer and batch order it computes), and batch orders against numpy.
/// </summary>
public class TorchFixtureTests
{
    private const string File = "torch.json";

    public static TheoryData<int> GradientCases() => new(Enumerable.Range(0, Fixture.Cases(File, "gradients").Count()));
    public static TheoryData<int> TrainingCases() => new(Enumerable.Range(0, Fixture.Cases(File, "training").Count()));
    public static TheoryData<int> PermutationCases() => new(Enumerable.Range(0, Fixture.Cases(File, "permutations").Count()));

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Backpropagate_EveryActivationAndLoss_MatchesPyTorchTo1e12(int index)
    {
        JsonElement c = Fixture.Cases(File, "gradients").ElementAt(index);
        Network network = Fixture.Network(c.GetProperty("layers"), c.GetProperty("activations"), c.GetProperty("loss"));
        var data = new DataSet(Fixture.Matrix(c.GetProperty("inputs")), Fixture.Matrix(c.GetProperty("targets")));
        string name = c.GetProperty("name").GetString()!;

        Gradients g = network.Backpropagate(data);

        double cost = c.GetProperty("cost").GetDouble();
        Assert.True(Math.Abs(g.Cost - cost) <= 1e-12 * Math.Abs(cost), $"{name}: cost {g.Cost:R}, PyTorch {cost:R}");
        Network expected = Fixture.Network(c.GetProperty("gradients"));
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            Assertions.Close(expected.Layers[l].Weights, g.Layers[l].Weights, 1e-12, $"{name} dC/dW{l + 1}");
            Assertions.Close(expected.Layers[l].Biases, g.Layers[l].Biases, 1e-12, $"{name} dC/db{l + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Train_200Steps_MatchesPyTorchOptimizerTo1e9(int index)
    {
        JsonElement c = Fixture.Cases(File, "training").ElementAt(index);
        string name = c.GetProperty("name").GetString()!;
        var random = new NumpyRandom(c.GetProperty("seed").GetUInt32());
        Network network = TrainingNetwork(c, random, Precision.Float64);
        Network initial = Fixture.Network(c.GetProperty("initialLayers"));
        for (int l = 0; l < initial.Layers.Count; l++)   // the worksheet's initialisation, draw for draw
        {
            Assertions.BitEqual(initial.Layers[l].Weights.AsSpan(), network.Layers[l].Weights.AsSpan(), $"{name} initial W{l + 1}");
            Assertions.BitEqual(initial.Layers[l].Biases, network.Layers[l].Biases, $"{name} initial b{l + 1}");
        }
        var data = new DataSet(Fixture.Matrix(c.GetProperty("inputs")), Fixture.Matrix(c.GetProperty("targets")));
        TrainingOptions options = TrainingOptionsOf(c);

        TrainingResult result = Trainer.Train(network, data, random, options);

        Assert.Equal(options.Iterations, result.Iterations);
        Assertions.Close(Fixture.Numbers(c.GetProperty("costs")), result.CostHistory.Take(options.Iterations).Select(point => point.Cost).ToArray(), 1e-9, $"{name} batch costs");
        Assertions.Close(Fixture.Network(c.GetProperty("finalLayers")), network, 1e-9, $"{name} weights after {options.Iterations} steps");
        double finalCost = c.GetProperty("finalCost").GetDouble();
        Assert.True(Math.Abs(result.FinalCost - finalCost) <= 1e-9 * finalCost, $"{name}: final cost {result.FinalCost:R}, PyTorch {finalCost:R}");
    }

    [Theory]
    [MemberData(nameof(PermutationCases))]
    public void Permutation_AfterGaussianDraws_MatchesNumpy(int index)
    {
        JsonElement c = Fixture.Cases(File, "permutations").ElementAt(index);
        var random = new NumpyRandom(c.GetProperty("seed").GetUInt32());
        for (int k = 0; k < c.GetProperty("draws").GetInt32(); k++) random.NextGaussian();
        var order = new int[c.GetProperty("n").GetInt32()];
        foreach (JsonElement expected in c.GetProperty("permutations").EnumerateArray())
        {
            random.Permutation(order);
            Assert.Equal(Fixture.Ints(expected), order);
        }
    }

    // A training case's network, drawn from its seed (the worksheet's initialisation), in a precision.
    internal static Network TrainingNetwork(JsonElement c, NumpyRandom random, Precision precision) =>
        Network.CreateRandom(Fixture.Ints(c.GetProperty("layerSizes")), random, new NetworkOptions
        {
            HiddenActivations = [.. c.GetProperty("activations").EnumerateArray().SkipLast(1).Select(a => Activation.FromName(a.GetString())!)],
            OutputActivation = Activation.FromName(c.GetProperty("activations").EnumerateArray().Last().GetString())!,
            Loss = Loss.FromName(c.GetProperty("loss").GetString())!,
            Precision = precision,
        });

    // A training case's optimizer, learning rate, weight decay, batch size and iterations.
    internal static TrainingOptions TrainingOptionsOf(JsonElement c) => new()
    {
        Optimizer = OptimizerOf(c),
        LearningRate = c.GetProperty("learningRate").GetDouble(),
        WeightDecay = c.GetProperty("weightDecay").GetDouble(),
        BatchSize = c.GetProperty("batchSize").ValueKind == JsonValueKind.Null ? null : c.GetProperty("batchSize").GetInt32(),
        Iterations = c.GetProperty("iterations").GetInt32(),
    };

    private static Optimizer OptimizerOf(JsonElement c) => c.GetProperty("optimizer").GetString() switch
    {
        "sgd" => new Sgd { Noise = 0 },
        "momentum" => new SgdWithMomentum { Momentum = c.GetProperty("momentum").GetDouble() },
        "nesterov" => new SgdWithMomentum { Momentum = c.GetProperty("momentum").GetDouble(), Nesterov = true },
        "adam" => new Adam { Beta1 = c.GetProperty("beta1").GetDouble(), Beta2 = c.GetProperty("beta2").GetDouble(), Epsilon = c.GetProperty("epsilon").GetDouble() },
        var other => throw new ArgumentException(other),
    };
}
