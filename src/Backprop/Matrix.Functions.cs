using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// numpy's functions on whole matrices, for code that reads like the worksheet (with <c>using static Backprop.Matrix;</c>):
/// <c>1 / (1 + Exp(-z))</c>, <c>Pow(Cosh(z / 2), -2) / 4</c>, <c>Sum(J, axis: 1)</c>, <c>Norm(a - y)</c>.
/// </summary>
public sealed partial class Matrix
{
    /// <summary>eᶻ for every element z (numpy's <c>np.exp</c>).</summary>
    public static Matrix Exp(Matrix z) => Elementwise(z, static (x, to) => TensorPrimitives.Exp(x, to));

    /// <summary>cosh z for every element z (numpy's <c>np.cosh</c>).</summary>
    public static Matrix Cosh(Matrix z) => Elementwise(z, static (x, to) => TensorPrimitives.Cosh(x, to));

    /// <summary>tanh z for every element z (numpy's <c>np.tanh</c>).</summary>
    public static Matrix Tanh(Matrix z) => Elementwise(z, static (x, to) => TensorPrimitives.Tanh(x, to));

    /// <summary>zᵖ for every element z (numpy's <c>z ** p</c>).</summary>
    /// <remarks>Whole powers from −4 to 4 are products (and a reciprocal), as fast as the other operations; others take <see cref="Math.Pow"/> per element.</remarks>
    public static Matrix Pow(Matrix z, double p)
    {
        if (p != Math.Round(p) || Math.Abs(p) > 4) return Elementwise(z, (x, to) => TensorPrimitives.Pow(x, p, to));
        Matrix power = Elementwise(z, static (x, to) => to.Fill(1));
        for (int k = 0; k < Math.Abs(p); k++) TensorPrimitives.Multiply(power._values, z._values, power._values);
        if (p < 0) TensorPrimitives.Divide(1.0, power._values, power._values);
        return power;
    }

    /// <summary>
    /// The sum along one axis, kept as a matrix (numpy's <c>np.sum(a, axis, keepdims=True)</c>): axis 1 adds along each
    /// row, over the samples, giving a column (rows × 1), as a bias's Jacobian needs; axis 0 adds down each column, over
    /// the neurons, giving a row (1 × columns).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is neither 0 nor 1.</exception>
    public static Matrix Sum(Matrix a, int axis)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (axis is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(axis), axis, "a matrix has axis 0 (down its columns) and axis 1 (along its rows)");
        if (axis == 1)
        {
            Matrix rowSums = Uninitialized(a.Rows, 1);
            for (int i = 0; i < a.Rows; i++) rowSums._values[i] = TensorPrimitives.Sum<double>(a.Row(i));
            return rowSums;
        }
        var columnSums = new Matrix(1, a.Columns);
        for (int i = 0; i < a.Rows; i++) TensorPrimitives.Add(columnSums._values, a.Row(i), columnSums._values);
        return columnSums;
    }

    /// <summary>The sum of every element (numpy's <c>np.sum(a)</c>).</summary>
    public static double Sum(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return TensorPrimitives.Sum<double>(a._values);
    }

    /// <summary>The Frobenius norm √(Σᵢⱼ aᵢⱼ²) (numpy's <c>np.linalg.norm(a)</c>).</summary>
    public static double Norm(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Math.Sqrt(TensorPrimitives.SumOfSquares<double>(a._values));
    }

    private delegate void SpanFunction(ReadOnlySpan<double> x, Span<double> to);

    private static Matrix Elementwise(Matrix z, SpanFunction function)
    {
        ArgumentNullException.ThrowIfNull(z);
        Matrix result = Uninitialized(z.Rows, z.Columns);
        function(z._values, result._values);
        return result;
    }
}
