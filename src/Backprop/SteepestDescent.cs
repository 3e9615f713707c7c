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
/// </remarks>
public static class SteepestDescent
{
    /// <summary>Train <paramref name="network"/> on <paramref name="data"/> in place and return what the run did.</summary>
    /// <param name="network">The network; it keeps its last finite weights whatever happens.</param>
    /// <param name="data">The training data, whose sizes must fit the network.</param>
    /// <param name="random">The generator for the noise factors (unused when the noise is 0).</param>
    /// <param name="options">Iterations, learning rate, noise and snapshot interval.</param>
    /// <param name="onSnapshot">Called before the first step, every <see cref="TrainingOptions.SnapshotEvery"/> steps, and after the last.</param>
    /// <param name="cancellationToken">Stops the run after the step in progress; the result says so.</param>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static TrainingResult Train(Network network, DataSet data, NumpyRandom random, TrainingOptions options,
        Action<TrainingSnapshot>? onSnapshot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        network.CheckData(data);
        options.Validate();

        IReadOnlyList<Layer> layers = network.Layers;
        var pass = new Backpropagation(network.LayerSizes, data.Count);
        var costs = new double[options.Iterations + 1];
        var weightFactors = new double[layers.Count];
        var biasFactors = new double[layers.Count];
        double η = options.LearningRate;

        for (int i = 0; ; i++)
        {
            // Cancellation is honoured only at a snapshot, so a cancelled run always reports its last state.
            bool snapshotDue = i == options.Iterations || i % options.SnapshotEvery == 0 || cancellationToken.IsCancellationRequested;
            double cost = costs[i] = pass.Compute(layers, data, captureOutputs: snapshotDue && onSnapshot is not null);
            if (!double.IsFinite(cost))
                return Stop(costs, i, TrainingOutcome.Diverged, $"the cost became {cost} after {i} iterations");
            if (snapshotDue && onSnapshot is not null) onSnapshot(new TrainingSnapshot(i, cost, pass.Output));
            if (i == options.Iterations) return new TrainingResult(i, costs, TrainingOutcome.Completed, null);
            if (snapshotDue && cancellationToken.IsCancellationRequested)
                return Stop(costs, i, TrainingOutcome.Cancelled, $"cancelled after {i} iterations");

            DrawNoiseFactors(random, options.Noise, weightFactors, biasFactors);
            IReadOnlyList<Layer> J = pass.Gradients.Layers;
            if (!StepStaysFinite(layers, J, weightFactors, biasFactors, η))
                return Stop(costs, i, TrainingOutcome.Diverged,
                    $"iteration {i + 1} would make the weights non-finite (is the learning rate {η} too large?)");
            for (int l = 0; l < layers.Count; l++)
            {
                Step(layers[l].Weights.AsSpan(), J[l].Weights.AsSpan(), weightFactors[l], η);
                Step(layers[l].Biases, J[l].Biases, biasFactors[l], η);
            }
        }
    }

    // One scalar normal draw per Jacobian, in the worksheet's order: J_W⁽¹⁾ … J_W⁽ᴸ⁾, then J_b⁽¹⁾ … J_b⁽ᴸ⁾.
    private static void DrawNoiseFactors(NumpyRandom random, double noise, double[] weightFactors, double[] biasFactors)
    {
        if (noise == 0)
        {
            Array.Fill(weightFactors, 1.0);
            Array.Fill(biasFactors, 1.0);
            return;
        }
        for (int l = 0; l < weightFactors.Length; l++) weightFactors[l] = 1 + random.NextGaussian() * noise;
        for (int l = 0; l < biasFactors.Length; l++) biasFactors[l] = 1 + random.NextGaussian() * noise;
    }

    /// <summary>θ ← θ − (J · f) · η, in the worksheet's order of operations.</summary>
    private static void Step(Span<double> θ, ReadOnlySpan<double> J, double f, double η)
    {
        for (int i = 0; i < θ.Length; i++) θ[i] -= J[i] * f * η;
    }

    private static bool StepStaysFinite(IReadOnlyList<Layer> layers, IReadOnlyList<Layer> J, double[] weightFactors, double[] biasFactors, double η)
    {
        for (int l = 0; l < layers.Count; l++)
            if (!StepStaysFinite(layers[l].Weights.AsSpan(), J[l].Weights.AsSpan(), weightFactors[l], η)
                || !StepStaysFinite(layers[l].Biases, J[l].Biases, biasFactors[l], η))
                return false;
        return true;
    }

    private static bool StepStaysFinite(ReadOnlySpan<double> θ, ReadOnlySpan<double> J, double f, double η)
    {
        for (int i = 0; i < θ.Length; i++)
            if (!double.IsFinite(θ[i] - J[i] * f * η)) return false;
        return true;
    }

    private static TrainingResult Stop(double[] costs, int iterations, TrainingOutcome outcome, string reason) =>
        new(iterations, costs[..(iterations + 1)], outcome, reason);
}
