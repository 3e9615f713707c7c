namespace Backprop.Tests;

/// <summary>
/// The tuner: folds that hold each sample out once (keeping the classes' shares), successive halving's rungs, draws
/// within the space, scores that are the held-out accuracy of the trial's own training, results independent of the
/// number of threads, and a diverging trial as a row of the leaderboard.
/// </summary>
public class TunerTests
{
    // Three classes of 10, 20 and 30 samples in two well-separated blobs per class; input 2 is noise.
    private static (DataSet Data, string[] Classes) Blobs(int scale = 1)
    {
        var random = new NumpyRandom(4);
        int[] counts = [10 * scale, 20 * scale, 30 * scale];
        int n = counts.Sum();
        var x = new Matrix(2, n);
        var y = new Matrix(3, n);
        int s = 0;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < counts[c]; i++, s++)
            {
                x[0, s] = 2.0 * c + 0.3 * random.NextGaussian();
                x[1, s] = random.NextGaussian();
                y[c, s] = 1;
            }
        return (new DataSet(x, y), ["a", "b", "c"]);
    }

    [Fact]
    public void Folds_HoldEverySampleOutOnce_AndKeepEachClassesShareToWithinOne()
    {
        (DataSet data, _) = Blobs();

        IReadOnlyList<(DataSet Training, DataSet HeldOut)> folds = data.Folds(4, new NumpyRandom(1), stratify: true);

        Assert.Equal(4, folds.Count);
        // Each sample (told apart by its inputs) is held out in exactly one fold, and trained on in the others
        var heldOut = folds.SelectMany(f => Enumerable.Range(0, f.HeldOut.Count).Select(s => (f.HeldOut.Inputs[0, s], f.HeldOut.Inputs[1, s]))).ToList();
        Assert.Equal(60, heldOut.Count);
        Assert.Equal(60, heldOut.Distinct().Count());
        Assert.All(folds, f => Assert.Equal(60, f.Training.Count + f.HeldOut.Count));
        // 10, 20 and 30 samples over 4 folds: 2 or 3, 5, and 7 or 8 of each class in each fold
        foreach ((_, DataSet held) in folds)
        {
            int[] perClass = [.. Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, held.Count).Count(s => held.Targets[c, s] == 1))];
            Assert.InRange(perClass[0], 2, 3);
            Assert.Equal(5, perClass[1]);
            Assert.InRange(perClass[2], 7, 8);
        }
    }

    [Theory]
    [InlineData(27, 3, 200, new[] { 7, 22, 67, 200 })]   // 27 → 9 → 3 → 1 trials; 200/27, 200/9, 200/3 rounded
    [InlineData(10, 3, 90, new[] { 3, 10, 30, 90 })]     // 10 → 4 → 2 → 1
    [InlineData(1, 3, 50, new[] { 50 })]                 // one trial: one rung at full length
    [InlineData(4, 2, 8, new[] { 2, 4, 8 })]             // 4 → 2 → 1, halving by 2
    public void RungEpochs_AreTheFullEpochsDividedByTheReductionPerRungLeft(int trials, int reduction, int maxEpochs, int[] expected) =>
        Assert.Equal(expected, Tuner.RungEpochs(trials, reduction, maxEpochs));

    [Fact]
    public void Space_ParsesWhatItWrites_AndNamesWhatItCannotRead()
    {
        SearchSpace space = SearchSpace.Parse("layers=1,3; width=8; activation=tanh; optimizer=momentum,adam; learning-rate=0.001..0.1; weight-decay=0; batch-size=16,32");

        Assert.Equal([1, 3], space.Layers);
        Assert.Equal([8], space.Widths);
        Assert.Equal([Activation.Tanh], space.Activations);
        Assert.Equal(["momentum", "adam"], space.Optimizers.Select(o => o.Name));
        Assert.Equal(new ValueRange(0.001, 0.1), space.LearningRate);
        Assert.Equal(new ValueRange(0, 0), space.WeightDecay);
        Assert.Equal(space, SearchSpace.Parse(space.ToString()) with { Optimizers = space.Optimizers, Layers = space.Layers, Widths = space.Widths, Activations = space.Activations, BatchSizes = space.BatchSizes });
        Assert.Equal(space.ToString(), SearchSpace.Parse(space.ToString()).ToString());
        Assert.Contains("\"depth\" is not a setting to search", Assert.Throws<FormatException>(() => SearchSpace.Parse("depth=2")).Message);
        Assert.Contains("activation: \"softmax\" is not one of", Assert.Throws<FormatException>(() => SearchSpace.Parse("activation=softmax")).Message);
        Assert.Contains("runs from a larger number to a smaller one", Assert.Throws<FormatException>(() => SearchSpace.Parse("learning-rate=0.1..0.01")).Message);
    }

    [Fact]
    public void Sample_DrawsEverySettingFromTheSpace_LearningRatesOnALogScale()
    {
        var random = new NumpyRandom(2);
        Recipe[] drawn = [.. Enumerable.Range(0, 2000).Select(_ => SearchSpace.Default.Sample(random))];

        Assert.All(drawn, r =>
        {
            Assert.Contains(r.HiddenLayers.Count, SearchSpace.Default.Layers);
            Assert.Single(r.HiddenLayers.Distinct());
            Assert.Contains(r.HiddenLayers[0], SearchSpace.Default.Widths);
            Assert.Contains(r.BatchSize, SearchSpace.Default.BatchSizes);
            ValueRange rates = SearchSpace.LearningRates(r.Optimizer);
            Assert.InRange(r.LearningRate, rates.Low, rates.High);
            Assert.InRange(r.WeightDecay, 1e-6, 1e-3);
            Assert.Equal(0, r.ValidationFraction);
        });
        // Log scale: Adam's rates from 10⁻⁴ to 10⁻² fall below 10⁻³ half the time (uniformly, a tenth of the time)
        double below = drawn.Where(r => r.Optimizer is Adam).Average(r => r.LearningRate < 1e-3 ? 1.0 : 0.0);
        Assert.InRange(below, 0.45, 0.55);
        Assert.All(SearchSpace.Default.Widths, w => Assert.Contains(drawn, r => r.HiddenLayers[0] == w));
    }

    private static TuningOptions Small(int threads) => new()
    {
        Trials = 9, Folds = 3, MaxEpochs = 27, Threads = threads, Seed = 5,
        Space = SearchSpace.Parse("width=4,8; batch-size=16,64"),
    };

    [Fact]
    public void Search_HalvesTheTrialsRungByRung_AndIsTheSameForAnyNumberOfThreads()
    {
        (DataSet data, string[] classes) = Blobs();

        TuningResult one = Tuner.Search(data, classes, Small(threads: 1));
        TuningResult three = Tuner.Search(data, classes, Small(threads: 3));

        // 9 trials at 3 epochs, the best 3 at 9, the best at 27: 6 rows end at rung 1, 2 at rung 2, 1 at rung 3
        Assert.Equal(9, one.Leaderboard.Count);
        Assert.Equal([3, 2, 2, 1, 1, 1, 1, 1, 1], one.Leaderboard.Select(t => t.Rung));
        Assert.Equal([27, 9, 9, 3, 3, 3, 3, 3, 3], one.Leaderboard.Select(t => t.Recipe.Epochs!.Value));
        Assert.Equal("accuracy", one.Metric);
        Assert.False(one.Stopped);
        // The better of two trials is the one with the higher mean, within a rung
        Assert.True(one.Leaderboard[1].Mean >= one.Leaderboard[2].Mean);
        // Everything but the time is the same with three threads
        Assert.Equal(one.Leaderboard.Select(Described), three.Leaderboard.Select(Described));
    }

    // A trial in words and numbers, all but its time.
    private static string Described(TrialResult t) =>
        $"{t.Trial} {t.Rung} {string.Join(',', t.Recipe.HiddenLayers)} {t.Recipe.HiddenActivation} {t.Recipe.Optimizer} {t.Recipe.LearningRate:R} {t.Recipe.WeightDecay:R} "
        + $"{t.Recipe.BatchSize} {t.Recipe.Epochs} [{string.Join(' ', t.FoldScores.Select(f => f.ToString("R")))}] {t.Mean:R} {t.StandardDeviation:R} {t.Outcome}";

    [Fact]
    public void Search_ScoresATrialByTheHeldOutAccuracyOfItsOwnTrainingOnEachFold()
    {
        (DataSet data, string[] classes) = Blobs();
        TuningOptions options = Small(threads: 2);

        TrialResult best = Tuner.Search(data, classes, options).Best!;

        // The same recipe trained on each fold's training rows, scored on its held-out rows, by the public API
        var folds = data.Folds(3, new NumpyRandom(options.Seed), stratify: true);
        double[] expected = [.. folds.Select(f => Evaluation.Of(best.Recipe.Train(f.Training, classes, options.Seed).Network, f.HeldOut).Accuracy!.Value)];
        Assert.Equal(expected, best.FoldScores);
        Assert.Equal(expected.Average(), best.Mean, 1e-15);
        Assert.True(best.Mean > 0.9, $"the blobs are easy: {best.Mean}");
    }

    [Fact]
    public void Search_WhereEveryTrialDiverges_KeepsThemAsRows_AndHasNoBest()
    {
        (DataSet data, string[] classes) = Blobs();

        // A step of 10³⁰⁰ overflows the weights at once: every training diverges, none goes past the first rung
        TuningResult result = Tuner.Search(data, classes, Small(threads: 2) with { Space = SearchSpace.Parse("optimizer=momentum,adam; learning-rate=1e300") });

        Assert.Equal(9, result.Leaderboard.Count);
        Assert.All(result.Leaderboard, t => Assert.Equal(("diverged", 1, true), (t.Outcome, t.Rung, double.IsNaN(t.Mean))));
        Assert.Null(result.Best);
    }

    [Fact]
    public void Search_Cancelled_KeepsTheTrialsItFinished()
    {
        (DataSet data, string[] classes) = Blobs(scale: 4);
        using var cancel = new CancellationTokenSource();
        int trainings = 0;

        TuningResult result = Tuner.Search(data, classes, Small(threads: 1) with { Trials = 27, MaxEpochs = 27 },
            p => { if (Interlocked.Increment(ref trainings) == 30) cancel.Cancel(); }, cancel.Token);

        // 27 trials of 3 folds at the first rung are 81 trainings; the tenth trial's last fold came and the search stopped
        Assert.True(result.Stopped && result.Cancelled);
        Assert.Equal(10, result.Leaderboard.Count);
        Assert.All(result.Leaderboard, t => Assert.Equal(1, t.Rung));
    }
}
