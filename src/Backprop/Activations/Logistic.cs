using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// The logistic activation σ(z) = 1 / (1 + e^(−z)) and its derivative, side by side.
/// </summary>
public static partial class Logistic
{
    /// <summary>Compute σ(z) = 1 / (1 + e^(−z)).</summary>
    public static double Value(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Compute σ'(z) = cosh(z/2)^(−2) / 4, the worksheet's form of the derivative.</summary>
    /// <remarks>Equal to σ(z)(1 − σ(z)); finite for every finite z (it underflows to 0 for |z| beyond ~1420).</remarks>
    public static double Derivative(double z) => Math.Pow(Math.Cosh(z / 2), -2) / 4;

    /// <summary>Compute σ'(z) from a = σ(z), as a(1 − a): the form the training loop uses, since a is at hand.</summary>
    public static double DerivativeFromValue(double a) => a * (1 - a);

    /// <summary>δ ⊙= σ'(z) = a(1 − a), element by element (lengths a multiple of 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            MultiplyByDerivativeAnyWidth(delta, a);
            return;
        }
        ref double d = ref MemoryMarshal.GetReference(delta);
        ref double x = ref MemoryMarshal.GetReference(a[..delta.Length]);
        for (int i = 0; i < delta.Length; i += 8)
        {
            Vector512<double> ai = Vector512.LoadUnsafe(ref x, (nuint)i);
            (Vector512.LoadUnsafe(ref d, (nuint)i) * ai * (Vector512<double>.One - ai)).StoreUnsafe(ref d, (nuint)i);
        }
    }

    /// <summary>Compute a = σ(z) element by element; <paramref name="a"/> may be <paramref name="z"/> itself.</summary>
    /// <remarks>
    /// Vectorised: eight lanes at a time through <see cref="Value(Vector512{double})"/> where 512-bit vectors are
    /// accelerated, otherwise four lanes at a time through <see cref="Value(Vector256{double})"/>; the tail by <see cref="Value(double)"/>.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="z"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Value(ReadOnlySpan<double> z, Span<double> a)
    {
        if (a.Length < z.Length) throw new ArgumentException($"the destination holds {a.Length} values, fewer than the {z.Length} inputs", nameof(a));
        if (!Vector512.IsHardwareAccelerated)
        {
            ValueAnyWidth(z, a);
            return;
        }
        int i = 0;
        for (; i + 16 <= z.Length; i += 16)   // two independent vectors per pass, so their long dependency chains overlap
        {
            Vector512<double> first = Value(Vector512.Create(z.Slice(i, 8))), second = Value(Vector512.Create(z.Slice(i + 8, 8)));
            first.CopyTo(a.Slice(i, 8));
            second.CopyTo(a.Slice(i + 8, 8));
        }
        for (; i + 8 <= z.Length; i += 8) Value(Vector512.Create(z.Slice(i, 8))).CopyTo(a.Slice(i, 8));
        for (; i < z.Length; i++) a[i] = Value(z[i]);
    }

    /// <summary>Compute σ(z) = 1 / (1 + e^(−z)) in each of eight lanes.</summary>
    /// <remarks>
    /// e^x by Cody–Waite reduction, x = k·ln 2 + r with |r| ≤ ln 2 / 2 (k rounded by the 1.5·2⁵² shift), a degree-13
    /// Taylor polynomial for e^r (truncation below 5e-18 relative, evaluated by Estrin's scheme) and 2^k built in the
    /// exponent bits. x is clamped to [−708, 709]: below, 1 + e^x rounds to 1 anyway; above, σ is below 1.2e-308 and
    /// is returned as 0, as 1/(1 + e^x) gives once e^x overflows. Within 4 ulp of <see cref="Value(double)"/> (measured over
    /// 400,000 arguments in [−700, 700]), which uses the C library's exp, except for those subnormal results; NaN stays NaN.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Value(Vector512<double> z)
    {
        Vector512<double> x = -z;
        Vector512<double> a = Reciprocal(Vector512<double>.One + FastExp.Exp<Width512, Vector512<double>>(x));
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(MaxExponent)), Vector512<double>.Zero, a);
    }

    private const double MaxExponent = FastExp.MaxExponent;

    // 1/d for d ≥ 1: a 14-bit estimate refined by two Newton steps (14 → 28 → 56 bits) costs less than a 512-bit division.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Reciprocal(Vector512<double> d)
    {
        if (!Avx512F.IsSupported) return Vector512<double>.One / d;
        Vector512<double> y = Avx512F.Reciprocal14(d);
        y = Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-d, y, Vector512<double>.One), y);
        return Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-d, y, Vector512<double>.One), y);
    }
}
