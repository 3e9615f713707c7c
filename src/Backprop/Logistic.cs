using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// The logistic activation σ(z) = 1 / (1 + e^(−z)) and its derivative, side by side.
/// </summary>
public static class Logistic
{
    /// <summary>Compute σ(z) = 1 / (1 + e^(−z)).</summary>
    public static double Value(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>Compute σ'(z) = cosh(z/2)^(−2) / 4, the worksheet's form of the derivative.</summary>
    /// <remarks>Equal to σ(z)(1 − σ(z)); finite for every finite z (it underflows to 0 for |z| beyond ~1420).</remarks>
    public static double Derivative(double z) => Math.Pow(Math.Cosh(z / 2), -2) / 4;

    /// <summary>Compute σ'(z) from a = σ(z), as a(1 − a): the form the training loop uses, since a is at hand.</summary>
    public static double DerivativeFromValue(double a) => a * (1 - a);

    /// <summary>Compute a = σ(z) element by element.</summary>
    /// <remarks>Vectorised by <see cref="TensorPrimitives.Sigmoid{T}(ReadOnlySpan{T}, Span{T})"/>;
    /// <paramref name="a"/> may be <paramref name="z"/> itself.</remarks>
    public static void Value(ReadOnlySpan<double> z, Span<double> a)
    {
        if (!z.IsEmpty) TensorPrimitives.Sigmoid(z, a);
    }
}
