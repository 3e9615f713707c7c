using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// Trains a network: one loop for every optimizer, loss and batch size. Each iteration computes the cost and every
/// Jacobian on a batch (the whole set by default), adds weight decay, and lets the optimizer take a step.
/// </summary>
/// <remarks>
/// Snapshots come before the first step, every <see cref="TrainingOptions.SnapshotEvery"/> steps and after the last; each
/// reports the whole training set's cost and, with validation data, the validation cost (and accuracy for a network
/// with <see cref="Network.Classes"/>), on which early stopping decides. A run whose cost stops being finite, or whose
/// next step would make a weight non-finite, stops with the last finite weights (<see cref="TrainingOutcome.Diverged"/>).
/// A completed run that did not learn says so (<see cref="TrainingOutcome.Stalled"/>): its cost no lower than it began,
/// or no lower than the best constant prediction's (a classifier that learned only the class frequencies, a regression
/// no better than the targets' mean). The network is changed in place;
/// buffers are made once per run, and a step allocates nothing.
/// </remarks>
public static class Trainer
{
    /// <summary>Train <paramref name="network"/> on <paramref name="data"/> in place and return what the run did.</summary>
    /// <param name="network">The network; it keeps its last finite weights whatever happens. Its input scaling, if any, is applied to the data.</param>
    /// <param name="data">The training data, whose sizes must fit the network.</param>
    /// <param name="random">The generator for the noise factors and the batch order (unused by full-batch runs without noise).</param>
    /// <param name="options">Optimizer, learning rate, iterations, batch size and the rest.</param>
    /// <param name="validation">Held-out data for the validation cost and early stopping, or null.</param>
    /// <param name="onSnapshot">Called at every snapshot.</param>
    /// <param name="cancellationToken">Stops the run at the next snapshot-free moment; the result says so.</param>
    /// <exception cref="ArgumentException">The data does not fit the network, or patience is set without validation data.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TrainingResult Train(Network network, DataSet data, NumpyRandom random, TrainingOptions options, DataSet? validation = null,
        Action<TrainingSnapshot>? onSnapshot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        network.CheckData(data);
        if (validation is not null) network.CheckData(validation);
        options.Validate();
        if (options.Patience is not null && validation is null)
            throw new ArgumentException("early stopping (patience) needs validation data", nameof(validation));

        // A pass still running a second after the run was asked to stop is cut short: one pass of a large network can
        // take minutes. Faster runs stop at their next snapshot, as below.
        using var cutShort = new CancellationTokenSource();
        using CancellationTokenRegistration stopping = cancellationToken.Register(() => cutShort.CancelAfter(PassGrace));
        var run = new TrainingRun(network, network.Scale(data), validation is null ? null : network.Scale(validation), random, options, cutShort.Token);
        var early = options.Patience is int patience ? new EarlyStopping(network, patience) : null;
        // What the run keeps is bounded whatever its length: the costs as a CostHistory, the snapshots' evaluations thinned.
        var costs = new CostHistory();
        var evaluations = new EvenlyThinned<TrainingEvaluation>(MaxEvaluations);
        int i = 0;
        try
        {
            return Run();
        }
        catch (OperationCanceledException) when (cutShort.IsCancellationRequested)
        {
            // The network has the weights of the last step taken (i of them); its costs are the last snapshot's.
            return Stop(costs, i, TrainingOutcome.Cancelled, $"cancelled during iteration {i + 1}", evaluations,
                evaluations.Kept.Count > 0 ? evaluations.Latest : null, kept: false);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        TrainingResult Run()
        {
            for (; ; i++)
            {
                // Cancellation is honoured at a snapshot, so a cancelled run reports its last state (unless a pass is cut short).
                bool last = i == options.Iterations;
                bool snapshotDue = last || i % options.SnapshotEvery == 0 || cancellationToken.IsCancellationRequested;
                double cost = run.UsesBatches && last ? run.ComputeTrainingCost() : run.ComputeGradients(captureOutputs: snapshotDue);
                costs.Add(i, cost);
                if (!double.IsFinite(cost))
                    return Stop(costs, i, TrainingOutcome.Diverged, TrainingRun.CostNotFinite(cost, i), evaluations);
                if (snapshotDue)
                {
                    double trainingCost = run.UsesBatches && !last ? run.ComputeTrainingCost() : cost;
                    (double? validationCost, double? accuracy) = run.Validate();
                    var evaluation = new TrainingEvaluation(i, trainingCost, validationCost, accuracy);
                    evaluations.Offer(evaluation);
                    onSnapshot?.Invoke(new TrainingSnapshot(i, trainingCost, run.Outputs) { ValidationCost = validationCost, ValidationAccuracy = accuracy });
                    if (early is not null && early.ShouldStop(network, evaluation))
                    {
                        early.RestoreBest(network);
                        if (early.BestTrainingCost < evaluations.Kept[0].Cost && run.NoBetterThanAConstant(early.BestTrainingCost) is { } constant)
                            return Stop(costs, i, TrainingOutcome.Stalled, $"{constant}: {LikelyCauses}", evaluations, early.Best);
                        return early.BestTrainingCost < evaluations.Kept[0].Cost
                            ? Stop(costs, i, TrainingOutcome.EarlyStopped,
                                $"the validation cost has not improved for {early.Patience} snapshots; kept the weights of iteration {early.BestIteration}",
                                evaluations, early.Best)
                            : Stop(costs, i, TrainingOutcome.Stalled,
                                $"the validation cost was lowest before any step, so the starting weights were kept: {LikelyCauses}",
                                evaluations, early.Best);
                    }
                }
                if (last) return Finish(network, run, costs, evaluations, early);
                if (snapshotDue && cancellationToken.IsCancellationRequested)   // the whole set's cost, not the last batch's
                    return Stop(costs, i, TrainingOutcome.Cancelled, $"cancelled after {i} iterations", evaluations, evaluations.Latest, kept: false);
                if (!run.TryStep())
                    return Stop(costs, i, TrainingOutcome.Diverged, run.StepNotFinite(i + 1), evaluations);
            }
        }
    }

