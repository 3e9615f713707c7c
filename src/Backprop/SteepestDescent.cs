using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    /// <param name="cancellationToken">Stops the run at the next snapshot-free moment; the result says so.</param>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TrainingResult Train(Network network, DataSet data, NumpyRandom random, TrainingOptions options,
        Action<TrainingSnapshot>? onSnapshot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        network.CheckData(data);
        options.Validate();

        var run = new Run(network, data, random, options);
        var costs = new double[options.Iterations + 1];
        for (int i = 0; ; i++)
        {
            // Cancellation is honoured only at a snapshot, so a cancelled run always reports its last state.
            bool snapshotDue = i == options.Iterations || i % options.SnapshotEvery == 0 || cancellationToken.IsCancellationRequested;
            double cost = costs[i] = run.ComputeGradients(captureOutputs: snapshotDue && onSnapshot is not null);
            if (!double.IsFinite(cost))
                return Stop(costs, i, TrainingOutcome.Diverged, $"the cost became {cost} after {i} iterations");
            if (snapshotDue && onSnapshot is not null) onSnapshot(new TrainingSnapshot(i, cost, run.Outputs));
            if (i == options.Iterations) return new TrainingResult(i, costs, TrainingOutcome.Completed, null);
            if (snapshotDue && cancellationToken.IsCancellationRequested)
                return Stop(costs, i, TrainingOutcome.Cancelled, $"cancelled after {i} iterations");
            if (!run.TryStep())
                return Stop(costs, i, TrainingOutcome.Diverged,
                    $"iteration {i + 1} would make the weights non-finite (is the learning rate {options.LearningRate} too large?)");
        }
    }

    private static TrainingResult Stop(double[] costs, int iterations, TrainingOutcome outcome, string reason) =>
        new(iterations, costs[..(iterations + 1)], outcome, reason);

    /// <summary>One training run's state: the network, its buffers and its noise factors. Steps allocate nothing.</summary>
    internal sealed class Run(Network network, DataSet data, NumpyRandom random, TrainingOptions options)
    {
        private readonly Backpropagation _pass = new(network.LayerSizes, data.Count, options.Threads);
        private readonly double _learningRate = options.LearningRate, _noise = options.Noise;
        private readonly double[] _weightFactors = new double[network.Layers.Count];
        private readonly double[] _biasFactors = new double[network.Layers.Count];

        /// <summary>a⁽ᴸ⁾ at the weights of the last <see cref="ComputeGradients"/> that captured outputs.</summary>
        public Matrix Outputs => _pass.Output;

        /// <summary>Compute the cost and every Jacobian at the current weights; return the cost.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double ComputeGradients(bool captureOutputs = false) => _pass.Compute(network, data, captureOutputs);

        /// <summary>Take one step against the last Jacobians, unless it would make a parameter non-finite; return whether it was taken.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryStep()
        {
            DrawNoiseFactors();
            Layer[] layers = network.LayerArray, J = _pass.Gradients.LayerArray;
            for (int l = 0; l < layers.Length; l++)
                if (!StepStaysFinite(layers[l].Weights.Values, J[l].Weights.Values, _weightFactors[l], _learningRate)
                    || !StepStaysFinite(layers[l].Biases, J[l].Biases, _biasFactors[l], _learningRate))
                    return false;
            for (int l = 0; l < layers.Length; l++)
            {
                Step(layers[l].Weights.Values, J[l].Weights.Values, _weightFactors[l], _learningRate);
                Step(layers[l].Biases, J[l].Biases, _biasFactors[l], _learningRate);
            }
            return true;
        }

        // One scalar normal draw per Jacobian, in the worksheet's order: J_W⁽¹⁾ … J_W⁽ᴸ⁾, then J_b⁽¹⁾ … J_b⁽ᴸ⁾.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void DrawNoiseFactors()
        {
            if (_noise == 0)
            {
                Array.Fill(_weightFactors, 1.0);
                Array.Fill(_biasFactors, 1.0);
                return;
            }
            for (int l = 0; l < _weightFactors.Length; l++) _weightFactors[l] = 1 + random.NextGaussian() * _noise;
            for (int l = 0; l < _biasFactors.Length; l++) _biasFactors[l] = 1 + random.NextGaussian() * _noise;
        }

        /// <summary>θ ← θ − (J · f) · η, in the worksheet's order of operations, eight at a time.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Step(Span<double> θ, ReadOnlySpan<double> J, double f, double η)
        {
            int i = 0;
            for (; i + 8 <= θ.Length; i += 8)
                (Vector512.Create((ReadOnlySpan<double>)θ.Slice(i, 8)) - Vector512.Create(J.Slice(i, 8)) * f * η).CopyTo(θ.Slice(i, 8));
            for (; i < θ.Length; i++) θ[i] -= J[i] * f * η;
        }

        /// <summary>Return whether θ − (J · f) · η is finite everywhere, computed exactly as <see cref="Step"/> computes it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool StepStaysFinite(ReadOnlySpan<double> θ, ReadOnlySpan<double> J, double f, double η)
        {
            int i = 0;
            var finite = Vector512<double>.AllBitsSet;
            for (; i + 8 <= θ.Length; i += 8)
            {
                Vector512<double> next = Vector512.Create(θ.Slice(i, 8)) - Vector512.Create(J.Slice(i, 8)) * f * η;
                finite &= Vector512.Equals(next - next, Vector512<double>.Zero);   // x − x is 0 for finite x, NaN otherwise
            }
            if (!Vector512.EqualsAll(finite.AsInt64(), Vector512<long>.AllBitsSet)) return false;
            for (; i < θ.Length; i++)
                if (!double.IsFinite(θ[i] - J[i] * f * η)) return false;
            return true;
        }
    }
}
