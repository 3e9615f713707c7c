namespace Backprop;

/// <summary>Settings of a training run, with the defaults of the worksheet's <c>plot_training</c> (steepest descent with noise).</summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// How each step moves the parameters: <see cref="Sgd"/> (the worksheet's steepest descent, the default, with
    /// <c>plot_training</c>'s noise of 1), <see cref="SgdWithMomentum"/>, <see cref="Adam"/>, or any of <see cref="Catalog.Optimizers"/>.
    /// </summary>
    public Optimizer Optimizer { get; init; } = new Sgd { Noise = 1 };

    /// <summary>
    /// Samples per step: each epoch visits the samples in a fresh order from the run's generator (numpy's
    /// <c>RandomState.permutation</c>) in batches of this many, the last one smaller if need be; one iteration is one
    /// batch and one step. Null, or at least N, takes the whole set every step, unshuffled (the worksheet's way).
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>λ: every step adds λθ to each gradient before the optimizer sees it (PyTorch's <c>weight_decay</c>); 0 by default.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Stop when the validation cost has not improved for this many snapshots in a row (<see cref="TrainingOutcome.EarlyStopped"/>),
    /// and whether it stops or not, end with the weights of the snapshot with the lowest validation cost; null never
    /// stops early. Needs validation data.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>The number of steps to take, exactly, each on one batch (the worksheet's loop takes one more than it is given).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>
    /// The step size η (the worksheet's "aggression"): with <see cref="Sgd"/> each step is θ ← θ − η·∂C/∂θ; the other
    /// optimizers scale their own steps by it. 3.5 by default, <c>plot_training</c>'s (the tool takes <see cref="Optimizer.DefaultLearningRate"/>).
    /// </summary>
    public double LearningRate { get; init; } = 3.5;

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
        Catalog.LearningRate.Check(LearningRate);
        ArgumentNullException.ThrowIfNull(Optimizer, nameof(Optimizer));
        Optimizer.Validate();
        if (BatchSize is { } batch && !Catalog.BatchSize.Contains(batch))
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"the batch size must be {Catalog.BatchSize}");
        Catalog.WeightDecay.Check(WeightDecay);
        if (Patience is < 1)
            throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "the patience must be 1 or more snapshots");
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "threads must be 1 or more");
        if (SnapshotEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), SnapshotEvery, "snapshots must come every 1 or more iterations");
    }
}
