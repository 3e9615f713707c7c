namespace Backprop;

/// <summary>The rectified linear activation max(z, 0) and its derivative, side by side.</summary>
internal sealed class ReluActivation() : Activation("relu", "max(z, 0), rectified linear", 0, double.PositiveInfinity, "0 or more")
{
    /// <summary>Compute max(z, 0) (NaN stays NaN).</summary>
    public static double Value(double z) => z > 0 ? z : double.IsNaN(z) ? z : 0;

    /// <summary>Compute relu'(z) from a = relu(z): 1 where a &gt; 0, else 0 (at z = 0 too, as PyTorch takes it).</summary>
    public override double DerivativeFromValue(double a) => a > 0 ? 1 : 0;

    public override bool HasKink => true;

    internal override void AddToOnnx(OnnxGraph graph, string z, string a) => graph.Node("Relu", [z], a);

    /// <summary>Compute a = max(z, 0) element by element; <paramref name="a"/> may be <paramref name="z"/> itself.</summary>
    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a) => Elementwise.Map<Formulas>(z, a);

    /// <summary>δ ⊙= [a &gt; 0], element by element.</summary>
    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a) => Elementwise.MultiplyByDerivative<Formulas>(delta, a);

    // max(z, 0), and δ kept where a > 0 (its bits masked), at any width.
    private readonly struct Formulas : IElementFunction, IDerivativeStep
    {
        public static double Apply(double z) => Value(z);

        public static V Apply<W, V>(V z) where W : struct, IVectorWidth<V, double> where V : struct => W.Max(z, W.Broadcast(0));

        public static double Apply(double delta, double a) => a > 0 ? delta : 0;

        public static V Apply<W, V>(V delta, V a) where W : struct, IVectorWidth<V, double> where V : struct => W.And(delta, W.GreaterThan(a, W.Broadcast(0)));
    }
}
