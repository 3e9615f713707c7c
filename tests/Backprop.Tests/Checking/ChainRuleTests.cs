namespace Backprop.Tests;

/// <summary>The chain rule written out factor by factor gives the backward pass's Jacobians, and finite differences agree.</summary>
public class ChainRuleTests
{
    public static TheoryData<string, string, int[]> Designs() => new()
    {
        { "logistic", "squared", [1, 6, 7, 2] },
        { "tanh", "squared", [2, 5, 3] },
        { "relu", "squared", [1, 4, 4, 1] },
        { "tanh", "cross-entropy", [2, 5, 1] },            // logistic output, binary cross-entropy
        { "logistic", "softmax cross-entropy", [2, 4, 3] },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void EveryWeightAndBias_MatchesBackpropagation(string activation, string loss, int[] sizes)
    {
        var random = new NumpyRandom(3);
        bool softmax = loss.StartsWith("softmax", StringComparison.Ordinal);
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.FromName(activation)!,
            OutputActivation = softmax ? Activation.Softmax : Activation.Logistic,
            Loss = loss == "squared" ? Loss.Squared : Loss.CrossEntropy,
        });
        var x = new Matrix(sizes[0], 30);
        var y = new Matrix(sizes[^1], 30);
        for (int s = 0; s < 30; s++)
        {
            for (int i = 0; i < sizes[0]; i++) x[i, s] = 2 * random.NextDouble() - 1;
            if (softmax) y[s % sizes[^1], s] = 1;
            else for (int o = 0; o < sizes[^1]; o++) y[o, s] = random.NextDouble();
        }
        var data = new DataSet(x, y);
        Gradients backward = network.Backpropagate(data);

        for (int n = 1; n <= network.Layers.Count; n++)
            for (int j = 1; j <= network.Layers[n - 1].OutputSize; j++)
            {
                for (int k = 1; k <= network.Layers[n - 1].InputSize; k++)
                    AssertTerm(ChainRule.For(network, data, n, j, k), backward.Layers[n - 1].Weights[j - 1, k - 1]);
                AssertTerm(ChainRule.For(network, data, n, j, null), backward.Layers[n - 1].Biases[j - 1]);
            }
    }

    [Fact]
    public void Factors_AreTheWorksheetsChain_FromTheCostDownToTheWeight()
    {
        Network network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));

        ChainRuleTerm term = ChainRule.For(network, HeartData.Create(100), 1, 2, 1);

        Assert.Equal("w⁽¹⁾₂₁", term.Parameter);
        Assert.Equal(["∂C/∂a⁽³⁾", "∂a⁽³⁾/∂z⁽³⁾", "∂z⁽³⁾/∂a⁽²⁾", "∂a⁽²⁾/∂z⁽²⁾", "∂z⁽²⁾/∂a⁽¹⁾", "∂a⁽¹⁾/∂z⁽¹⁾", "∂z⁽¹⁾₂/∂w⁽¹⁾₂₁"], term.Factors.Select(f => f.Name));
        Assert.Equal((7, 6), (term.Factors[4].Value.Rows, term.Factors[4].Value.Columns));   // W⁽²⁾
    }

    private static void AssertTerm(ChainRuleTerm term, double backward)
    {
        double scale = Math.Max(1e-12, Math.Abs(backward));
        Assert.True(Math.Abs(term.Value - backward) <= 1e-12 + 1e-10 * scale, $"{term.Parameter}: chain {term.Value:R}, backward pass {backward:R}");
        Assert.True(Math.Abs(term.FiniteDifference - backward) <= 1e-7, $"{term.Parameter}: finite difference {term.FiniteDifference:R}, backward pass {backward:R}");
    }
}
