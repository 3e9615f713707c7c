namespace Backprop.Tests;

/// <summary>One sample walked through the network: its numbers are the library's own passes over that sample.</summary>
public class SampleWalkTests
{
    public static TheoryData<string, string, int[]> Designs() => new()
    {
        { "logistic", "squared", [1, 6, 7, 2] },
        { "tanh", "squared", [2, 5, 3] },
        { "relu", "softmax cross-entropy", [2, 4, 3] },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void EveryPhase_IsTheLibrarysPassOverThatSample(string activation, string loss, int[] sizes)
    {
        var random = new NumpyRandom(9);
        bool softmax = loss.StartsWith("softmax", StringComparison.Ordinal);
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.FromName(activation)!,
            OutputActivation = softmax ? Activation.Softmax : Activation.Logistic,
            Loss = loss == "squared" ? Loss.Squared : Loss.CrossEntropy,
        });
        var x = new Matrix(sizes[0], 9);
        var y = new Matrix(sizes[^1], 9);
        for (int s = 0; s < 9; s++)
        {
            for (int i = 0; i < sizes[0]; i++) x[i, s] = 2 * random.NextDouble() - 1;
            if (softmax) y[s % sizes[^1], s] = 1;
            else for (int o = 0; o < sizes[^1]; o++) y[o, s] = random.NextDouble();
        }
        var data = new DataSet(x, y);
        const int sample = 4;
        const double η = 0.5;

        IReadOnlyList<WalkPhase> walk = SampleWalk.For(network, data, sample, η);

        // The library's passes over the one sample: its forward trace, and the backward pass of it alone (∂C/∂b = δ)
        DataSet one = data.Subset([sample - 1]);
        ForwardTrace trace = network.Forward(one.Inputs);
        Gradients gradients = network.Backpropagate(one);
        int L = network.Layers.Count;
        Assert.Equal(["input", .. Enumerable.Repeat("forward", L), "loss", .. Enumerable.Repeat("backward", L), .. Enumerable.Repeat("update", L)], walk.Select(p => p.Kind));
        static void Close(double expected, double actual) => Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{expected:R} and {actual:R}");
        foreach (WalkPhase phase in walk)
            for (int j = 0; j < phase.Neurons.Count; j++)
            {
                WalkNeuron n = phase.Neurons[j];
                switch (phase.Kind)
                {
                    case "forward":
                        Close(trace.Activation(phase.Layer)[j, 0], n.Value);
                        Close(trace.WeightedSum(phase.Layer)[j, 0], n.Second!.Value);
                        break;
                    case "backward":
                        Close(gradients.Layers[phase.Layer - 1].Biases[j], n.Gradient!.Value);
                        break;
                    case "update":
                        Close(network.Layers[phase.Layer - 1].Biases[j] - η * gradients.Layers[phase.Layer - 1].Biases[j], n.Value);
                        break;
                    case "loss":
                        Close(one.Targets[j, 0], n.Second!.Value);
                        break;
                }
            }
        Assert.Contains(gradients.Cost.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), walk.Single(p => p.Kind == "loss").Formula);
    }

    [Fact]
    public void SampleOutOfRange_IsRefused()
    {
        Network network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleWalk.For(network, HeartData.Create(10), 11, 1));
    }
}
