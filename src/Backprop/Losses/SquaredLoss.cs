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
    public static double SampleValueAndDelta(Activation output, ReadOnlySpan<double> a, ReadOnlySpan<double> y, double scale, Span<double> delta)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double e = a[j] - y[j];
            sum += e * e;
            delta[j] = 2 * scale * e;
        }
        if (output == Activation.Softmax) SoftmaxActivation.BackpropagateGradient(a, delta, delta);
        else if (output != Activation.Identity)
            for (int j = 0; j < a.Length; j++) delta[j] *= output.DerivativeFromValue(a[j]);
        return sum;
    }
}
