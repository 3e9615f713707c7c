namespace Backprop.Tests;

public class GradientCheckTests
{
    public static TheoryData<int> Architectures() => new(Enumerable.Range(0, 40));

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Backpropagation_RandomArchitecture_AgreesWithFiniteDifferences(int trial)
    {
        // 1 to 5 layers, widths 1 to 17 and 1 to 130 samples, so single samples and vector tails are covered.
        var shape = new Random(1000 + trial);
        int[] sizes = Enumerable.Range(0, shape.Next(2, 7)).Select(_ => shape.Next(1, 18)).ToArray();
        int samples = trial < 3 ? trial + 1 : shape.Next(1, 131);
        var random = new NumpyRandom((uint)trial);
        var network = Network.CreateRandom(sizes, random);
        var inputs = random.NextGaussianMatrix(sizes[0], samples);
        var targets = new Matrix(sizes[^1], samples);
        for (int i = 0; i < targets.Rows; i++)
            for (int j = 0; j < samples; j++) targets[i, j] = random.NextDouble();

        GradientCheckResult result = GradientCheck.Run(network, new DataSet(inputs, targets));

        Assert.Equal(sizes.Length - 1, result.LayerErrors.Count);
        Assert.True(result.MaxError <= 1e-6, $"layers {string.Join(',', sizes)}, N = {samples}: max relative error {result.MaxError:E2}");
    }

    [Fact]
    public void Run_WrongGradient_IsReportedInItsLayer()
    {
        // The check must be able to fail: hand it the gradient of a network whose layer 2 differs slightly.
        var network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        DataSet data = HeartData.Create(20);
        Network other = network.Clone();
        other.Layers[1].Weights[3, 2] += 0.05;

        GradientCheckResult result = GradientCheck.Run(network, data, other.Backpropagate(data));

        Assert.True(result.MaxError > 1e-4, $"max error {result.MaxError:E2}");
        Assert.Equal(result.MaxError, result.LayerErrors.Max());
    }

    [Fact]
    public void Run_LeavesParametersExactlyAsTheyWere()
    {
        var network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        Network copy = network.Clone();
        GradientCheck.Run(network, HeartData.Create(10));
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(copy.Layers[l].Weights.AsSpan().ToArray(), network.Layers[l].Weights.AsSpan().ToArray());
            Assert.Equal(copy.Layers[l].Biases, network.Layers[l].Biases);
        }
    }
}
