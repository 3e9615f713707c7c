using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>A function applied lane by lane, at any vector width and on one number, in double or float: an activation's f.</summary>
internal interface IElementFunction
{
    /// <summary>f(x).</summary>
    static abstract T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>f of each lane.</summary>
    static abstract V Apply<W, V, T>(V x) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>δ ⊙ f'(a) lane by lane, from the activation's value a, in double or float: an activation's backward step.</summary>
internal interface IDerivativeStep
{
    /// <summary>δ·f' at a.</summary>
    static abstract T Apply<T>(T delta, T a) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>δ·f' at a, lane by lane.</summary>
    static abstract V Apply<W, V, T>(V delta, V a) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>
/// The loops of the element-wise activations, written once: the widest vectors the machine runs (512 or 256 bits),
/// then the rest one by one, in double or float. An activation gives its formulas as a struct; each gets its own
/// compiled copy per element type.
/// </summary>
internal static class Elementwise
{
    /// <summary>y = f(x), element by element; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<F, T>(ReadOnlySpan<T> x, Span<T> y) where F : struct, IElementFunction where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = Vector512.IsHardwareAccelerated ? Map<F, Width512<T>, Vector512<T>, T>(x, y)
            : Vector256.IsHardwareAccelerated ? Map<F, Width256<T>, Vector256<T>, T>(x, y)
            : 0;
        for (; i < x.Length; i++) y[i] = F.Apply(x[i]);
    }

    /// <summary>δ ⊙= f'(a), element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyByDerivative<F, T>(Span<T> delta, ReadOnlySpan<T> a) where F : struct, IDerivativeStep where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = Vector512.IsHardwareAccelerated ? MultiplyByDerivative<F, Width512<T>, Vector512<T>, T>(delta, a)
            : Vector256.IsHardwareAccelerated ? MultiplyByDerivative<F, Width256<T>, Vector256<T>, T>(delta, a)
            : 0;
        for (; i < delta.Length; i++) delta[i] = F.Apply(delta[i], a[i]);
    }

    // The whole vectors of the span; returns where the rest begins. A method of its own, compiled at once with its own
    // inlining budget: inlined into Map, float32's σ (its exp, its clamps) ran over that budget and its exp was left a
    // call, at tier 0 at first; 15% of the seed workload's time on AVX2 went to those calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Map<F, W, V, T>(ReadOnlySpan<T> x, Span<T> y)
        where F : struct, IElementFunction where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T from = ref MemoryMarshal.GetReference(x);
        ref T to = ref MemoryMarshal.GetReference(y[..x.Length]);
        int i = 0;
        for (; i + W.Lanes <= x.Length; i += W.Lanes) W.Store(F.Apply<W, V, T>(W.Load(ref from, i)), ref to, i);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MultiplyByDerivative<F, W, V, T>(Span<T> delta, ReadOnlySpan<T> a)
        where F : struct, IDerivativeStep where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T d = ref MemoryMarshal.GetReference(delta);
        ref T value = ref MemoryMarshal.GetReference(a[..delta.Length]);
        int i = 0;
        for (; i + W.Lanes <= delta.Length; i += W.Lanes) W.Store(F.Apply<W, V, T>(W.Load(ref d, i), W.Load(ref value, i)), ref d, i);
        return i;
    }

    /// <summary>
    /// Each value rounded to the nearest float32 (to nearest, ties to even, as a cast), into <paramref name="destination"/>
    /// (float32) or, with <see cref="RoundToSingle"/>, in place as doubles. Eight at a time on 256-bit vectors (one
    /// vcvtpd2ps per four): a float32 network's parameters go through both every step.
    /// </summary>
    public static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        ref double from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination[..source.Length]);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= source.Length; i += 8)
                Vector256.Narrow(Vector256.LoadUnsafe(ref from, (nuint)i), Vector256.LoadUnsafe(ref from, (nuint)i + 4)).StoreUnsafe(ref to, (nuint)i);
        for (; i < source.Length; i++) Unsafe.Add(ref to, i) = (float)Unsafe.Add(ref from, i);
    }

    /// <summary>
    /// Each float as a double (exactly), into <paramref name="destination"/> or, with <paramref name="add"/>, added to
    /// it: eight at a time on 256-bit vectors. A float32 network's gradients go through it every step.
    /// </summary>
    public static void Widen(ReadOnlySpan<float> source, Span<double> destination, bool add)
    {
        ref float from = ref MemoryMarshal.GetReference(source);
        ref double to = ref MemoryMarshal.GetReference(destination[..source.Length]);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= source.Length; i += 8)
            {
                Vector256<float> values = Vector256.LoadUnsafe(ref from, (nuint)i);
                Vector256<double> lower = Vector256.WidenLower(values), upper = Vector256.WidenUpper(values);
                if (add)
                {
                    lower += Vector256.LoadUnsafe(ref to, (nuint)i);
                    upper += Vector256.LoadUnsafe(ref to, (nuint)i + 4);
                }
                lower.StoreUnsafe(ref to, (nuint)i);
                upper.StoreUnsafe(ref to, (nuint)i + 4);
            }
        for (; i < source.Length; i++) Unsafe.Add(ref to, i) = add ? Unsafe.Add(ref to, i) + Unsafe.Add(ref from, i) : Unsafe.Add(ref from, i);
    }

    /// <inheritdoc cref="Narrow"/>
    public static void RoundToSingle(Span<double> values)
    {
        ref double value = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= values.Length; i += 8)
            {
                Vector256<float> rounded = Vector256.Narrow(Vector256.LoadUnsafe(ref value, (nuint)i), Vector256.LoadUnsafe(ref value, (nuint)i + 4));
                Vector256.WidenLower(rounded).StoreUnsafe(ref value, (nuint)i);
                Vector256.WidenUpper(rounded).StoreUnsafe(ref value, (nuint)i + 4);
            }
        for (; i < values.Length; i++) Unsafe.Add(ref value, i) = (float)Unsafe.Add(ref value, i);
    }
}
