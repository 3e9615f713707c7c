using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>The squared loss of one sample, ‖a − y‖² (the worksheet's, no ½), and its ∂/∂z, side by side.</summary>
internal static class SquaredLoss
{
    /// <summary>Return Σⱼ (aⱼ − yⱼ)² and write δ = scale · ∂/∂z of it.</summary>
    /// <remarks>
    /// ∂/∂a = 2(a − y). Element-wise outputs: δ = scale · 2(a − y) ⊙ f'(z), f' from a. Softmax: δ = Jᵀg with
    /// g = scale · 2(a − y) and J the softmax Jacobian. The logistic output of the worksheet's default takes the
    /// vectorised path in the backward pass instead, with the same formula.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SampleValueAndDelta<T>(Activation output, ReadOnlySpan<T> a, ReadOnlySpan<T> y, T scale, Span<T> delta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;   // in double in either precision, as the C yardstick sums its cost
        T two = T.One + T.One;
        for (int j = 0; j < a.Length; j++)
        {
            T e = a[j] - y[j];
            sum += double.CreateTruncating(e * e);
            delta[j] = two * scale * e;
        }
        if (output == Activation.Softmax) SoftmaxActivation.BackpropagateGradient(a, delta, delta);
        else if (output != Activation.Identity)
            for (int j = 0; j < a.Length; j++) delta[j] *= T.CreateTruncating(output.DerivativeFromValue(double.CreateTruncating(a[j])));
        return sum;
    }
}
