namespace Backprop.Tests;

public class TrainerTests
{
    // Three classes of 8 inputs on scales from 0.01 to 100 (as raw tabular columns are), 300 samples; class k is
    // centred at a different corner in every input.
    private static DataSet TabularClasses(int samples = 300, int seed = 7)
    {
        double[] scales = [1, 10, 100, 0.1, 5, 0.01, 50, 2];
        var random = new Random(seed);
        var x = new Matrix(8, samples);
        var y = new Matrix(3, samples);
        for (int s = 0; s < samples; s++)
        {
            int k = s % 3;
            y[k, s] = 1;
            for (int i = 0; i < 8; i++)
                x[i, s] = scales[i] * (((k + i) % 3 - 1) * 0.8 + Gaussian(random));
        }
        return new DataSet(x, y);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Network Classifier(DataSet data, uint seed) => Network.CreateRandom([8, 16, 3], new NumpyRandom(seed), new NetworkOptions
    {
        HiddenActivation = Activation.Tanh,
        OutputActivation = Activation.Softmax,
        Loss = Loss.CrossEntropy,
        Initialization = Initialization.Glorot,
        InputScaling = InputScaling.Fit(data.Inputs),
    });

    // Digit-shaped data: 10 classes of 64 "pixels" from 0 to 16, each class a random prototype of lit pixels, each sample
    // the prototype at a random intensity with noise, rounded and clipped (as the 8 × 8 digits of scikit-learn look).
    private static DataSet DigitLike(int samples, int seed)
    {
        var random = new Random(seed);
        var prototype = new double[10, 64];
        for (int k = 0; k < 10; k++)
            for (int i = 0; i < 64; i++) prototype[k, i] = random.NextDouble() < 0.35 ? 8 + 8 * random.NextDouble() : 0;
        var x = new Matrix(64, samples);
        var y = new Matrix(10, samples);
        for (int s = 0; s < samples; s++)
        {
            int k = s % 10;
            y[k, s] = 1;
            double gain = 0.6 + 0.8 * random.NextDouble();
            for (int i = 0; i < 64; i++)
                x[i, s] = Math.Clamp(Math.Round(gain * prototype[k, i] + 4 * Gaussian(random) * (prototype[k, i] > 0 ? 1 : 0.3)), 0, 16);
        }
        return new DataSet(x, y);
    }

    // The first snapshot (every 10 steps) at which the training cost is below the target, or int.MaxValue.
    private static int StepsToReach(double target, Optimizer optimizer, double learningRate, DataSet data)
    {
        int reached = int.MaxValue;
        Network network = Network.CreateRandom([64, 32, 10], new NumpyRandom(3), new NetworkOptions
        {
            HiddenActivation = Activation.Relu,
            OutputActivation = Activation.Softmax,
            Loss = Loss.CrossEntropy,
            Initialization = Initialization.He,
            InputScaling = InputScaling.Fit(data.Inputs),
        });
        Trainer.Train(network, data, new NumpyRandom(3),
            new TrainingOptions { Optimizer = optimizer, LearningRate = learningRate, Iterations = 1500, SnapshotEvery = 10 },
            onSnapshot: s => { if (s.Cost < target && reached == int.MaxValue) reached = s.Iteration; });
        return reached;
    }

    [Fact]
    [Trait("Category", "Long")]   // minutes in plain loops; CI runs it once (its arithmetic is the engine's, checked at every width)
    public void Adam_StandardisedDigitShapedClasses_ReachesTheCostInFarFewerStepsThanSgd()
    {
        // Each at its best learning rate of a few (sgd diverges at 3): measured, adam 0.03 reaches 1e-4 in 20 steps
        // and sgd 2 in 450 (AMD EPYC Zen 5).
        DataSet data = DigitLike(500, 7);
        int adam = new[] { 0.01, 0.03 }.Min(η => StepsToReach(1e-4, new Adam(), η, data));
        int sgd = new[] { 0.3, 1.0, 2.0, 3.0 }.Min(η => StepsToReach(1e-4, new Sgd { Noise = 0 }, η, data));

        Assert.True(adam <= 100, $"adam took {adam} steps");
        Assert.True(adam * 10 <= sgd, $"adam took {adam} steps, sgd at best {sgd}");
    }

    // Validation data: the training inputs, with the targets of every third sample (or of all) rolled by one class.
    // The better the fit, the more confidently wrong on those: the validation cost falls, then rises (or only rises).
    private static DataSet Rolled(DataSet data, int every)
    {
        var rolled = new Matrix(3, data.Count);
        for (int s = 0; s < data.Count; s++)
            for (int k = 0; k < 3; k++) rolled[s % every == 0 ? (k + 1) % 3 : k, s] = data.Targets[k, s];
        return new DataSet(data.Inputs, rolled);
    }

    [Fact]
    public void Train_WithValidationThatWorsens_StopsEarlyWithTheBestWeights()
    {
        DataSet data = TabularClasses(90), validation = Rolled(data, every: 3);
        Network network = Classifier(data, 5);
        var costs = new List<double>();

        TrainingResult result = Trainer.Train(network, data, new NumpyRandom(5),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.01, Iterations = 2000, SnapshotEvery = 20, Patience = 3 },
            validation, s => costs.Add(s.ValidationCost!.Value));

        Assert.Equal(TrainingOutcome.EarlyStopped, result.Outcome);
        Assert.True(result.Iterations < 2000);
        Assert.True(result.KeptIteration > 0, $"kept iteration {result.KeptIteration}");
        Assert.Equal(4, costs.Count - costs.IndexOf(costs.Min()));      // the best, then 3 without improvement
        Assert.Equal(costs.Min(), Evaluation.Of(network, validation).Cost);   // the weights are the best snapshot's
        Assert.Equal(Evaluation.Of(network, data).Cost, result.FinalCost);
    }

