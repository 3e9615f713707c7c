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
/// A completed run that did not learn says so (<see cref="TrainingOutcome.Stalled"/>). The network is changed in place;
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

        var run = new TrainingRun(network, network.Scale(data), validation is null ? null : network.Scale(validation), random, options);
        var early = options.Patience is int patience ? new EarlyStopping(network, patience) : null;
        var costs = new double[options.Iterations + 1];
        var evaluations = new List<TrainingEvaluation>();
        for (int i = 0; ; i++)
        {
            // Cancellation is honoured only at a snapshot, so a cancelled run always reports its last state.
            bool last = i == options.Iterations;
            bool snapshotDue = last || i % options.SnapshotEvery == 0 || cancellationToken.IsCancellationRequested;
            double cost = costs[i] = run.UsesBatches && last ? run.ComputeTrainingCost() : run.ComputeGradients(captureOutputs: snapshotDue);
            if (!double.IsFinite(cost))
                return Stop(costs, i, TrainingOutcome.Diverged, TrainingRun.CostNotFinite(cost, i), evaluations);
            if (snapshotDue)
            {
                double trainingCost = run.UsesBatches && !last ? run.ComputeTrainingCost() : cost;
                (double? validationCost, double? accuracy) = run.Validate();
                evaluations.Add(new TrainingEvaluation(i, trainingCost, validationCost, accuracy));
                onSnapshot?.Invoke(new TrainingSnapshot(i, trainingCost, run.Outputs) { ValidationCost = validationCost, ValidationAccuracy = accuracy });
                if (early is not null && early.ShouldStop(network, i, trainingCost, validationCost!.Value))
                {
                    early.RestoreBest(network);
                    return early.BestTrainingCost < evaluations[0].Cost
                        ? Stop(costs, i, TrainingOutcome.EarlyStopped,
                            $"the validation cost has not improved for {early.Patience} snapshots; kept the weights of iteration {early.BestIteration}",
                            evaluations, early.BestTrainingCost, early.BestIteration)
                        : Stop(costs, i, TrainingOutcome.Stalled,
                            $"the validation cost was lowest before any step, so the starting weights were kept: {LikelyCauses}",
                            evaluations, early.BestTrainingCost, early.BestIteration);
                }
            }
            if (last) return Finish(network, run, costs, evaluations, early);
            if (snapshotDue && cancellationToken.IsCancellationRequested)   // the whole set's cost, not the last batch's
                return Stop(costs, i, TrainingOutcome.Cancelled, $"cancelled after {i} iterations", evaluations, evaluations[^1].Cost);
            if (!run.TryStep())
                return Stop(costs, i, TrainingOutcome.Diverged, run.StepNotFinite(i + 1), evaluations);
        }
    }

    private static TrainingResult Stop(double[] costs, int iterations, TrainingOutcome outcome, string reason,
        List<TrainingEvaluation> evaluations, double? finalCost = null, int? keptIteration = null) =>
        new(iterations, costs[..(iterations + 1)], outcome, reason, finalCost, evaluations, keptIteration);

    private const string LikelyCauses = "the learning rate may be too large or too small, or the inputs may need scaling (standardize)";

    // Completed, unless the network did not learn: then stalled, with the likely cause. With early stopping, the best
    // snapshot's weights are kept, as after an early stop.
    private static TrainingResult Finish(Network network, TrainingRun run, double[] costs, List<TrainingEvaluation> evaluations, EarlyStopping? early)
    {
        int iterations = costs.Length - 1;
        double first = evaluations[0].Cost, final = costs[^1];
        int? kept = null;
        if (early is not null && early.BestIteration != iterations)
        {
            early.RestoreBest(network);
            (final, kept) = (early.BestTrainingCost, early.BestIteration);
        }
        string? stall = null;
        if (iterations > 0 && !(final < first))
            stall = $"the training cost ended at {PlainNumber.Format(final, "G4")}, no lower than the {PlainNumber.Format(first, "G4")} it began at: {LikelyCauses}";
        else if (iterations > 0 && kept is null && run.OutputsSaturatedWrongly())
            stall = $"every output is saturated, some at the wrong extreme: {LikelyCauses}";
        return new TrainingResult(iterations, costs, stall is null ? TrainingOutcome.Completed : TrainingOutcome.Stalled, stall, final, evaluations, kept);
    }
}
