using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>e^x on vectors of any width, one copy for all (σ's exp, <see cref="Logistic"/>).</summary>
internal static class FastExp
{
    /// <summary>The range x is clamped to, so that 2^k is a normal double: below, 1 + e^x rounds to 1 anyway.</summary>
    public const double MinExponent = -708, MaxExponent = 709;

    /// <summary>e^x lane by lane, for x clamped to [<see cref="MinExponent"/>, <see cref="MaxExponent"/>]; NaN propagates.</summary>
    /// <remarks>
    /// Cody–Waite reduction, x = k·ln 2 + r with |r| ≤ ln 2 / 2 (k rounded by the 1.5·2⁵² shift), a degree-13 Taylor
    /// polynomial for e^r (truncation below 5e-18 relative) by Estrin's scheme, and 2^k built in the exponent bits.
    /// Every width takes the same steps, so every width gives the same bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Exp<W, V>(V x) where W : struct, IVectorWidth<V, double> where V : struct
    {
        const double Log2E = 1.4426950408889634, Ln2High = 0.693147180369123816490, Ln2Low = 1.90821492927058770002e-10;
        const double RoundingShift = 6755399441055744.0;   // 1.5·2⁵², added to round to an integer held in the low bits
        // MaxNative/MinNative return their second operand when either is NaN: x goes second so a NaN carries on.
        x = W.MinNative(W.Broadcast(MaxExponent), W.MaxNative(W.Broadcast(MinExponent), x));
        V shifted = W.MultiplyAdd(x, W.Broadcast(Log2E), W.Broadcast(RoundingShift));
        V k = W.Subtract(shifted, W.Broadcast(RoundingShift));
        V minusK = W.Negate(k);
        V r = W.MultiplyAdd(minusK, W.Broadcast(Ln2Low), W.MultiplyAdd(minusK, W.Broadcast(Ln2High), x));
        // e^r = Σ rⁱ/i!, i = 0..13, by Estrin's scheme: pairs, then r², r⁴, r⁸ — 5 dependent steps instead of 13.
        V r2 = W.Multiply(r, r), r4 = W.Multiply(r2, r2), r8 = W.Multiply(r4, r4);
        V p01 = W.Add(r, W.Broadcast(1));
        V p23 = W.MultiplyAdd(r, W.Broadcast(1.0 / 6), W.Broadcast(0.5));
        V p45 = W.MultiplyAdd(r, W.Broadcast(1.0 / 120), W.Broadcast(1.0 / 24));
        V p67 = W.MultiplyAdd(r, W.Broadcast(1.0 / 5040), W.Broadcast(1.0 / 720));
        V p89 = W.MultiplyAdd(r, W.Broadcast(1.0 / 362880), W.Broadcast(1.0 / 40320));
        V p1011 = W.MultiplyAdd(r, W.Broadcast(1.0 / 39916800), W.Broadcast(1.0 / 3628800));
        V p1213 = W.MultiplyAdd(r, W.Broadcast(1.0 / 6227020800), W.Broadcast(1.0 / 479001600));
        V q0 = W.MultiplyAdd(r2, p23, p01), q1 = W.MultiplyAdd(r2, p67, p45);
        V q2 = W.MultiplyAdd(r2, p1011, p89);
        V p = W.MultiplyAdd(r8, W.MultiplyAdd(r4, p1213, q2), W.MultiplyAdd(r4, q1, q0));
        return W.Multiply(p, W.PowerOfTwo(shifted, RoundingShift));   // 2^k for k in [−1022, 1023]
    }
}
