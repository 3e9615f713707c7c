using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    public static double Value(double z) => z > 0 ? z : NegativeSlope * z;

    /// <summary>Compute f'(z) from a = f(z): 1 where a &gt; 0, else α.</summary>
    public override double DerivativeFromValue(double a) => a > 0 ? 1 : NegativeSlope;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 8 <= z.Length; i += 8)
            {
                Vector512<double> zi = Vector512.Create(z.Slice(i, 8));
                Vector512.ConditionalSelect(Vector512.GreaterThan(zi, Vector512<double>.Zero), zi, zi * NegativeSlope).CopyTo(a.Slice(i, 8));
            }
        else if (Vector256.IsHardwareAccelerated)
            for (; i + 4 <= z.Length; i += 4)
            {
                Vector256<double> zi = Vector256.Create(z.Slice(i, 4));
                Vector256.ConditionalSelect(Vector256.GreaterThan(zi, Vector256<double>.Zero), zi, zi * NegativeSlope).CopyTo(a.Slice(i, 4));
            }
        for (; i < z.Length; i++) a[i] = Value(z[i]);
    }

    /// <summary>δ ⊙= (a &gt; 0 ? 1 : α), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 8 <= delta.Length; i += 8)
            {
                Vector512<double> d = Vector512.Create((ReadOnlySpan<double>)delta.Slice(i, 8));
                Vector512.ConditionalSelect(Vector512.GreaterThan(Vector512.Create(a.Slice(i, 8)), Vector512<double>.Zero), d, d * NegativeSlope).CopyTo(delta.Slice(i, 8));
            }
        for (; i < delta.Length; i++) delta[i] *= DerivativeFromValue(a[i]);
    }

    // ONNX's LeakyRelu; in float64 as max(z, αz) (the same for 0 < α < 1), as ONNX Runtime has LeakyRelu for float32 only.
    public override bool HasKink => true;

    internal override void AddToOnnx(OnnxGraph graph, string z, string a)
    {
        if (graph.Precision == OnnxPrecision.Float32) graph.Node("LeakyRelu", [z], a, OnnxGraph.Float("alpha", (float)NegativeSlope));
        else graph.Node("Max", [z, graph.Node("Mul", [z, graph.Scalar($"{a}_slope", NegativeSlope)], $"{a}_scaled")], a);
    }
}
