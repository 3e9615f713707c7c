namespace Backprop;

/// <summary>
/// Trains a network by steepest descent, as the worksheet's helper module does: every step computes all
/// Jacobians at the current weights, scales each by its own noise factor, and moves every parameter
/// against its Jacobian.
/// </summary>
/// <remarks>
/// Step: W⁽ⁿ⁾ ← W⁽ⁿ⁾ − (J_W⁽ⁿ⁾ · f) · η and b⁽ⁿ⁾ ← b⁽ⁿ⁾ − (J_b⁽ⁿ⁾ · f) · η, where each Jacobian has its own
/// f = 1 + noise · randn(), drawn in the order J_W⁽¹⁾ … J_W⁽ᴸ⁾, J_b⁽¹⁾ … J_b⁽ᴸ⁾. Drawing from the generator that
/// initialised the network reproduces the worksheet's run draw for draw. Training again continues from the
/// current weights. The network is changed in place; buffers are made once per run, not per step.
/// This is <see cref="Trainer.Train"/> without validation data, the worksheet's front door to it, so a run that does not
/// learn (a learning rate of 0, or far too large) ends <see cref="TrainingOutcome.Stalled"/>; its optimizer is the
/// options' (by default <see cref="Sgd"/> with <c>plot_training</c>'s noise of 1).
/// </remarks>
public static class SteepestDescent
{
    /// <summary>Train <paramref name="network"/> on <paramref name="data"/> in place and return what the run did.</summary>
    /// <param name="network">The network; it keeps its last finite weights whatever happens.</param>
    /// <param name="data">The training data, whose sizes must fit the network.</param>
    /// <param name="random">The generator for the noise factors (unused when the noise is 0).</param>
    /// <param name="options">Iterations, learning rate, the optimizer (<see cref="Sgd"/> and its noise) and snapshot interval.</param>
    /// <param name="onSnapshot">Called before the first step, every <see cref="TrainingOptions.SnapshotEvery"/> steps, and after the last.</param>
    /// <param name="cancellationToken">Stops the run at the next snapshot-free moment; the result says so.</param>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static TrainingResult Train(Network network, DataSet data, NumpyRandom random, TrainingOptions options,
        Action<TrainingSnapshot>? onSnapshot = null, CancellationToken cancellationToken = default)
    {
        return Trainer.Train(network, data, random, options, validation: null, onSnapshot, cancellationToken);
    }
}