    [Fact]
    public void Train_ValidationBestBeforeAnyStep_IsStalledWithTheStartingWeights()
    {
        DataSet data = TabularClasses(90), validation = Rolled(data, every: 1);
        Network network = Classifier(data, 5), start = network.Clone();

        TrainingResult result = Trainer.Train(network, data, new NumpyRandom(5),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.01, Iterations = 2000, SnapshotEvery = 20, Patience = 3 }, validation);

        Assert.Equal(TrainingOutcome.Stalled, result.Outcome);
        Assert.Equal(0, result.KeptIteration);
        Assert.Equal(ModelFile.Serialize(start), ModelFile.Serialize(network));
    }

    [Fact]
    public void Train_PatienceNeverRunsOut_StillEndsWithTheBestSnapshotsWeights()
    {
        // Patience longer than the run: it completes, and ends with the weights of the lowest validation cost.
        DataSet data = TabularClasses(90), validation = Rolled(data, every: 3);
        Network network = Classifier(data, 5);
        var costs = new List<(int Iteration, double Cost)>();

        TrainingResult result = Trainer.Train(network, data, new NumpyRandom(5),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.01, Iterations = 600, SnapshotEvery = 20, Patience = 1000 },
            validation, s => costs.Add((s.Iteration, s.ValidationCost!.Value)));

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        (int best, double lowest) = costs.MinBy(c => c.Cost);
        Assert.True(best < 600, "the validation cost should have risen again by the end");
        Assert.Equal(best, result.KeptIteration);
        Assert.Equal(lowest, Evaluation.Of(network, validation).Cost);
    }

    [Fact]
    public void Train_LearningRateFarTooLarge_SaysStalledWithALikelyCause()
    {
        var random = new NumpyRandom(1);
        Network network = Network.CreateRandom([1, 6, 7, 2], random);

        TrainingResult result = SteepestDescent.Train(network, HeartData.Create(), random,
            new TrainingOptions { Iterations = 2000, LearningRate = 50, Optimizer = new Sgd { Noise = 0.8 } });

        Assert.Equal(TrainingOutcome.Stalled, result.Outcome);
        Assert.Contains("learning rate", result.StopReason);
    }

    [Fact]
    public void Train_OptimizerSettingOutOfItsCatalogRange_IsRefusedNamingIt_AndAdamRunsWithItsDefaults()
    {
        DataSet data = TabularClasses(30);
        foreach (Optimizer optimizer in Catalog.Optimizers)
            foreach (Setting setting in optimizer.Settings.Where(s => !s.IsSwitch))
            {
                double outside = setting.Range.IncludesLowest ? setting.Range.Lowest - 1 : setting.Range.Lowest;
                var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Train(Classifier(data, 1), data, new NumpyRandom(1),
                    new TrainingOptions { Optimizer = optimizer.With(setting, outside), Iterations = 1 }));
                Assert.Equal(setting.Name, error.ParamName);
                Assert.Contains($"{setting.Name} must be {setting.Range}", error.Message);
            }

        TrainingResult result = Trainer.Train(Classifier(data, 1), data, new NumpyRandom(1), new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.01, Iterations = 5 });
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
    }

    [Fact]
    public void Train_PatienceWithoutValidation_IsRefused()
    {
        DataSet data = TabularClasses(30);
        Assert.Throws<ArgumentException>(() => Trainer.Train(Classifier(data, 1), data, new NumpyRandom(1), new TrainingOptions { Optimizer = new Sgd { Noise = 0 }, Patience = 2 }));
    }

    [Fact]
    public void Step_WeightDecay_AddsLambdaThetaToTheGradient()
    {
        // One sgd step by hand: θ' = θ − η(∂C/∂θ + λθ), with ∂C/∂θ from backpropagation at the starting weights.
        DataSet data = TabularClasses(30);
        Network network = Classifier(data, 2), start = network.Clone();
        Gradients g = start.Backpropagate(data);
        const double η = 0.1, λ = 0.01;

        Trainer.Train(network, data, new NumpyRandom(2), new TrainingOptions { LearningRate = η, WeightDecay = λ, Optimizer = new Sgd { Noise = 0 }, Iterations = 1 });

        for (int l = 0; l < 2; l++)
        {
            double[] θ = start.Layers[l].Weights.AsSpan().ToArray(), J = g.Layers[l].Weights.AsSpan().ToArray();
            double[] expected = [.. θ.Select((t, i) => t - (J[i] + λ * t) * 1 * η)];
            Support.Assertions.Close(expected, network.Layers[l].Weights.AsSpan(), 1e-15, $"W{l + 1}");
        }
    }

    [Fact]
    public void Step_AdamAndMiniBatches_AllocateNothing()
    {
        DataSet data = TabularClasses(100);
        Network network = Classifier(data, 4);
        var run = new TrainingRun(network, network.Scale(data), null, new NumpyRandom(4),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.01, BatchSize = 16, WeightDecay = 1e-3 });
        long[] allocated = AllocationsPerWindow(() => { run.ComputeGradients(); run.TryStep(); });

        Assert.Contains(0, allocated);
    }

    // Bytes this thread allocated in each of 20 windows of 100 calls. A window can catch the runtime itself compiling a
    // method at a higher tier (seen twice in a dozen full runs of the suite, a few kB each time); code that
    // allocates per call allocates in every window, so a window of 0 is the steady state, and none is a failure.
    private static long[] AllocationsPerWindow(Action call)
    {
        var allocated = new long[20];
        for (int w = 0; w < allocated.Length; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) call();
            allocated[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        return allocated;
    }

    [Fact]
    public void Predict_OneSample_MatchesTheBatchAndAllocatesNothing()
    {
        DataSet data = TabularClasses(20);
        Network network = Classifier(data, 6);
        Matrix batch = network.Predict(data.Inputs);
        var input = new double[8];
        var output = new double[3];
        var single = new Matrix(3, data.Count);
        void PredictEach()
        {
            for (int s = 0; s < data.Count; s++)
            {
                for (int i = 0; i < 8; i++) input[i] = data.Inputs[i, s];
                network.Predict(input, output);
                for (int k = 0; k < 3; k++) single[k, s] = output[k];
            }
        }
        Assert.Contains(0, AllocationsPerWindow(PredictEach));
        Support.Assertions.Close(batch, single, 1e-14, "one sample at a time");
    }

    [Fact]
    public void Initialization_GlorotAndHe_DrawWithTheirScalesAndZeroBiases()
    {
        Network glorot = Network.CreateRandom([300, 200, 1], new NumpyRandom(1), new NetworkOptions { Initialization = Initialization.Glorot });
        Network he = Network.CreateRandom([300, 200, 1], new NumpyRandom(1), new NetworkOptions { Initialization = Initialization.He });

        // Glorot: uniform on ±√(6/(300 + 200)) = ±0.1095…, whose std is limit/√3; He: std √(2/300).
        double limit = Math.Sqrt(6.0 / 500);
        double[] w = glorot.Layers[0].Weights.AsSpan().ToArray();
        Assert.True(w.All(v => Math.Abs(v) <= limit));
        Assert.InRange(StandardDeviation(w), 0.99 * limit / Math.Sqrt(3), 1.01 * limit / Math.Sqrt(3));
        Assert.InRange(StandardDeviation(he.Layers[0].Weights.AsSpan().ToArray()), 0.99 * Math.Sqrt(2.0 / 300), 1.01 * Math.Sqrt(2.0 / 300));
        Assert.All(glorot.Layers.Concat(he.Layers), layer => Assert.All(layer.Biases, b => Assert.Equal(0, b)));
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
