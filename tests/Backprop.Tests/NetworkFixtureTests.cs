using System.Text.Json;
using Backprop.Tests.Support;

namespace Backprop.Tests;

/// <summary>The network against the worksheet's own numpy code (fixtures from tools/reference/make_fixtures.py).</summary>
public class NetworkFixtureTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<int> CaseIndices() => new(Enumerable.Range(0, Fixture.Cases("networks.json").Count()));

    private static (JsonElement Case, Network Network, DataSet Data) Load(int index)
    {
        JsonElement c = Fixture.Cases("networks.json").ElementAt(index);
        var network = Network.CreateRandom(Fixture.Ints(c.GetProperty("layers")), new NumpyRandom(c.GetProperty("seed").GetUInt32()));
        return (c, network, HeartData.Create(c.GetProperty("points").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void CreateRandom_MatchesResetNetworkBitForBit(int index)
    {
        var (c, network, _) = Load(index);
        Network expected = Fixture.Network(c.GetProperty("network"));
        Assert.Equal(expected.LayerSizes, network.LayerSizes);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            Assertions.BitEqual(expected.Layers[l].Weights.AsSpan(), network.Layers[l].Weights.AsSpan(), $"W{l + 1}");
            Assertions.BitEqual(expected.Layers[l].Biases, network.Layers[l].Biases, $"b{l + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Forward_MatchesNetworkFunction(int index)
    {
        var (c, network, data) = Load(index);
        if (!c.TryGetProperty("trace", out JsonElement trace)) return;   // the wide case carries no trace
        ForwardTrace actual = network.Forward(data.Inputs);
        JsonElement[] z = trace.GetProperty("z").EnumerateArray().ToArray(), a = trace.GetProperty("a").EnumerateArray().ToArray();
        Assert.Equal(z.Length, actual.LayerCount);
        for (int n = 1; n <= actual.LayerCount; n++)
            Assertions.Close(Fixture.Matrix(z[n - 1]), actual.WeightedSum(n), Tolerance, $"z{n}");
        for (int n = 0; n <= actual.LayerCount; n++)
            Assertions.Close(Fixture.Matrix(a[n]), actual.Activation(n), Tolerance, $"a{n}");
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Cost_MatchesWorksheetCost(int index)
    {
        var (c, network, data) = Load(index);
        double expected = c.GetProperty("cost").GetDouble();
        Assert.True(Math.Abs(network.Cost(data) - expected) <= Tolerance * expected, $"{network.Cost(data):R} vs {expected:R}");
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Backpropagate_MatchesWorksheetJacobians(int index)
    {
        var (c, network, data) = Load(index);
        Network expected = Fixture.Network(c.GetProperty("jacobians"));
        Gradients gradients = network.Backpropagate(data);
        Assertions.Close(expected, new Network(gradients.Layers.Select(g => new Layer(g.Weights, g.Biases))), Tolerance, "J");
    }
}