    /// <summary>How long a pass may go on after the run was asked to stop before it is cut short.</summary>
    internal static readonly TimeSpan PassGrace = TimeSpan.FromSeconds(1);

    /// <summary>The most snapshot evaluations a result keeps (evenly spaced, and the last): more than a figure can show.</summary>
    internal const int MaxEvaluations = 4_096;

    // A run that stops before its last step; the network has the weights of final (with kept, those of an earlier
    // snapshot, given back to it), or when final is null, of its last step.
    private static TrainingResult Stop(CostHistory costs, int iterations, TrainingOutcome outcome, string reason,
        EvenlyThinned<TrainingEvaluation> evaluations, TrainingEvaluation? final = null, bool kept = true) =>
        new(iterations, costs, outcome, reason, final?.Cost, evaluations.KeptAndLatest(), final is { } f && kept ? f.Iteration : null,
            final ?? (evaluations.Kept.Count > 0 ? evaluations.Latest : null));

    private const string LikelyCauses = "the learning rate may be too large or too small, or the inputs may need scaling (standardize)";

    // Completed, unless the network did not learn: then stalled, with the likely cause. With early stopping, the best
    // snapshot's weights are kept, as after an early stop.
    private static TrainingResult Finish(Network network, TrainingRun run, CostHistory costs, EvenlyThinned<TrainingEvaluation> evaluations, EarlyStopping? early)
    {
        int iterations = costs[^1].Iteration;
        double first = evaluations.Kept[0].Cost, final = costs[^1].Cost;
        int? kept = null;
        TrainingEvaluation finalEvaluation = evaluations.Latest;
        if (early is not null && early.BestIteration != iterations)
        {
            early.RestoreBest(network);
            (final, kept, finalEvaluation) = (early.BestTrainingCost, early.BestIteration, early.Best);
        }
        string? stall = null;
        if (iterations > 0 && !(final < first))
            stall = $"the training cost ended at {PlainNumber.Format(final, "G4")}, no lower than the {PlainNumber.Format(first, "G4")} it began at: {LikelyCauses}";
        else if (iterations > 0 && kept is null && run.OutputsSaturatedWrongly())
            stall = $"every output is saturated, some at the wrong extreme: {LikelyCauses}";
        else if (iterations > 0 && run.NoBetterThanAConstant(final) is { } constant)
            stall = $"{constant}: {LikelyCauses}";
        return new TrainingResult(iterations, costs, stall is null ? TrainingOutcome.Completed : TrainingOutcome.Stalled, stall, final, evaluations.KeptAndLatest(), kept, finalEvaluation);
    }
}
