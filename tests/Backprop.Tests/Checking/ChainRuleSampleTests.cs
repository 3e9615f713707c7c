namespace Backprop.Tests;

/// <summary>The chain rule for one sample: numbers that multiply out by hand, and whose terms add up to ∂C/∂θ.</summary>
public class ChainRuleSampleTests
{
    public static TheoryData<string, string, int[]> Designs() => new()
    {
        { "logistic", "squared", [1, 6, 7, 2] },
        { "tanh", "squared", [2, 5, 3] },
        { "relu", "cross-entropy", [2, 4, 1] },
        { "logistic", "softmax cross-entropy", [2, 4, 3] },
    };

    private static (Network Network, DataSet Data) Case(string activation, string loss, int[] sizes)
    {
        var random = new NumpyRandom(5);
        bool softmax = loss.StartsWith("softmax", StringComparison.Ordinal);
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.FromName(activation)!,
            OutputActivation = softmax ? Activation.Softmax : Activation.Logistic,
            Loss = loss == "squared" ? Loss.Squared : Loss.CrossEntropy,
        });
        var x = new Matrix(sizes[0], 12);
        var y = new Matrix(sizes[^1], 12);
        for (int s = 0; s < 12; s++)
        {
            for (int i = 0; i < sizes[0]; i++) x[i, s] = 2 * random.NextDouble() - 1;
            if (softmax) y[s % sizes[^1], s] = 1;
            else for (int o = 0; o < sizes[^1]; o++) y[o, s] = random.NextDouble();
        }
        return (network, new DataSet(x, y));
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void EachSamplesContribution_IsItsOwnGradientOverN_AndTheyAddUpToTheTotal(string activation, string loss, int[] sizes)
    {
        (Network network, DataSet data) = Case(activation, loss, sizes);
        for (int n = 1; n <= network.Layers.Count; n++)
            foreach (int? k in new int?[] { null, 1, network.Layers[n - 1].InputSize })
            {
                int j = network.Layers[n - 1].OutputSize;
                ChainRuleTerm all = ChainRule.For(network, data, n, j, k);
                Assert.Equal(all.Value, all.Contributions.Sum(), 1e-15);
                for (int sample = 1; sample <= data.Count; sample++)
                {
                    // Independently: the backward pass over this one sample alone is its whole-cost gradient, N times its share
                    LayerGradient own = network.Backpropagate(data.Subset([sample - 1])).Layers[n - 1];
                    double expected = (k is { } input ? own.Weights[j - 1, input - 1] : own.Biases[j - 1]) / data.Count;
                    ChainRuleSample one = ChainRule.ForSample(network, data, n, j, k, sample);
                    Assert.Equal(expected, one.Contribution, 1e-12 * Math.Max(1e-3, Math.Abs(expected)));
                    Assert.Equal(all.Contributions[sample - 1], one.Contribution);
                }
            }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void EachProduct_IsThePreviousTimesTheFactorBetween(string activation, string loss, int[] sizes)
    {
        (Network network, DataSet data) = Case(activation, loss, sizes);
        ChainRuleSample one = ChainRule.ForSample(network, data, 1, 2, 1, 7);

        // Products: the first factor itself, then each times the next factor (σ′ element by element, W as g ↦ Wᵀg)
        Assert.Equal(one.Factors[0].Value.AsSpan().ToArray(), one.Products[0].Value.AsSpan().ToArray());
        for (int p = 1; p < one.Products.Count; p++)
        {
            double[] previous = one.Products[p - 1].Value.AsSpan().ToArray(), now = one.Products[p].Value.AsSpan().ToArray();
            Matrix factor = one.Factors[p].Value;
            bool derivative = one.Factors[p].Name.StartsWith("∂a", StringComparison.Ordinal);   // ∂a/∂z: a diagonal's entries; ∂z/∂a: W
            double[] expected = derivative
                ? [.. previous.Zip(factor.AsSpan().ToArray(), (g, d) => g * d)]
                : [.. Enumerable.Range(0, factor.Columns).Select(i => Enumerable.Range(0, factor.Rows).Sum(j => factor[j, i] * previous[j]))];
            Assert.Equal(expected, now, (a, b) => Math.Abs(a - b) <= 1e-15 * Math.Max(1, Math.Abs(a)));
        }
        Assert.Equal(one.Products[^1].Value[0, 1] * one.Factors[^1].Value[0, 0], one.Contribution);
        Assert.Equal(one.Factors.Count, one.Products.Count + 1);
    }

    [Fact]
    public void ForSample_OfTheWorksheetsNetwork_NamesItsChain_AndRefusesASampleOutOfRange()
    {
        Network network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        DataSet heart = HeartData.Create(100);

        ChainRuleSample one = ChainRule.ForSample(network, heart, 2, 3, 1, 40);

        Assert.Equal(["∂C/∂a⁽³⁾", "∂a⁽³⁾/∂z⁽³⁾", "∂z⁽³⁾/∂a⁽²⁾", "∂a⁽²⁾/∂z⁽²⁾", "∂z⁽²⁾₃/∂w⁽²⁾₃₁"], one.Factors.Select(f => f.Name));
        Assert.Equal(["∂C/∂a⁽³⁾", "∂C/∂z⁽³⁾", "∂C/∂a⁽²⁾", "∂C/∂z⁽²⁾"], one.Products.Select(f => f.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChainRule.ForSample(network, heart, 2, 3, 1, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChainRule.ForSample(network, heart, 2, 3, 1, 0));
    }
}
