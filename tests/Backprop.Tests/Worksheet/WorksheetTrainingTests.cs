using System.Text.Json;
using Backprop.Tests.Support;

namespace Backprop.Tests.Worksheet;

public class WorksheetTrainingTests
{
    // The notebook's globals, held here: the library's own Jacobians read them, as a learner's functions would.
    private sealed class Globals
    {
        public WorksheetParameters Parameters { get; set; } = WorksheetParameters.Draw(new NumpyRandom(1));

        public WorksheetNotebook Notebook(WorksheetJacobians? jacobians = null) =>
            new(() => Parameters, p => Parameters = p, jacobians ?? WorksheetJacobians.Backpropagation(() => Parameters));
    }

    [Fact]
    public void Train_WithTheLibrarysJacobians_IsSteepestDescentStepForStep()
    {
        // Given the worksheet's network from seed 1, once as the notebook's globals and once as a Network
        var globals = new Globals();
        var randomOfNotebook = new NumpyRandom(1);
        WorksheetParameters.Draw(randomOfNotebook);
        var randomOfNetwork = new NumpyRandom(1);
        Network network = Network.CreateRandom([1, 6, 7, 2], randomOfNetwork);
        DataSet data = HeartData.Create();

        // When the worksheet's loop runs 300 iterations (301 steps) and steepest descent takes 301 steps
        WorksheetTrainingResult result = WorksheetTraining.Train(globals.Notebook(), data, randomOfNotebook,
            new WorksheetTrainingOptions { Iterations = 300, Aggression = 5, Noise = 0.8 });
        SteepestDescent.Train(network, data, randomOfNetwork, new TrainingOptions { Iterations = 301, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });

        // Then the weights are the same to the last bit, the noise draws were the same, and so is the cost
        Assert.Equal(301, result.Steps);
        WorksheetParameters expected = WorksheetParameters.FromNetwork(network);
        Matrix[] got = [globals.Parameters.W1, globals.Parameters.W2, globals.Parameters.W3, globals.Parameters.B1, globals.Parameters.B2, globals.Parameters.B3];
        Matrix[] want = [expected.W1, expected.W2, expected.W3, expected.B1, expected.B2, expected.B3];
        for (int k = 0; k < 6; k++) Assert.Equal(want[k].AsSpan().ToArray(), got[k].AsSpan().ToArray());
        Assert.Equal(randomOfNetwork.NextGaussian(), randomOfNotebook.NextGaussian());
        Assert.Equal(network.Cost(data), result.FinalCost);
    }

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Train_AgreesWithTheWorksheetsNumpyLoop(string name, JsonElement fixture)
    {
        // Given the worksheet's network drawn from the fixture's seed, and numpy's run of its loop (tools/reference/make_fixtures.py)
        _ = name;
        var random = new NumpyRandom(fixture.GetProperty("seed").GetUInt32());
        var globals = new Globals { Parameters = WorksheetParameters.Draw(random) };

        // When the loop runs as many steps
        WorksheetTrainingResult result = WorksheetTraining.Train(globals.Notebook(), HeartData.Create(fixture.GetProperty("points").GetInt32()), random,
            new WorksheetTrainingOptions
            {
                Iterations = fixture.GetProperty("steps").GetInt32() - 1,
                Aggression = fixture.GetProperty("aggression").GetDouble(),
                Noise = fixture.GetProperty("noise").GetDouble(),
            });

        // Then the cost, the weights and the next draw agree with numpy's
        Assert.Equal(fixture.GetProperty("cost").GetDouble(), result.FinalCost, 1e-12);
        Network expected = Fixture.Network(fixture.GetProperty("network"));
        Assert.Equal(expected.Layers[1].Weights.AsSpan().ToArray(), globals.Parameters.W2.AsSpan().ToArray(), (a, b) => Math.Abs(a - b) < 1e-10);
        Assert.Equal(fixture.GetProperty("next_randn").GetDouble(), random.NextGaussian());
    }

    public static TheoryData<string, JsonElement> TrainingCases()
    {
        var data = new TheoryData<string, JsonElement>();
        foreach (JsonElement c in Fixture.Cases("training.json"))
            data.Add($"seed {c.GetProperty("seed")}, {c.GetProperty("steps")} steps, noise {c.GetProperty("noise")}", c);
        return data;
    }

    [Fact]
    public void Train_ReportsAfterEachStepThatLeavesAMultipleOfLogEvery()
    {
        // Given a run of 2,500 iterations (2,501 steps), reported every 1,000
        var globals = new Globals();
        var lines = new List<WorksheetLogLine>();

        // When it runs
        WorksheetTrainingResult result = WorksheetTraining.Train(globals.Notebook(), HeartData.Create(20), new NumpyRandom(2),
            new WorksheetTrainingOptions { Iterations = 2500, Aggression = 5, Noise = 0.8 }, lines.Add);

        // Then it reports as the worksheet prints (Iter: 2000, 1000, 0), after steps 501, 1501 and 2501, with the cost
        // then and the outputs it would draw; the history holds the cost before the first step and after every step
        Assert.Equal([2000, 1000, 0], lines.Select(l => l.Remaining));
        Assert.Equal([501, 1501, 2501], lines.Select(l => l.Step));
        Assert.Equal(2501, result.Steps);
        Assert.Equal(2502, result.CostHistory.Count);
        Assert.Equal(result.FinalCost, lines[^1].Cost);
        Assert.Equal(result.CostHistory.Single(p => p.Iteration == 1501).Cost, lines[1].Cost);
        Matrix outputs = globals.Parameters.ToNetwork().Forward(HeartData.Create(20).Inputs).Output;
        Assert.Equal(outputs.AsSpan().ToArray(), lines[^1].Outputs.AsSpan().ToArray());
    }

    [Fact]
    public void Train_WithAJacobianOfTheWrongShape_NamesTheFunctionAndBothShapes()
    {
        // Given a J_W2 that returns its transpose (6 × 7 where W2 is 7 × 6)
        var globals = new Globals();
        WorksheetJacobians library = WorksheetJacobians.Backpropagation(() => globals.Parameters);
        WorksheetNotebook notebook = globals.Notebook(library with { W2 = (x, y) => library.W2(x, y).T });
        WorksheetParameters before = globals.Parameters;

        // When the loop runs
        var error = Assert.Throws<WorksheetJacobianException>(() =>
            WorksheetTraining.Train(notebook, HeartData.Create(), new NumpyRandom(1), new WorksheetTrainingOptions { Iterations = 10 }));

        // Then it stops at the first step, naming J_W2 and both shapes, and the weights were not stepped
        Assert.Equal("J_W2", error.Function);
        Assert.Contains("6×7", error.Message);
        Assert.Contains("7×6", error.Message);
        Assert.Same(before, globals.Parameters);
    }
}
