using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

// σ on machines without AVX-512: the same exp on 256-bit vectors (AVX2 + FMA), so no 512-bit vector is emulated in
// halves; plain scalars (the C library's exp) elsewhere. System.Numerics.Vector<double> was measured first: its
// MinNative, ShiftLeft and ConditionalSelect are not all accelerated, and σ took 3.3 ns a value against 1.6 here.
public static partial class Logistic
{
    /// <summary>Compute σ(z) = 1 / (1 + e^(−z)) in each of four lanes, by the steps of <see cref="Value(Vector512{double})"/>.</summary>
    /// <remarks>
    /// 1/d by a division: AVX2 has no double-precision reciprocal estimate, and the ways around it measured slower
    /// (a single-precision estimate with Newton steps on σ = e·s for z &lt; 0, s = 1/(1 + e^(−|z|)): 2.5 ns a value
    /// against 1.6). Within 4 ulp of <see cref="Value(double)"/>, as the 512-bit form; the two can differ in the last bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Value(Vector256<double> z)
    {
        Vector256<double> x = -z;
        Vector256<double> a = Vector256<double>.One / (Vector256<double>.One + Exp(x));
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(MaxExponent)), Vector256<double>.Zero, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ValueAnyWidth(ReadOnlySpan<double> z, Span<double> a)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double from = ref MemoryMarshal.GetReference(z);
            ref double to = ref MemoryMarshal.GetReference(a);
            // One vector per pass: two (as the 512-bit loop takes, with 32 registers) spill 16 ymm registers to the stack.
            for (; i + 4 <= z.Length; i += 4) Value(Vector256.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
        }
        for (; i < z.Length; i++) a[i] = Value(z[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyByDerivativeAnyWidth(Span<double> delta, ReadOnlySpan<double> a)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double d = ref MemoryMarshal.GetReference(delta);
            ref double x = ref MemoryMarshal.GetReference(a[..delta.Length]);
            for (; i + 4 <= delta.Length; i += 4)
            {
                Vector256<double> ai = Vector256.LoadUnsafe(ref x, (nuint)i);
                (Vector256.LoadUnsafe(ref d, (nuint)i) * ai * (Vector256<double>.One - ai)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < delta.Length; i++) delta[i] = delta[i] * a[i] * (1 - a[i]);
    }

    // e^x for x clamped to [MinExponent, MaxExponent]: the 512-bit form's steps, lane for lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Exp(Vector256<double> x)
    {
        const double Log2E = 1.4426950408889634, Ln2High = 0.693147180369123816490, Ln2Low = 1.90821492927058770002e-10;
        const double RoundingShift = 6755399441055744.0;
        x = Vector256.MinNative(Vector256.Create(MaxExponent), Vector256.MaxNative(Vector256.Create(MinExponent), x));
        Vector256<double> shifted = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<double> k = shifted - Vector256.Create(RoundingShift);
        Vector256<double> r = Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2Low), Vector256.FusedMultiplyAdd(-k, Vector256.Create(Ln2High), x));
        Vector256<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector256<double> p01 = r + Vector256<double>.One;
        Vector256<double> p23 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6), Vector256.Create(0.5));
        Vector256<double> p45 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 120), Vector256.Create(1.0 / 24));
        Vector256<double> p67 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 5040), Vector256.Create(1.0 / 720));
        Vector256<double> p89 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 362880), Vector256.Create(1.0 / 40320));
        Vector256<double> p1011 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 39916800), Vector256.Create(1.0 / 3628800));
        Vector256<double> p1213 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6227020800), Vector256.Create(1.0 / 479001600));
        Vector256<double> q0 = Vector256.FusedMultiplyAdd(r2, p23, p01), q1 = Vector256.FusedMultiplyAdd(r2, p67, p45);
        Vector256<double> q2 = Vector256.FusedMultiplyAdd(r2, p1011, p89);
        Vector256<double> p = Vector256.FusedMultiplyAdd(r8, Vector256.FusedMultiplyAdd(r4, p1213, q2), Vector256.FusedMultiplyAdd(r4, q1, q0));
        Vector256<long> biased = shifted.AsInt64() - Vector256.Create(RoundingShift).AsInt64() + Vector256.Create(1023L);
        return p * Vector256.ShiftLeft(biased, 52).AsDouble();
    }
}
