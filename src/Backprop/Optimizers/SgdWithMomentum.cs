using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>Steepest descent with momentum, classical or Nesterov's, as PyTorch's <c>SGD(lr, momentum, nesterov)</c>.</summary>
/// <remarks>
/// Step t, per parameter: v ← g at t = 1, else v ← μ·v + g; then θ ← θ − η·v, or with Nesterov θ ← θ − η·(g + μ·v).
/// Each operation is rounded on its own, in PyTorch's order (<c>buf.mul_(μ).add_(g)</c>, <c>param.add_(d, alpha=−η)</c>).
/// </remarks>
public sealed record SgdWithMomentum : Optimizer
{
    /// <inheritdoc/>
    public override string Name => "momentum";

    /// <summary>The momentum μ (PyTorch's <c>momentum</c>); 0.9 by default.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Whether to take Nesterov's step θ ← θ − η(g + μv) instead of θ ← θ − ηv.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "the momentum must be from 0 up to (not including) 1");
    }

    internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
        new State(parameterLengths, options.LearningRate, Momentum, Nesterov);

    private sealed class State(IReadOnlyList<int> parameterLengths, double η, double μ, bool nesterov) : InPlaceOptimizerState(parameterLengths)
    {
        private readonly double[][] _v = [.. parameterLengths.Select(length => new double[length])];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Step(int k, Span<double> θ, ReadOnlySpan<double> g)
        {
            Span<double> v = _v[k];
            bool first = StepCount == 1;
            for (int i = 0; i < θ.Length; i++)
            {
                v[i] = first ? g[i] : v[i] * μ + g[i];
                double d = nesterov ? g[i] + μ * v[i] : v[i];
                θ[i] += -η * d;
            }
        }
    }
}
