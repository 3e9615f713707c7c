namespace Backprop;

/// <summary>Settings of a steepest-descent run, with the defaults of the worksheet's <c>plot_training</c>.</summary>
public sealed record TrainingOptions
{
    /// <summary>The number of steps to take, exactly (the worksheet's loop takes one more than it is given).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>The step size η (the worksheet's "aggression"): each step is θ ← θ − η·∂C/∂θ.</summary>
    public double LearningRate { get; init; } = 3.5;

    /// <summary>
    /// The gradient noise: each Jacobian is multiplied by its own factor 1 + noise·randn() every step.
    /// With 0 the factor is exactly 1 and no numbers are drawn.
    /// </summary>
    public double Noise { get; init; } = 1.0;

    /// <summary>Report a <see cref="TrainingSnapshot"/> every this many steps (and before the first and after the last).</summary>
    public int SnapshotEvery { get; init; } = 1000;

    /// <summary>
    /// How many threads share each pass over the samples (tiles of 64 samples are split between them). Results are
    /// bit-identical run to run for a given count; different counts add the samples in a different order, so they
    /// differ in the last bits.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Check every setting and name the first one that is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Iterations < 0)
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "iterations must be 0 or more");
        if (!double.IsFinite(LearningRate) || LearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "the learning rate must be a finite number, 0 or more");
        if (!double.IsFinite(Noise) || Noise < 0)
            throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "the noise must be a finite number, 0 or more");
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be 1 or more");
        if (SnapshotEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), SnapshotEvery, "snapshots must come every 1 or more iterations");
    }
}

/// <summary>The state of a training run after <paramref name="Iteration"/> steps.</summary>
/// <param name="Iteration">Steps taken so far: 0 before the first.</param>
/// <param name="Cost">The cost C at the current weights.</param>
/// <param name="Outputs">The network's outputs a⁽ᴸ⁾ (n_L × N) at the current weights: a live buffer, valid during the callback only.</param>
public readonly record struct TrainingSnapshot(int Iteration, double Cost, Matrix Outputs);

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>Every requested step was taken.</summary>
    Completed,

    /// <summary>The cost or the weights stopped being finite; the network keeps the last finite weights.</summary>
    Diverged,

    /// <summary>The run was cancelled; the network keeps the weights of the last completed step.</summary>
    Cancelled,
}

/// <summary>What a training run did: steps taken, the cost along the way, and how it ended.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(int iterations, double[] costHistory, TrainingOutcome outcome, string? stopReason)
    {
        Iterations = iterations;
        CostHistory = costHistory;
        Outcome = outcome;
        StopReason = stopReason;
    }

    /// <summary>The number of steps taken.</summary>
    public int Iterations { get; }

    /// <summary>The cost after 0, 1, …, <see cref="Iterations"/> steps (<see cref="Iterations"/> + 1 values).</summary>
    public IReadOnlyList<double> CostHistory { get; }

    /// <summary>The cost at the network's final weights.</summary>
    public double FinalCost => CostHistory[^1];

    /// <summary>How the run ended.</summary>
    public TrainingOutcome Outcome { get; }

    /// <summary>Why the run stopped early, in one sentence; null when it completed.</summary>
    public string? StopReason { get; }
}
