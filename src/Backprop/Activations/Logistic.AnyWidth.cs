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
    internal static Vector256<double> Value(Vector256<double> z) => Value<Width256<double>, Vector256<double>, double>(z);

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
}
