using System.Numerics;
namespace Backprop;

/// <summary>The rectified linear activation max(z, 0) and its derivative, side by side.</summary>
internal sealed class ReluActivation() : Activation("relu", "max(z, 0), rectified linear", 0, double.PositiveInfinity, "0 or more")
{
    /// <summary>Compute max(z, 0) (NaN stays NaN).</summary>
    public static double Value(double z) => Formulas.Apply(z);

    /// <summary>Compute relu'(z) from a = relu(z): 1 where a &gt; 0, else 0 (at z = 0 too, as PyTorch takes it).</summary>
    public override double DerivativeFromValue(double a) => a > 0 ? 1 : 0;

    public override bool HasKink => true;

    internal override void AddToOnnx(OnnxGraph graph, string z, string a) => graph.Node("Relu", [z], a);

    /// <summary>Compute a = max(z, 0) element by element; <paramref name="a"/> may be <paramref name="z"/> itself.</summary>
    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a) => Elementwise.Map<Formulas, double>(z, a);

    /// <summary>δ ⊙= [a &gt; 0], element by element.</summary>
    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a) => Elementwise.MultiplyByDerivative<Formulas, double>(delta, a);

    private protected override void Compute(ReadOnlySpan<float> z, Span<float> a) => Elementwise.Map<Formulas, float>(z, a);

    internal override void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a) => Elementwise.MultiplyByDerivative<Formulas, float>(delta, a);

    // max(z, 0), and δ kept where a > 0 (its bits masked), at any width.
    private readonly struct Formulas : IElementFunction, IDerivativeStep
    {
        public static T Apply<T>(T z) where T : unmanaged, IFloatingPointIeee754<T> => z > T.Zero ? z : T.IsNaN(z) ? z : T.Zero;

        public static V Apply<W, V, T>(V z) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T> => W.Max(z, W.Broadcast(T.Zero));

        public static T Apply<T>(T delta, T a) where T : unmanaged, IFloatingPointIeee754<T> => a > T.Zero ? delta : T.Zero;

        public static V Apply<W, V, T>(V delta, V a) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T> => W.And(delta, W.GreaterThan(a, W.Broadcast(T.Zero)));
    }
}
