using System.Text.Json;
using Backprop.Tests.Support;

namespace Backprop.Tests;

/// <summary>
/// Float32 networks against PyTorch in float32 (fixtures from tools/reference/make_torch32_fixtures.py). Float32's own
/// rounding is judged against PyTorch's: each case also holds the float64 answer at the same float32 weights and data,
/// and Backprop's float32 error from it must be of the size of PyTorch's float32 error from it (at most 4 times, or a
/// few float32 ulps of the largest value), while differing from it (it is float32 arithmetic, not float64 rounded).
/// </summary>
public class Torch32FixtureTests
{
    private const string File = "torch32.json";
    private const double Ulp = 1.0 / (1 << 23);   // float32's machine epsilon, 2⁻²³

    public static TheoryData<int> GradientCases() => new(Enumerable.Range(0, Fixture.Cases(File, "gradients").Count()));
    public static TheoryData<int> TrainingCases() => new(Enumerable.Range(0, Fixture.Cases(File, "training").Count()));

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Backpropagate_Float32_AsCloseToFloat64AsPyTorchFloat32(int index)
    {
        JsonElement c = Fixture.Cases(File, "gradients").ElementAt(index);
        Network network = Fixture.Network(c.GetProperty("layers"), c.GetProperty("activations"), c.GetProperty("loss")).WithPrecision(Precision.Float32);
        var data = new DataSet(Fixture.Matrix(c.GetProperty("inputs")), Fixture.Matrix(c.GetProperty("targets")));
        string name = c.GetProperty("name").GetString()!;

        Gradients g = network.Backpropagate(data);
        Gradients exact64 = network.WithPrecision(Precision.Float64).Backpropagate(data);

        CloseAsPyTorch(c.GetProperty("exactCost").GetDouble(), c.GetProperty("cost").GetDouble(), g.Cost, $"{name} cost");
        Network torch32 = Fixture.Network(c.GetProperty("gradients")), exact = Fixture.Network(c.GetProperty("exactGradients"));
        double differenceFrom64 = 0;
        for (int l = 0; l < exact.Layers.Count; l++)
        {
            Assertions.Close(exact.Layers[l].Weights, exact64.Layers[l].Weights, 1e-12, $"{name} float64 dC/dW{l + 1}");   // the fixture's float64 is ours
            CloseAsPyTorch(exact.Layers[l].Weights.AsSpan(), torch32.Layers[l].Weights.AsSpan(), g.Layers[l].Weights.AsSpan(), $"{name} dC/dW{l + 1}");
            CloseAsPyTorch(exact.Layers[l].Biases, torch32.Layers[l].Biases, g.Layers[l].Biases, $"{name} dC/db{l + 1}");
            differenceFrom64 += Largest(g.Layers[l].Weights.AsSpan(), exact64.Layers[l].Weights.AsSpan());
        }
        Assert.True(differenceFrom64 > 0, $"{name}: the float32 gradients equal the float64 ones exactly; float32 arithmetic was not used");
    }

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Train_Float32_200Steps_AsCloseToFloat64AsPyTorchFloat32(int index)
    {
        JsonElement c = Fixture.Cases(File, "training").ElementAt(index);
        string name = c.GetProperty("name").GetString()!;
        var random = new NumpyRandom(c.GetProperty("seed").GetUInt32());
        Network network = TorchFixtureTests.TrainingNetwork(c, random, Precision.Float32);
        Network initial = Fixture.Network(c.GetProperty("initialLayers"));
        for (int l = 0; l < initial.Layers.Count; l++)   // the worksheet's draws, rounded to float32 as torch.tensor(…, dtype=float32)
        {
            Assertions.BitEqual(initial.Layers[l].Weights.AsSpan(), network.Layers[l].Weights.AsSpan(), $"{name} initial W{l + 1}");
            Assertions.BitEqual(initial.Layers[l].Biases, network.Layers[l].Biases, $"{name} initial b{l + 1}");
        }
        var data = new DataSet(Fixture.Matrix(c.GetProperty("inputs")), Fixture.Matrix(c.GetProperty("targets")));
        TrainingOptions options = TorchFixtureTests.TrainingOptionsOf(c);

        TrainingResult result = Trainer.Train(network, data, random, options);

        Assert.Equal(options.Iterations, result.Iterations);
        Network torch32 = Fixture.Network(c.GetProperty("finalLayers")), exact = Fixture.Network(c.GetProperty("exactFinalLayers"));
        for (int l = 0; l < exact.Layers.Count; l++)
        {
            Layer layer = network.Layers[l];
            Assert.True(layer.Weights.AsSpan().ToArray().All(w => (float)w == w) && layer.Biases.All(b => (float)b == b),
                $"{name}: layer {l + 1} holds a value that is not a float32 after training");
            CloseAsPyTorch(exact.Layers[l].Weights.AsSpan(), torch32.Layers[l].Weights.AsSpan(), layer.Weights.AsSpan(), $"{name} W{l + 1} after {options.Iterations} steps");
            CloseAsPyTorch(exact.Layers[l].Biases, torch32.Layers[l].Biases, layer.Biases, $"{name} b{l + 1} after {options.Iterations} steps");
        }
        double[] costs = [.. result.CostHistory.Take(options.Iterations).Select(point => point.Cost)];
        CloseAsPyTorch(Fixture.Numbers(c.GetProperty("exactCosts")), Fixture.Numbers(c.GetProperty("costs")), costs, $"{name} batch costs");
        CloseAsPyTorch(c.GetProperty("exactFinalCost").GetDouble(), c.GetProperty("finalCost").GetDouble(), result.FinalCost, $"{name} final cost");
    }

    // |ours − exact| ≤ max(4 |PyTorch float32 − exact|, 8 ulps of the largest |exact|), as the largest over the array.
    private static void CloseAsPyTorch(ReadOnlySpan<double> exact, ReadOnlySpan<double> torch32, ReadOnlySpan<double> ours, string what)
    {
        Assert.True(exact.Length == ours.Length && exact.Length == torch32.Length, $"{what}: {ours.Length} values, expected {exact.Length}");
        double scale = 0;
        foreach (double e in exact) scale = Math.Max(scale, Math.Abs(e));
        double ourError = Largest(ours, exact), torchError = Largest(torch32, exact);
        double allowed = Math.Max(4 * torchError, 8 * Ulp * scale);
        Assert.True(ourError <= allowed,
            $"{what}: largest difference from float64 {ourError:E3}, PyTorch float32's {torchError:E3} (allowed {allowed:E3}, largest value {scale:E3})");
    }

    private static void CloseAsPyTorch(double exact, double torch32, double ours, string what) => CloseAsPyTorch([exact], [torch32], [ours], what);

    private static double Largest(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double largest = 0;
        for (int i = 0; i < a.Length; i++) largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
        return largest;
    }
}
