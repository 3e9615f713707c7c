using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>A function applied lane by lane, at any vector width and on one number: an activation's f.</summary>
internal interface IElementFunction
{
    /// <summary>f(x).</summary>
    static abstract double Apply(double x);

    /// <summary>f of each lane.</summary>
    static abstract V Apply<W, V>(V x) where W : struct, IVectorWidth<V, double> where V : struct;
}

/// <summary>δ ⊙ f'(a) lane by lane, from the activation's value a: an activation's backward step.</summary>
internal interface IDerivativeStep
{
    /// <summary>δ·f' at a.</summary>
    static abstract double Apply(double delta, double a);

    /// <summary>δ·f' at a, lane by lane.</summary>
    static abstract V Apply<W, V>(V delta, V a) where W : struct, IVectorWidth<V, double> where V : struct;
}

/// <summary>
/// The loops of the element-wise activations, written once: the widest vectors the machine runs (512 or 256 bits),
/// then the rest one by one. An activation gives its formulas as a struct; each gets its own compiled copy.
/// </summary>
internal static class Elementwise
{
    /// <summary>y = f(x), element by element; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<F>(ReadOnlySpan<double> x, Span<double> y) where F : struct, IElementFunction
    {
        int i = Vector512.IsHardwareAccelerated ? Map<F, Width512, Vector512<double>>(x, y)
            : Vector256.IsHardwareAccelerated ? Map<F, Width256, Vector256<double>>(x, y)
            : 0;
        for (; i < x.Length; i++) y[i] = F.Apply(x[i]);
    }

    /// <summary>δ ⊙= f'(a), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyByDerivative<F>(Span<double> delta, ReadOnlySpan<double> a) where F : struct, IDerivativeStep
    {
        int i = Vector512.IsHardwareAccelerated ? MultiplyByDerivative<F, Width512, Vector512<double>>(delta, a)
            : Vector256.IsHardwareAccelerated ? MultiplyByDerivative<F, Width256, Vector256<double>>(delta, a)
            : 0;
        for (; i < delta.Length; i++) delta[i] = F.Apply(delta[i], a[i]);
    }

    // The whole vectors of the span; returns where the rest begins.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Map<F, W, V>(ReadOnlySpan<double> x, Span<double> y) where F : struct, IElementFunction where W : struct, IVectorWidth<V, double> where V : struct
    {
        ref double from = ref MemoryMarshal.GetReference(x);
        ref double to = ref MemoryMarshal.GetReference(y[..x.Length]);
        int i = 0;
        for (; i + W.Lanes <= x.Length; i += W.Lanes) W.Store(F.Apply<W, V>(W.Load(ref from, i)), ref to, i);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MultiplyByDerivative<F, W, V>(Span<double> delta, ReadOnlySpan<double> a) where F : struct, IDerivativeStep where W : struct, IVectorWidth<V, double> where V : struct
    {
        ref double d = ref MemoryMarshal.GetReference(delta);
        ref double value = ref MemoryMarshal.GetReference(a[..delta.Length]);
        int i = 0;
        for (; i + W.Lanes <= delta.Length; i += W.Lanes) W.Store(F.Apply<W, V>(W.Load(ref d, i), W.Load(ref value, i)), ref d, i);
        return i;
    }
}
