namespace Backprop.Tests;

/// <summary>
/// What a run keeps of its history is bounded whatever its length, and keeps what a reader looks for: every cost of a
/// short run; of a long one the first and last, every dip and spike, in order; evaluations evenly spaced.
/// </summary>
public sealed class CostHistoryTests
{
    [Fact]
    public void ShortRun_KeepsEveryCost()
    {
        var history = new CostHistory();
        for (int i = 0; i <= 50_000; i++) history.Add(i, 1.0 / (i + 1));

        Assert.True(history.IsComplete);
        Assert.Equal(50_001, history.Count);
        Assert.All(Enumerable.Range(0, 50_001), i => Assert.Equal(new CostPoint(i, 1.0 / (i + 1)), history[i]));
    }

    [Fact]
    public void LongRun_IsBounded_AndKeepsTheFirstTheLastEveryDipAndSpike()
    {
        // Given a million steps of a slowly falling cost, with one spike and one dip
        const int steps = 1_000_000, spikeAt = 777_777, dipAt = 123_457;
        var history = new CostHistory();
        for (int i = 0; i < steps; i++) history.Add(i, i == spikeAt ? 100 : i == dipAt ? 1e-9 : 1 - i * 1e-7);

        // Then it holds at most two points a span and the last, in order of iteration
        Assert.False(history.IsComplete);
        Assert.Equal(8, history.Stride);   // the least power of two that fits a million steps in 2^17 spans
        Assert.InRange(history.Count, steps / history.Stride, 2 * CostHistory.MaxSpans + 1);
        Assert.True(history.Zip(history.Skip(1)).All(pair => pair.First.Iteration < pair.Second.Iteration), "not in order");
        Assert.Equal(new CostPoint(0, 1), history[0]);
        Assert.Equal(steps - 1, history[^1].Iteration);
        Assert.Contains(new CostPoint(spikeAt, 100), history);
        Assert.Contains(new CostPoint(dipAt, 1e-9), history);
        // Each span's lowest and highest: the falling cost's last and first step in every span of 8
        Assert.Contains(new CostPoint(7, 1 - 7 * 1e-7), history);
        Assert.Contains(new CostPoint(8, 1 - 8 * 1e-7), history);
    }

    [Fact]
    public void ACostThatIsNotANumber_IsKept()
    {
        var history = new CostHistory();
        for (int i = 0; i < 300_000; i++) history.Add(i, i == 200_001 ? double.NaN : 1);

        Assert.Contains(history, point => point.Iteration == 200_001 && double.IsNaN(point.Cost));
    }

    [Fact]
    public void IterationsThatDoNotIncrease_AreRefused()
    {
        var history = new CostHistory();
        history.Add(5, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => history.Add(5, 1));
    }

    [Fact]
    public void EvenlyThinned_KeepsTheFirst_EvenlySpaced_InOrder_AndGivesTheLatest()
    {
        var thinned = new EvenlyThinned<int>(500);
        for (int i = 0; i < 100_001; i++) thinned.Offer(i);

        int[] kept = [.. thinned.Kept];
        Assert.InRange(kept.Length, 250, 500);
        Assert.Equal(0, kept[0]);
        int spacing = kept[1] - kept[0];
        Assert.All(kept.Zip(kept.Skip(1)), pair => Assert.Equal(spacing, pair.Second - pair.First));
        Assert.Equal(100_000, thinned.KeptAndLatest()[^1]);
    }

    [Fact]
    public void Trainer_OfAMillionSnapshots_KeepsABoundedHistory()
    {
        // Given a tiny network trained a million steps with a snapshot at every one
        var random = new NumpyRandom(1);
        Network network = Network.CreateRandom([1, 2, 2], random);
        const int iterations = 1_000_000;

        TrainingResult result = Trainer.Train(network, HeartData.Create(3), random, new TrainingOptions { Iterations = iterations, LearningRate = 1, Optimizer = new Sgd { Noise = 0 }, SnapshotEvery = 1 });

        // Then what it kept is bounded, and keeps the first and last of everything
        Assert.InRange(result.CostHistory.Count, 1, 2 * CostHistory.MaxSpans + 1);
        Assert.InRange(result.Evaluations.Count, 1, Trainer.MaxEvaluations + 1);
        Assert.Equal(0, result.Evaluations[0].Iteration);
        Assert.Equal(iterations, result.Evaluations[^1].Iteration);
        Assert.Equal(iterations, result.CostHistory[^1].Iteration);
        Assert.Equal(result.FinalCost, result.FinalEvaluation!.Value.Cost);
        Assert.Equal(iterations, result.FinalEvaluation.Value.Iteration);
    }
}
