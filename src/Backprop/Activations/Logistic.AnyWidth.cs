using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop;

// σ on machines without AVX-512: the same exp at the machine's own vector width (Vector<double>: 4 lanes with AVX2,
// 2 with SSE or NEON), so no 512-bit vector is emulated in halves; plain scalars where no vectors are accelerated.
public static partial class Logistic
{
    /// <summary>Compute σ(z) = 1 / (1 + e^(−z)) in each lane of the machine's vector (see <see cref="Value(System.Runtime.Intrinsics.Vector512{double})"/> for the method).</summary>
    /// <remarks>The same reduction, polynomial and clamping as the 512-bit form; 1/d by a division (AVX2 and NEON have no
    /// double-precision reciprocal estimate), so results can differ from the 512-bit form in the last bit.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Value(Vector<double> z)
    {
        Vector<double> x = -z;
        Vector<double> a = Vector<double>.One / (Vector<double>.One + Exp(x));
        return Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<double>(MaxExponent)), Vector<double>.Zero, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ValueAnyWidth(ReadOnlySpan<double> z, Span<double> a)
    {
        int i = 0, n = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            ref double from = ref MemoryMarshal.GetReference(z);
            ref double to = ref MemoryMarshal.GetReference(a);
            for (; i + 2 * n <= z.Length; i += 2 * n)   // two independent vectors per pass, so their dependency chains overlap
            {
                Vector<double> first = Value(Vector.LoadUnsafe(ref from, (nuint)i)), second = Value(Vector.LoadUnsafe(ref from, (nuint)(i + n)));
                first.StoreUnsafe(ref to, (nuint)i);
                second.StoreUnsafe(ref to, (nuint)(i + n));
            }
            for (; i + n <= z.Length; i += n) Value(Vector.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
        }
        for (; i < z.Length; i++) a[i] = Value(z[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyByDerivativeAnyWidth(Span<double> delta, ReadOnlySpan<double> a)
    {
        int i = 0, n = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            ref double d = ref MemoryMarshal.GetReference(delta);
            ref double x = ref MemoryMarshal.GetReference(a[..delta.Length]);
            for (; i + n <= delta.Length; i += n)
            {
                Vector<double> ai = Vector.LoadUnsafe(ref x, (nuint)i);
                (Vector.LoadUnsafe(ref d, (nuint)i) * ai * (Vector<double>.One - ai)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < delta.Length; i++) delta[i] *= a[i] * (1 - a[i]);
    }

    // e^x for x clamped to [MinExponent, MaxExponent]: the 512-bit form's steps, lane for lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Exp(Vector<double> x)
    {
        const double Log2E = 1.4426950408889634, Ln2High = 0.693147180369123816490, Ln2Low = 1.90821492927058770002e-10;
        const double RoundingShift = 6755399441055744.0;
        x = Vector.MinNative(new Vector<double>(MaxExponent), Vector.MaxNative(new Vector<double>(MinExponent), x));
        Vector<double> shifted = Vector.FusedMultiplyAdd(x, new Vector<double>(Log2E), new Vector<double>(RoundingShift));
        Vector<double> k = shifted - new Vector<double>(RoundingShift);
        Vector<double> r = Vector.FusedMultiplyAdd(-k, new Vector<double>(Ln2Low), Vector.FusedMultiplyAdd(-k, new Vector<double>(Ln2High), x));
        Vector<double> r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        Vector<double> p01 = r + Vector<double>.One;
        Vector<double> p23 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 6), new Vector<double>(0.5));
        Vector<double> p45 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 120), new Vector<double>(1.0 / 24));
        Vector<double> p67 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 5040), new Vector<double>(1.0 / 720));
        Vector<double> p89 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 362880), new Vector<double>(1.0 / 40320));
        Vector<double> p1011 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 39916800), new Vector<double>(1.0 / 3628800));
        Vector<double> p1213 = Vector.FusedMultiplyAdd(r, new Vector<double>(1.0 / 6227020800), new Vector<double>(1.0 / 479001600));
        Vector<double> q0 = Vector.FusedMultiplyAdd(r2, p23, p01), q1 = Vector.FusedMultiplyAdd(r2, p67, p45);
        Vector<double> q2 = Vector.FusedMultiplyAdd(r2, p1011, p89);
        Vector<double> p = Vector.FusedMultiplyAdd(r8, Vector.FusedMultiplyAdd(r4, p1213, q2), Vector.FusedMultiplyAdd(r4, q1, q0));
        Vector<long> biased = Vector.AsVectorInt64(shifted) - Vector.AsVectorInt64(new Vector<double>(RoundingShift)) + new Vector<long>(1023L);
        return p * Vector.AsVectorDouble(Vector.ShiftLeft(biased, 52));
    }
}
