namespace Backprop.Tests;

/// <summary>The README's tour of the library, run as written (with fewer iterations), so the README cannot drift from the API.</summary>
public sealed class ReadmeTourTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-readme").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Tour_RunsAsTheReadmeShowsIt()
    {
        var random = new NumpyRandom(1);                                  // np.random.seed(1)
        var network = Network.CreateRandom([1, 6, 7, 2], random);         // reset_network(): W1, W2, W3, b1, b2, b3, each randn/2
        DataSet data = HeartData.Create(points: 100);                     // training_data(): x is 1×N, y is 2×N

        ForwardTrace trace = network.Forward(data.Inputs);                // network_function: a0, z1, a1, …, z3, a3
        Gradients g = network.Backpropagate(data);                        // C and ∂C/∂W⁽ⁿ⁾, ∂C/∂b⁽ⁿ⁾ in one backward sweep
        Matrix dCdW2 = g.Layers[1].Weights;                               // the worksheet's J_W2 (7×6)

        var costs = new List<double>();
        TrainingResult result = SteepestDescent.Train(network, data, random,
            new TrainingOptions { Iterations = 2_000, LearningRate = 5, Noise = 0.8, SnapshotEvery = 1000 },
            snapshot => costs.Add(snapshot.Cost));

        ModelFile.Save(network, Path.Combine(_folder, "model.json"));
        GradientCheckResult check = GradientCheck.Run(network, data);

        Assert.Equal(3, trace.LayerCount);
        Assert.Equal((7, 6), (dCdW2.Rows, dCdW2.Columns));
        Assert.Equal([result.CostHistory[0], result.CostHistory[1000], result.FinalCost], costs);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(check.MaxError <= 1e-6);
    }
}
