using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>The cross-entropy of one sample, from z, and its ∂/∂z, side by side.</summary>
/// <remarks>
/// Softmax output: −Σⱼ yⱼ log aⱼ = Σⱼ yⱼ (lse(z) − zⱼ), lse(z) = log Σᵢ e^(zᵢ), and ∂/∂zⱼ = aⱼ Σᵢ yᵢ − yⱼ, which is
/// a − y for targets that sum to 1: the softmax Jacobian cancels against 1/a.
/// Logistic output (binary, per neuron): −[y log a + (1 − y) log(1 − a)] = softplus(z) − y z, with
/// softplus(z) = max(z, 0) + log(1 + e^(−|z|)), and ∂/∂z = σ(z) − y = a − y: σ' = a(1 − a) cancels.
/// Computing from z keeps the loss finite and exact where a has rounded to 0 or 1.
/// </remarks>
internal static class CrossEntropyLoss
{
    /// <summary>Return the sample's cross-entropy and write δ = scale · ∂/∂z of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SampleValueAndDelta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        T scale, Span<T> delta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;   // in double in either precision, as the C yardstick sums its cost
        if (output == Activation.Softmax)
        {
            T lse = SoftmaxActivation.LogSumExp(z, a), targetSum = T.Zero;
            for (int j = 0; j < z.Length; j++)
            {
                sum += double.CreateTruncating(y[j] * (lse - z[j]));
                targetSum += y[j];
            }
            for (int j = 0; j < z.Length; j++) delta[j] = scale * (a[j] * targetSum - y[j]);
            return sum;
        }
        for (int j = 0; j < z.Length; j++)
        {
            sum += double.CreateTruncating(Softplus(z[j]) - y[j] * z[j]);
            delta[j] = scale * (a[j] - y[j]);
        }
        return sum;
    }

    /// <summary>log(1 + e^z) without overflow: max(z, 0) + log(1 + e^(−|z|)).</summary>
    public static T Softplus<T>(T z) where T : unmanaged, IFloatingPointIeee754<T> => T.Max(z, T.Zero) + T.Log(T.One + T.Exp(-T.Abs(z)));
}
