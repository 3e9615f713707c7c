using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>Steepest descent with momentum, classical or Nesterov's, as PyTorch's <c>SGD(lr, momentum, nesterov)</c>.</summary>
/// <remarks>
/// Step t, per parameter: v ← g at t = 1, else v ← μ·v + g; then θ ← θ − η·v, or with Nesterov θ ← θ − η·(g + μ·v).
/// Each operation is rounded on its own, in PyTorch's order (<c>buf.mul_(μ).add_(g)</c>, <c>param.add_(d, alpha=−η)</c>).
/// </remarks>
public sealed record SgdWithMomentum : Optimizer
{
    /// <summary>μ in the catalog: from 0 up to (not including) 1, 0.9 by default.</summary>
    public static Setting MomentumSetting { get; } = new("momentum", "Momentum", "v ← μv + g, θ ← θ − ηv", 0.9, SettingRange.Fraction);

    /// <summary>Nesterov's step in the catalog: a switch, off by default.</summary>
    public static Setting NesterovSetting { get; } = new("nesterov", "Nesterov", "Nesterov's step θ ← θ − η(g + μv)", 0, SettingRange.Switch);

    /// <inheritdoc/>
    public override string Name => "momentum";

    /// <inheritdoc/>
    public override string Description => "steepest descent with momentum, classical or Nesterov's, as torch.optim.SGD(momentum=μ)";

    /// <inheritdoc/>
    public override double DefaultLearningRate => 0.1;   // PyTorch's ImageNet example's lr with momentum 0.9

    /// <inheritdoc/>
    public override IReadOnlyList<Setting> Settings => OwnSettings;

    private static readonly Setting[] OwnSettings = [MomentumSetting, NesterovSetting];

    /// <summary>The momentum μ (PyTorch's <c>momentum</c>; <see cref="MomentumSetting"/>).</summary>
    public double Momentum { get; init; } = MomentumSetting.Default;

    /// <summary>Whether to take Nesterov's step θ ← θ − η(g + μv) instead of θ ← θ − ηv.</summary>
    public bool Nesterov { get; init; } = NesterovSetting.Default != 0;

    /// <inheritdoc/>
    public override double ValueOf(Setting setting) =>
        setting == MomentumSetting ? Momentum : setting == NesterovSetting ? (Nesterov ? 1 : 0) : throw NotMine(setting);

    /// <inheritdoc/>
    public override Optimizer With(Setting setting, double value) =>
        setting == MomentumSetting ? this with { Momentum = value }
        : setting == NesterovSetting ? this with { Nesterov = value != 0 }
        : throw NotMine(setting);

    internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
        new State(parameterLengths, options.LearningRate, Momentum, Nesterov);

    private sealed class State(IReadOnlyList<int> parameterLengths, double η, double μ, bool nesterov) : InPlaceOptimizerState(parameterLengths)
    {
        private readonly double[][] _v = [.. parameterLengths.Select(length => new double[length])];

        public override void Retune(Optimizer optimizer, double learningRate)
        {
            var momentum = (SgdWithMomentum)optimizer;
            (η, μ, nesterov) = (learningRate, momentum.Momentum, momentum.Nesterov);
        }

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
