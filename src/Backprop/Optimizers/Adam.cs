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
    /// <summary>β₁ in the catalog: from 0 up to (not including) 1, 0.9 by default.</summary>
    public static Setting Beta1Setting { get; } = new("beta1", "β₁", "decay of the first moment: m ← β₁m + (1 − β₁)g", 0.9, SettingRange.Fraction);

    /// <summary>β₂ in the catalog: from 0 up to (not including) 1, 0.999 by default.</summary>
    public static Setting Beta2Setting { get; } = new("beta2", "β₂", "decay of the second moment: v ← β₂v + (1 − β₂)g²", 0.999, SettingRange.Fraction);

    /// <summary>ε in the catalog: positive, 1e-8 by default.</summary>
    public static Setting EpsilonSetting { get; } = new("epsilon", "ε", "added to √v̂ so the step stays finite", 1e-8, SettingRange.Positive);

    /// <inheritdoc/>
    public override string Name => "adam";

    /// <inheritdoc/>
    public override string Description => "steps scaled by running averages of g and g² (Kingma and Ba), as torch.optim.Adam";

    /// <inheritdoc/>
    public override double DefaultLearningRate => 0.001;   // torch.optim.Adam's and Keras's default

    /// <inheritdoc/>
    public override IReadOnlyList<Setting> Settings => OwnSettings;

    private static readonly Setting[] OwnSettings = [Beta1Setting, Beta2Setting, EpsilonSetting];

    /// <summary>β₁, the decay of the first moment m (<see cref="Beta1Setting"/>).</summary>
    public double Beta1 { get; init; } = Beta1Setting.Default;

    /// <summary>β₂, the decay of the second moment v (<see cref="Beta2Setting"/>).</summary>
    public double Beta2 { get; init; } = Beta2Setting.Default;

    /// <summary>ε, added to √v̂ so the step stays finite (<see cref="EpsilonSetting"/>).</summary>
    public double Epsilon { get; init; } = EpsilonSetting.Default;

    /// <inheritdoc/>
    public override double ValueOf(Setting setting) =>
        setting == Beta1Setting ? Beta1 : setting == Beta2Setting ? Beta2 : setting == EpsilonSetting ? Epsilon : throw NotMine(setting);

    /// <inheritdoc/>
    public override Optimizer With(Setting setting, double value) =>
        setting == Beta1Setting ? this with { Beta1 = value }
        : setting == Beta2Setting ? this with { Beta2 = value }
        : setting == EpsilonSetting ? this with { Epsilon = value }
        : throw NotMine(setting);

    internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
        new State(parameterLengths, options.LearningRate, this);

    private sealed class State(IReadOnlyList<int> parameterLengths, double η, Adam settings) : InPlaceOptimizerState(parameterLengths)
    {
        private readonly double[][] _m = [.. parameterLengths.Select(length => new double[length])];
        private readonly double[][] _v = [.. parameterLengths.Select(length => new double[length])];
        private double β1 = settings.Beta1, β2 = settings.Beta2, ε = settings.Epsilon;

        public override void Retune(Optimizer optimizer, double learningRate)
        {
            var adam = (Adam)optimizer;
            (η, β1, β2, ε) = (learningRate, adam.Beta1, adam.Beta2, adam.Epsilon);
        }

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
