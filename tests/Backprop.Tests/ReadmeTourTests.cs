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
            new TrainingOptions { Iterations = 2_000, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 }, SnapshotEvery = 1000 },
            snapshot => costs.Add(snapshot.Cost));

        ModelFile.Save(network, Path.Combine(_folder, "model.json"));
        GradientCheckResult check = GradientCheck.Run(network, data);

        Assert.Equal(3, trace.LayerCount);
        Assert.Equal((7, 6), (dCdW2.Rows, dCdW2.Columns));
        Assert.Equal([result.CostHistory[0].Cost, result.CostHistory[1000].Cost, result.FinalCost], costs);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(check.MaxError <= 1e-6);
    }
}

/// <summary>The README's second tour, beyond the worksheet, run as written (with fewer iterations).</summary>
public sealed class ReadmeGeneralTourTests
{
    [Fact]
    public void GeneralTour_RunsAsTheReadmeShowsIt()
    {
        // Three species of made-up flowers, 60 samples: species k has its measurements around k + 1.
        double[][] measurements = [.. Enumerable.Range(0, 60).Select(s => Enumerable.Range(0, 4).Select(i => s % 3 + 1 + 0.1 * ((s * 7 + i * 3) % 5)).ToArray())];
        double[][] oneHotSpecies = [.. Enumerable.Range(0, 60).Select(s => Enumerable.Range(0, 3).Select(k => k == s % 3 ? 1.0 : 0.0).ToArray())];

        DataSet flowers = DataSet.FromRows(measurements, oneHotSpecies);   // double[][] or double[,]: N × n₀ and N × n_L
        (DataSet training, DataSet validation) = flowers.Split(0.2, new NumpyRandom(1), stratify: true);
        var classifier = Network.CreateRandom([4, 8, 3], new NumpyRandom(1), new NetworkOptions
        {
            HiddenActivation = Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
            Initialization = Initialization.Glorot, InputScaling = InputScaling.Fit(training.Inputs),
            Classes = ["setosa", "versicolor", "virginica"],
        });
        TrainingResult fit = Trainer.Train(classifier, training, new NumpyRandom(1),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.01, Iterations = 500, BatchSize = 32, Patience = 10, SnapshotEvery = 100 },
            validation);
        Evaluation score = Evaluation.Of(classifier, validation);         // cost, accuracy and confusion matrix (or R²)
        Span<double> probabilities = stackalloc double[3];
        classifier.Predict([5.0, 3.4, 1.5, 0.2], probabilities);          // one sample, raw inputs, nothing allocated

        Assert.Equal((48, 12), (training.Count, validation.Count));
        Assert.Contains(fit.Outcome, new[] { TrainingOutcome.Completed, TrainingOutcome.EarlyStopped });
        Assert.Equal(1.0, score.Accuracy);
        Assert.Equal(1.0, probabilities[0] + probabilities[1] + probabilities[2], 12);
    }
}
