using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>
/// Steepest descent, the worksheet's optimizer and the default, with its multiplicative gradient noise.
/// </summary>
/// <remarks>
/// Step: θ ← θ − (g · f) · η for every parameter array, where each array (each Jacobian) has its own
/// f = 1 + noise · randn(), drawn in the order J_W⁽¹⁾ … J_W⁽ᴸ⁾, J_b⁽¹⁾ … J_b⁽ᴸ⁾. With noise 0 the factor is exactly 1
/// and nothing is drawn: PyTorch's <c>SGD(lr=η)</c>, θ ← θ − η·g. The step is checked for finiteness before it is taken.
/// </remarks>
public sealed record Sgd : Optimizer
{
    /// <summary>The noise in the catalog: 0 or more, 0.8 by default (the worksheet's run; its <c>plot_training</c> defaults to 1).</summary>
    public static Setting NoiseSetting { get; } =
        new("noise", "Gradient noise", "multiply each Jacobian by its own 1 + noise·randn() every step (the worksheet's noise; not the data's)", 0.8, SettingRange.ZeroOrMore);

    /// <inheritdoc/>
    public override string Name => "sgd";

    /// <inheritdoc/>
    public override string Description => "the worksheet's steepest descent θ ← θ − η·g, with its gradient noise";

    /// <inheritdoc/>
    public override double DefaultLearningRate => 5.0;   // the worksheet's aggression

    /// <inheritdoc/>
    public override IReadOnlyList<Setting> Settings => OwnSettings;

    private static readonly Setting[] OwnSettings = [NoiseSetting];

    /// <summary>
    /// The worksheet's gradient noise: each Jacobian is multiplied by its own factor 1 + noise·randn() every step. With
    /// 0 the factor is exactly 1 and no numbers are drawn (PyTorch's SGD). <see cref="NoiseSetting"/>'s default.
    /// </summary>
    public double Noise { get; init; } = NoiseSetting.Default;

    /// <inheritdoc/>
    public override double ValueOf(Setting setting) => setting == NoiseSetting ? Noise : throw NotMine(setting);

    /// <inheritdoc/>
    public override Optimizer With(Setting setting, double value) => setting == NoiseSetting ? this with { Noise = value } : throw NotMine(setting);

    internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
        new State(parameterLengths.Count, random, options.LearningRate, Noise);

    private sealed class State(int arrays, NumpyRandom random, double η, double noise) : OptimizerState
    {
        private readonly double[] _factors = new double[arrays];

        public override void Retune(Optimizer optimizer, double learningRate) => (η, noise) = (learningRate, ((Sgd)optimizer).Noise);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool TryStep(double[][] θ, double[][] g, Objective objective)
        {
            DrawNoiseFactors();
            for (int k = 0; k < θ.Length; k++)
                if (!StepStaysFinite(θ[k], g[k], _factors[k], η)) return false;
            for (int k = 0; k < θ.Length; k++) Step(θ[k], g[k], _factors[k], η);
            return true;
        }

        // One scalar normal draw per Jacobian, in the worksheet's order (the order of the arrays).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void DrawNoiseFactors()
        {
            if (noise == 0)
            {
                Array.Fill(_factors, 1.0);
                return;
            }
            for (int k = 0; k < _factors.Length; k++) _factors[k] = 1 + random.NextGaussian() * noise;
        }

        /// <summary>θ ← θ − (J · f) · η, in the worksheet's order of operations, a vector at a time.</summary>
        private static void Step(Span<double> θ, ReadOnlySpan<double> J, double f, double η)
        {
            // By the widest vectors the machine runs, then one by one: the same operations, the same bits.
            int i = Vector512.IsHardwareAccelerated ? Step<Width512<double>, Vector512<double>>(θ, J, f, η)
                : Vector256.IsHardwareAccelerated ? Step<Width256<double>, Vector256<double>>(θ, J, f, η)
                : 0;
            for (; i < θ.Length; i++) θ[i] -= J[i] * f * η;
        }

        /// <summary>Return whether θ − (J · f) · η is finite everywhere, computed exactly as <see cref="Step"/> computes it.</summary>
        private static bool StepStaysFinite(ReadOnlySpan<double> θ, ReadOnlySpan<double> J, double f, double η)
        {
            (int i, bool finite) = Vector512.IsHardwareAccelerated ? StepStaysFinite<Width512<double>, Vector512<double>>(θ, J, f, η)
                : Vector256.IsHardwareAccelerated ? StepStaysFinite<Width256<double>, Vector256<double>>(θ, J, f, η)
                : (0, true);
            for (; finite && i < θ.Length; i++) finite = double.IsFinite(θ[i] - J[i] * f * η);
            return finite;
        }

        // The whole vectors of Step; returns where the rest begins.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Step<W, V>(Span<double> θ, ReadOnlySpan<double> J, double f, double η) where W : struct, IVectorWidth<V, double> where V : struct
        {
            ref double t = ref MemoryMarshal.GetReference(θ);
            ref double g = ref MemoryMarshal.GetReference(J[..θ.Length]);
            V factor = W.Broadcast(f), rate = W.Broadcast(η);
            int i = 0;
            for (; i + W.Lanes <= θ.Length; i += W.Lanes)
                W.Store(W.Subtract(W.Load(ref t, i), W.Multiply(W.Multiply(W.Load(ref g, i), factor), rate)), ref t, i);
            return i;
        }

        // The whole vectors of StepStaysFinite: where the rest begins, and whether they stay finite. x − x is 0 for
        // finite x and NaN otherwise, so the sum of those differences is 0 exactly when every value is finite.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static (int Next, bool Finite) StepStaysFinite<W, V>(ReadOnlySpan<double> θ, ReadOnlySpan<double> J, double f, double η)
            where W : struct, IVectorWidth<V, double> where V : struct
        {
            ref double t = ref MemoryMarshal.GetReference(θ);
            ref double g = ref MemoryMarshal.GetReference(J[..θ.Length]);
            V factor = W.Broadcast(f), rate = W.Broadcast(η), differences = W.Broadcast(0);
            int i = 0;
            for (; i + W.Lanes <= θ.Length; i += W.Lanes)
            {
                V next = W.Subtract(W.Load(ref t, i), W.Multiply(W.Multiply(W.Load(ref g, i), factor), rate));
                differences = W.Add(differences, W.Subtract(next, next));
            }
            return (i, W.Sum(differences) == 0);
        }
    }
}
