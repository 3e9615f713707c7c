using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>Adam (Kingma and Ba, 2015), as PyTorch's <c>torch.optim.Adam</c>.</summary>
/// <remarks>
/// Step t, per parameter: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², then θ ← θ − η·m̂/(√v̂ + ε) with the bias
/// corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). Written in PyTorch's order of rounding:
/// θ ← θ + (−η/(1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε). (ConvNetJS multiplies by the corrections instead of
/// dividing; the tests against PyTorch catch that.)
/// </remarks>
public sealed record Adam : Optimizer
{
    /// <inheritdoc/>
    public override string Name => "adam";

    /// <summary>β₁, the decay of the first moment m; 0.9 by default.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>β₂, the decay of the second moment v; 0.999 by default.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>ε, added to √v̂ so the step stays finite; 1e-8 by default.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "β₁ must be from 0 up to (not including) 1");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "β₂ must be from 0 up to (not including) 1");
        if (!(Epsilon > 0 && double.IsFinite(Epsilon))) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "ε must be a positive number");
    }

    internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
        new State(parameterLengths, options.LearningRate, this);

    private sealed class State(IReadOnlyList<int> parameterLengths, double η, Adam settings) : InPlaceOptimizerState(parameterLengths)
    {
        private readonly double[][] _m = [.. parameterLengths.Select(length => new double[length])];
        private readonly double[][] _v = [.. parameterLengths.Select(length => new double[length])];
        private readonly double β1 = settings.Beta1, β2 = settings.Beta2, ε = settings.Epsilon;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void Step(int k, Span<double> θ, ReadOnlySpan<double> g)
        {
            Span<double> m = _m[k], v = _v[k];
            double stepSize = η / (1 - Math.Pow(β1, StepCount));                // η / (1 − β₁ᵗ)
            double correction2Sqrt = Math.Sqrt(1 - Math.Pow(β2, StepCount));    // √(1 − β₂ᵗ)
            for (int i = 0; i < θ.Length; i++)
            {
                m[i] = m[i] * β1 + (1 - β1) * g[i];
                v[i] = v[i] * β2 + (1 - β2) * g[i] * g[i];
                θ[i] += -stepSize * m[i] / (Math.Sqrt(v[i]) / correction2Sqrt + ε);
            }
        }
    }
}
