namespace Backprop;

/// <summary>The state of a training run after <paramref name="Iteration"/> steps.</summary>
/// <param name="Iteration">Steps taken so far: 0 before the first.</param>
/// <param name="Cost">The cost C over the whole training set at the current weights.</param>
/// <param name="Outputs">The network's outputs a⁽ᴸ⁾ (n_L × N) at the current weights: a live buffer, valid during the callback only.</param>
public readonly record struct TrainingSnapshot(int Iteration, double Cost, Matrix Outputs)
{
    /// <summary>The cost over the validation data, when there is some.</summary>
    public double? ValidationCost { get; init; }

    /// <summary>The fraction of validation samples whose largest output is their target's class, for a classifier with validation data.</summary>
    public double? ValidationAccuracy { get; init; }
}

/// <summary>The costs at one snapshot of a run, kept in <see cref="TrainingResult.Evaluations"/> for the cost panel.</summary>
/// <param name="Iteration">Steps taken.</param>
/// <param name="Cost">The cost over the whole training set.</param>
/// <param name="ValidationCost">The cost over the validation data, if any.</param>
/// <param name="ValidationAccuracy">The validation accuracy of a classifier, if any.</param>
public readonly record struct TrainingEvaluation(int Iteration, double Cost, double? ValidationCost, double? ValidationAccuracy);

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>Every requested step was taken.</summary>
    Completed,

    /// <summary>The cost or the weights stopped being finite; the network keeps the last finite weights.</summary>
    Diverged,

    /// <summary>
    /// The run was cancelled; the network keeps the weights of the last completed step. When the cancellation cut a
    /// slow pass short, the final cost and evaluation are those of the last snapshot (NaN and null before the first).
    /// </summary>
    Cancelled,

    /// <summary>The validation cost stopped improving; the network has the weights of the best snapshot.</summary>
    EarlyStopped,

    /// <summary>
    /// Every step was taken, but the network did not learn: the training cost ended no lower than it began, or every
    /// output is saturated with some at the wrong extreme. <see cref="TrainingResult.StopReason"/> names a likely cause.
    /// </summary>
    Stalled,
}

/// <summary>What a training run did: steps taken, the cost along the way, and how it ended.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(int iterations, CostHistory costHistory, TrainingOutcome outcome, string? stopReason,
        double? finalCost, IReadOnlyList<TrainingEvaluation> evaluations, int? keptIteration, TrainingEvaluation? finalEvaluation)
    {
        KeptIteration = keptIteration;
        Iterations = iterations;
        CostHistory = costHistory;
        Outcome = outcome;
        StopReason = stopReason;
        FinalCost = finalCost ?? (costHistory.Count > 0 ? costHistory[^1].Cost : double.NaN);
        Evaluations = evaluations;
        FinalEvaluation = finalEvaluation;
    }

    /// <summary>The number of steps taken.</summary>
    public int Iterations { get; }

    /// <summary>
    /// The cost after 0, 1, …, <see cref="Iterations"/> steps: every one of them for runs of up to
    /// <see cref="Backprop.CostHistory.MaxSpans"/> steps, and for longer ones each span's lowest and highest (see
    /// <see cref="Backprop.CostHistory"/>), so a run's memory does not grow with its length. With mini-batches, the point of
    /// iteration i holds the cost of the batch the next step is taken on, and the last point the whole training set's.
    /// </summary>
    public CostHistory CostHistory { get; }

    /// <summary>The training set's cost at the network's final weights (with early stopping, the best snapshot's).</summary>
    public double FinalCost { get; }

    /// <summary>
    /// With early stopping, the iteration of the best snapshot, whose weights the network was given back when they are
    /// not the last step's; null when the network has the last step's weights.
    /// </summary>
    public int? KeptIteration { get; }

    /// <summary>
    /// The training (and validation) costs at the snapshots: every snapshot while there are at most 4,096, evenly spaced
    /// ones beyond (the spacing doubles each time they fill it), and always the first and the last.
    /// </summary>
    public IReadOnlyList<TrainingEvaluation> Evaluations { get; }

    /// <summary>
    /// The costs at the snapshot whose weights the network has: the one <see cref="KeptIteration"/> names, or else the
    /// last; null when the run stopped before its first snapshot (a cost that was not finite at once).
    /// </summary>
    public TrainingEvaluation? FinalEvaluation { get; }

    /// <summary>How the run ended.</summary>
    public TrainingOutcome Outcome { get; }

    /// <summary>Why the run stopped early or stalled, in one sentence; null when it completed.</summary>
    public string? StopReason { get; }
}
