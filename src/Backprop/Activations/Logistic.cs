using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>
/// The logistic activation σ(z) = 1 / (1 + e^(−z)) and its derivative, side by side.
/// </summary>
public static partial class Logistic
{
    /// <summary>Compute σ(z) = 1 / (1 + e^(−z)).</summary>
    public static double Value(double z) => ValueFunction.Apply(z);

    /// <summary>Compute σ'(z) = cosh(z/2)^(−2) / 4, the worksheet's form of the derivative.</summary>
    /// <remarks>Equal to σ(z)(1 − σ(z)); finite for every finite z (it underflows to 0 for |z| beyond ~1420).</remarks>
    public static double Derivative(double z) => Math.Pow(Math.Cosh(z / 2), -2) / 4;

    /// <summary>Compute σ'(z) from a = σ(z), as a(1 − a): the form the training loop uses, since a is at hand.</summary>
    public static double DerivativeFromValue(double a) => a * (1 - a);

    /// <summary>δ ⊙= σ'(z) = a(1 − a), element by element (lengths a multiple of 8).</summary>
    internal static void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a) => Elementwise.MultiplyByDerivative<DerivativeStep, double>(delta, a);

    /// <summary>a = σ(z) in float32, element by element, by the same steps as the double σ at float's precision.</summary>
    internal static void Value(ReadOnlySpan<float> z, Span<float> a) => Elementwise.Map<ValueFunction, float>(z, a);

    /// <summary>δ ⊙= a(1 − a) in float32.</summary>
    internal static void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a) => Elementwise.MultiplyByDerivative<DerivativeStep, float>(delta, a);

    // σ at any width and element type; one number, 1 / (1 + e^(−z)), by the C library's exp.
    private readonly struct ValueFunction : IElementFunction
    {
        public static T Apply<T>(T z) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-z));

        public static V Apply<W, V, T>(V z) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T> =>
            Value<W, V, T>(z);
    }

    // δ·a(1 − a), at any width.
    private readonly struct DerivativeStep : IDerivativeStep
    {
        public static T Apply<T>(T delta, T a) where T : unmanaged, IFloatingPointIeee754<T> => delta * a * (T.One - a);

        public static V Apply<W, V, T>(V delta, V a) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T> =>
            W.Multiply(W.Multiply(delta, a), W.Subtract(W.Broadcast(T.One), a));
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
    internal static Vector512<double> Value(Vector512<double> z) => Value<Width512<double>, Vector512<double>, double>(z);

    /// <summary>Compute σ(z) in each lane of a vector of any width, in double or float: the one copy of the vector σ.</summary>
    /// <remarks>1/(1 + e^(−z)) by the width's reciprocal (at 512 bits an estimate refined by Newton's steps, below a division).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static V Value<W, V, T>(V z) where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged, IFloatingPointIeee754<T>
    {
        V x = W.Negate(z);
        V a = W.Reciprocal(W.Add(W.Broadcast(T.One), FastExp.Exp<W, V, T>(x)));
        return W.Select(W.GreaterThan(x, W.Broadcast(FastExp.Highest<T>())), W.Broadcast(T.Zero), a);
    }
}
