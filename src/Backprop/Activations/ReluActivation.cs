using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 8 <= z.Length; i += 8) Vector512.Max(Vector512.Create(z.Slice(i, 8)), Vector512<double>.Zero).CopyTo(a.Slice(i, 8));
        else if (Vector256.IsHardwareAccelerated)
            for (; i + 4 <= z.Length; i += 4) Vector256.Max(Vector256.Create(z.Slice(i, 4)), Vector256<double>.Zero).CopyTo(a.Slice(i, 4));
        for (; i < z.Length; i++) a[i] = Value(z[i]);
    }

    /// <summary>δ ⊙= [a &gt; 0], element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 8 <= delta.Length; i += 8)
            {
                Vector512<double> active = Vector512.GreaterThan(Vector512.Create(a.Slice(i, 8)), Vector512<double>.Zero);
                (Vector512.Create((ReadOnlySpan<double>)delta.Slice(i, 8)) & active).CopyTo(delta.Slice(i, 8));
            }
        for (; i < delta.Length; i++) delta[i] = a[i] > 0 ? delta[i] : 0;
    }
}
