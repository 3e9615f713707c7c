using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>e^x on vectors of any width, one copy for all, in double or float (σ's exp, <see cref="Logistic"/>).</summary>
internal static class FastExp
{
    /// <summary>The range x is clamped to in double, so that 2^k is a normal double: below, 1 + e^x rounds to 1 anyway.</summary>
    public const double MinExponent = -708, MaxExponent = 709;

    /// <summary>The range x is clamped to in float, so that 2^k is a normal float (k in [−126, 127]).</summary>
    public const float MinExponentSingle = -87, MaxExponentSingle = 88;

    /// <summary>The upper end of the clamped range in <typeparamref name="T"/>: above it, σ(−x) is returned as 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Highest<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(MaxExponentSingle) : T.CreateTruncating(MaxExponent);

    /// <summary>e^x lane by lane, for x clamped to the element type's range (<see cref="MinExponent"/>, <see cref="MaxExponent"/> in double); NaN propagates.</summary>
    /// <remarks>
    /// Cody–Waite reduction, x = k·ln 2 + r with |r| ≤ ln 2 / 2 (k rounded by the 1.5·2⁵² shift, 1.5·2²³ in float), a
    /// Taylor polynomial for e^r by Estrin's scheme (degree 13 in double, truncation below 5e-18 relative; degree 7 in
    /// float, below 5e-9), and 2^k built in the exponent bits. Every width takes the same steps, so every width gives
    /// the same bits in its precision.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Exp<W, V, T>(V x) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static V C(double value) => W.Broadcast(T.CreateTruncating(value));
        bool single = typeof(T) == typeof(float);
        double log2E = 1.4426950408889634;
        // ln 2 in two parts, the first with trailing zero bits so that k·high is exact.
        double ln2High = single ? 0.693145751953125 : 0.693147180369123816490;
        double ln2Low = single ? 1.428606820309417232e-6 : 1.90821492927058770002e-10;
        T roundingShift = T.CreateTruncating(single ? 12582912.0 : 6755399441055744.0);   // 1.5·2²³ or 1.5·2⁵²: rounds to an integer held in the low bits
        // MaxNative/MinNative return their second operand when either is NaN: x goes second so a NaN carries on.
        x = single ? W.MinNative(C(MaxExponentSingle), W.MaxNative(C(MinExponentSingle), x)) : W.MinNative(C(MaxExponent), W.MaxNative(C(MinExponent), x));
        V shifted = W.MultiplyAdd(x, C(log2E), W.Broadcast(roundingShift));
        V k = W.Subtract(shifted, W.Broadcast(roundingShift));
        V minusK = W.Negate(k);
        V r = W.MultiplyAdd(minusK, C(ln2Low), W.MultiplyAdd(minusK, C(ln2High), x));
        // e^r = Σ rⁱ/i! by Estrin's scheme: pairs, then r², r⁴ (r⁸) — a few dependent steps instead of one per term.
        V r2 = W.Multiply(r, r), r4 = W.Multiply(r2, r2);
        V p01 = W.Add(r, C(1));
        V p23 = W.MultiplyAdd(r, C(1.0 / 6), C(0.5));
        V p45 = W.MultiplyAdd(r, C(1.0 / 120), C(1.0 / 24));
        V p67 = W.MultiplyAdd(r, C(1.0 / 5040), C(1.0 / 720));
        V q0 = W.MultiplyAdd(r2, p23, p01), q1 = W.MultiplyAdd(r2, p67, p45);
        V p;
        if (single) p = W.MultiplyAdd(r4, q1, q0);   // degree 7
        else
        {
            V r8 = W.Multiply(r4, r4);
            V p89 = W.MultiplyAdd(r, C(1.0 / 362880), C(1.0 / 40320));
            V p1011 = W.MultiplyAdd(r, C(1.0 / 39916800), C(1.0 / 3628800));
            V p1213 = W.MultiplyAdd(r, C(1.0 / 6227020800), C(1.0 / 479001600));
            V q2 = W.MultiplyAdd(r2, p1011, p89);
            p = W.MultiplyAdd(r8, W.MultiplyAdd(r4, p1213, q2), W.MultiplyAdd(r4, q1, q0));   // degree 13
        }
        return W.Multiply(p, W.PowerOfTwo(shifted, roundingShift));   // 2^k
    }
}
