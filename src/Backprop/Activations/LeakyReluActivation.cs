using System.Numerics;
namespace Backprop;

/// <summary>
/// The leaky rectified linear activation, z for z &gt; 0 and αz otherwise, with PyTorch's default negative slope
/// α = 0.01 (<c>torch.nn.LeakyReLU()</c>), and its derivative: 1 for z &gt; 0, α otherwise (at z = 0 too, as PyTorch).
/// </summary>
/// <remarks>The derivative is read from a = f(z): its sign is z's, since α &gt; 0.</remarks>
internal sealed class LeakyReluActivation() : Activation("leaky-relu", "z for z > 0, 0.01·z otherwise: relu that keeps a small slope", double.NegativeInfinity, double.PositiveInfinity, "any number")
{
    /// <summary>α, the slope for z ≤ 0.</summary>
    public const double NegativeSlope = 0.01;

    /// <summary>Compute z for z &gt; 0, αz otherwise.</summary>
    public static double Value(double z) => Formulas.Apply(z);

    /// <summary>Compute f'(z) from a = f(z): 1 where a &gt; 0, else α.</summary>
    public override double DerivativeFromValue(double a) => a > 0 ? 1 : NegativeSlope;

    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a) => Elementwise.Map<Formulas, double>(z, a);

    /// <summary>δ ⊙= (a &gt; 0 ? 1 : α), element by element.</summary>
    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a) => Elementwise.MultiplyByDerivative<Formulas, double>(delta, a);

    private protected override void Compute(ReadOnlySpan<float> z, Span<float> a) => Elementwise.Map<Formulas, float>(z, a);

    internal override void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a) => Elementwise.MultiplyByDerivative<Formulas, float>(delta, a);

    // z or αz, and δ or αδ, by the sign of z (a has it), at any width.
    private readonly struct Formulas : IElementFunction, IDerivativeStep
    {
        public static T Apply<T>(T z) where T : unmanaged, IFloatingPointIeee754<T> => z > T.Zero ? z : T.CreateTruncating(NegativeSlope) * z;

        public static V Apply<W, V, T>(V z) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T> =>
            W.Select(W.GreaterThan(z, W.Broadcast(T.Zero)), z, W.Multiply(z, W.Broadcast(T.CreateTruncating(NegativeSlope))));

        public static T Apply<T>(T delta, T a) where T : unmanaged, IFloatingPointIeee754<T> => a > T.Zero ? delta : delta * T.CreateTruncating(NegativeSlope);

        public static V Apply<W, V, T>(V delta, V a) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T> =>
            W.Select(W.GreaterThan(a, W.Broadcast(T.Zero)), delta, W.Multiply(delta, W.Broadcast(T.CreateTruncating(NegativeSlope))));
    }

    // ONNX's LeakyRelu; in float64 as max(z, αz) (the same for 0 < α < 1), as ONNX Runtime has LeakyRelu for float32 only.
    public override bool HasKink => true;

    internal override void AddToOnnx(OnnxGraph graph, string z, string a)
    {
        if (graph.Precision == Precision.Float32) graph.Node("LeakyRelu", [z], a, OnnxGraph.Float("alpha", (float)NegativeSlope));
        else graph.Node("Max", [z, graph.Node("Mul", [z, graph.Scalar($"{a}_slope", NegativeSlope)], $"{a}_scaled")], a);
    }
}
