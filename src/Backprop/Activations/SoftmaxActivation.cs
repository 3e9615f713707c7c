using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// The softmax activation over one sample's neurons, aⱼ = e^(zⱼ) / Σᵢ e^(zᵢ), and its Jacobian-vector product.
/// </summary>
/// <remarks>
/// Computed as e^(zⱼ − m) / Σᵢ e^(zᵢ − m) with m = maxᵢ zᵢ, so no exponential overflows. Its Jacobian is
/// ∂aⱼ/∂zᵢ = aⱼ([i = j] − aᵢ); with cross-entropy it cancels to a − y (see <see cref="CrossEntropyLoss"/>).
/// </remarks>
internal static class SoftmaxActivation
{
    /// <summary>Compute a = softmax(z) over the whole span; <paramref name="a"/> may be <paramref name="z"/> itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Value(ReadOnlySpan<double> z, Span<double> a)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z) max = Math.Max(max, v);
        double sum = 0;
        for (int j = 0; j < z.Length; j++) sum += a[j] = Math.Exp(z[j] - max);
        for (int j = 0; j < z.Length; j++) a[j] /= sum;
    }

    /// <summary>Return log Σᵢ e^(zᵢ) given a = softmax(z), as zₖ − log aₖ for the largest zₖ (no exponentials).</summary>
    /// <remarks>
    /// log aₖ = zₖ − log Σᵢ e^(zᵢ) for every k; at the largest zₖ, aₖ ≥ 1/n, so its logarithm loses nothing. The same
    /// value as m + log Σᵢ e^(zᵢ − m), m = maxᵢ zᵢ, to rounding, without a second pass of n exponentials.
    /// </remarks>
    public static double LogSumExp(ReadOnlySpan<double> z, ReadOnlySpan<double> a)
    {
        int k = 0;
        for (int i = 1; i < z.Length; i++)
            if (z[i] > z[k]) k = i;
        return z[k] - Math.Log(a[k]);
    }

    /// <summary>
    /// δ = Jᵀg for the softmax Jacobian J at a: δⱼ = aⱼ(gⱼ − Σᵢ gᵢaᵢ), where g = ∂C/∂a; <paramref name="delta"/> may be <paramref name="g"/>.
    /// </summary>
    public static void BackpropagateGradient(ReadOnlySpan<double> a, ReadOnlySpan<double> g, Span<double> delta)
    {
        double dot = 0;
        for (int i = 0; i < a.Length; i++) dot += g[i] * a[i];
        for (int j = 0; j < a.Length; j++) delta[j] = a[j] * (g[j] - dot);
    }
}
