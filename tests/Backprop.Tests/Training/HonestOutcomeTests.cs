namespace Backprop.Tests;

/// <summary>
/// A run that learned nothing from its inputs ends stalled, whatever its cost did on the way: a classifier that learned
/// only the class frequencies, a regression no better than the targets' mean. The costs of those constant predictions
/// are computed here by hand (the entropy of the frequencies, the variance of the targets).
/// </summary>
public sealed class HonestOutcomeTests
{
    // Inputs that are all zero carry nothing: the network can learn its biases, so at best the constant prediction.
    private static Matrix Uninformative(int samples) => new(2, samples);

    [Fact]
    public void Classifier_ThatLearnsOnlyTheClassFrequencies_IsStalled_NamingTheirEntropy()
    {
        // Given 10 samples of three classes, 5, 3 and 2 of them, and inputs that say nothing
        var y = new Matrix(3, 10);
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
        for (int s = 0; s < labels.Length; s++) y[labels[s], s] = 1;
        var data = new DataSet(Uninformative(10), y);
        var network = Network.CreateRandom([2, 4, 3], new NumpyRandom(1), new NetworkOptions { HiddenActivation = Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy });
        double entropy = -(0.5 * Math.Log(0.5) + 0.3 * Math.Log(0.3) + 0.2 * Math.Log(0.2));   // 1.0297

        // When it trains long enough to find the frequencies
        TrainingResult result = Trainer.Train(network, data, new NumpyRandom(1),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.05, Iterations = 2000, SnapshotEvery = 100 });

        // Then its cost fell (so "no lower than it began" does not catch it), to the entropy: stalled, saying why
        Assert.True(result.FinalCost < result.Evaluations[0].Cost);
        Assert.Equal(entropy, result.FinalCost, 3);
        Assert.Equal(TrainingOutcome.Stalled, result.Outcome);
        Assert.Contains("predicting the class frequencies for every sample (their entropy, 1.03)", result.StopReason);
    }

    [Fact]
    public void Regression_NoBetterThanTheMean_IsStalled_NamingTheVariance()
    {
        // Given targets 1, 2, …, 8 (mean 4.5, variance 5.25) and inputs that say nothing
        var y = new Matrix(1, 8);
        for (int s = 0; s < 8; s++) y[0, s] = s + 1;
        var data = new DataSet(Uninformative(8), y);
        var network = Network.CreateRandom([2, 4, 1], new NumpyRandom(1), new NetworkOptions { HiddenActivation = Activation.Tanh, OutputActivation = Activation.Identity });

        TrainingResult result = Trainer.Train(network, data, new NumpyRandom(1),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.05, Iterations = 3000, SnapshotEvery = 100 });

        Assert.Equal(5.25, result.FinalCost, 3);
        Assert.Equal(TrainingOutcome.Stalled, result.Outcome);
        Assert.Contains("is that of predicting the targets' mean for every sample (their variance, 5.25)", result.StopReason);
    }

    [Fact]
    public void Classifier_ThatLearnsFromItsInputs_Completes()
    {
        // Given the same labels, now told apart by the first input
        var x = new Matrix(2, 10);
        var y = new Matrix(3, 10);
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
        for (int s = 0; s < labels.Length; s++) (y[labels[s], s], x[0, s]) = (1, labels[s] - 1);
        var network = Network.CreateRandom([2, 4, 3], new NumpyRandom(1), new NetworkOptions { HiddenActivation = Activation.Tanh, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy });

        TrainingResult result = Trainer.Train(network, new DataSet(x, y), new NumpyRandom(1),
            new TrainingOptions { Optimizer = new Adam(), LearningRate = 0.05, Iterations = 2000, SnapshotEvery = 100 });

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.FinalCost < 0.1, $"cost {result.FinalCost}");
    }
}
