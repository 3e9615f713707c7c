namespace Backprop;

/// <summary>
/// Training a step at a time, for a caller that plays, pauses and watches (the playground): the same steps, in the
/// same order and with the same random draws, as <see cref="Trainer.Train"/>, so n steps here leave the weights that
/// <c>Trainer.Train</c> with n iterations leaves.
/// </summary>
/// <remarks>
/// A step whose cost or weights would not be finite is not taken: the network keeps its last finite weights and
/// <see cref="StopReason"/> says why; later calls to <see cref="Step"/> do nothing. Not thread-safe: one thread steps.
/// </remarks>
public sealed class SteppedTraining
{
    private readonly Network _network;
    private readonly TrainingRun _run;

    /// <summary>Start training <paramref name="network"/> (changed in place) on <paramref name="data"/>.</summary>
    /// <param name="network">The network; its input scaling, if any, is applied to the data.</param>
    /// <param name="data">The training data, whose sizes must fit the network.</param>
    /// <param name="random">The generator for the noise factors and the batch order.</param>
    /// <param name="options">Optimizer, learning rate, batch size and the rest; the iteration count is not used.</param>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SteppedTraining(Network network, DataSet data, NumpyRandom random, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        network.CheckData(data);
        options.Validate();
        _network = network;
        _run = new TrainingRun(network, network.Scale(data), null, random, options);
    }

    /// <summary>How many steps have been taken.</summary>
    public int Iteration { get; private set; }

    /// <summary>Why training stopped (a cost or step that would not be finite), or null while it can go on.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Take up to <paramref name="count"/> steps; return how many were taken (fewer only when training stopped).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public int Step(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int taken = 0;
        while (taken < count && StopReason is null)
        {
            double cost = _run.ComputeGradients();
            if (!double.IsFinite(cost)) StopReason = TrainingRun.CostNotFinite(cost, Iteration);
            else if (!_run.TryStep()) StopReason = _run.StepNotFinite(Iteration + 1);
            else
            {
                Iteration++;
                taken++;
            }
        }
        return taken;
    }

    /// <summary>
    /// Go on from the next step with <paramref name="options"/>' optimizer, learning rate, weight decay and batch size,
    /// keeping the weights, the iteration count and the random draws' sequence: the same kind of optimizer keeps what it
    /// has gathered (Adam's moments, momentum's velocity) and takes its new settings, as PyTorch's param_groups do;
    /// another kind starts afresh; a new batch size starts a new epoch.
    /// </summary>
    /// <returns>Whether the optimizer started afresh (another kind).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public bool Change(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return _run.Retune(options);
    }

    /// <summary>
    /// The whole training set's cost at the current weights, and a⁽ᴸ⁾ (n_L × N), valid until the next call; the next
    /// step is unaffected.
    /// </summary>
    public (double Cost, Matrix Outputs) Evaluate()
    {
        double cost = _run.ComputeTrainingCost();
        return (cost, _run.Outputs);
    }

    /// <summary>The network being trained.</summary>
    public Network Network => _network;
}
