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
    /// <remarks>Vectorised: within a few units in the last place of <see cref="Math.Cosh"/> (1.7·10⁻¹⁵ relative at |z| ≈ 20), and
    /// ten times faster, which the worksheet's σ′ = cosh(z/2)⁻² / 4, called millions of times in its training, needs.</remarks>
    public static Matrix Cosh(Matrix z) => Elementwise(z, static (x, to) => TensorPrimitives.Cosh(x, to));

    /// <summary>tanh z for every element z (numpy's <c>np.tanh</c>).</summary>
    /// <remarks>By <see cref="Math.Tanh"/>, as numpy's C library does: the vectorised form, from e^(−2|z|) − 1, loses digits near 0 (2·10⁻⁵ relative at 10⁻¹²).</remarks>
    public static Matrix Tanh(Matrix z) => Elementwise(z, static (x, to) =>
    {
        for (int i = 0; i < x.Length; i++) to[i] = Math.Tanh(x[i]);
    });

    /// <summary>zᵖ for every element z (numpy's <c>z ** p</c>).</summary>
    /// <remarks>Whole powers from −4 to 4 are products (and a reciprocal), as fast as the other operations; others take <see cref="Math.Pow"/> per element.</remarks>
    public static Matrix Pow(Matrix z, double p)
    {
        if (p != Math.Round(p) || Math.Abs(p) > 4) return Elementwise(z, (x, to) => TensorPrimitives.Pow(x, p, to));
        Matrix power = Elementwise(z, static (x, to) => to.Fill(1));
        for (int k = 0; k < Math.Abs(p); k++) TensorPrimitives.Multiply(power._values, z._values, power._values);
        if (p < 0) TensorPrimitives.Divide(1.0, power._values, power._values);
        for (int i = 0; i < power._values.Length; i++)   // where the product overflowed or underflowed on the way: Math.Pow
            if (!double.IsNormal(power._values[i])) power._values[i] = Math.Pow(z._values[i], p);
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
            for (int i = 0; i < a.Rows; i++) rowSums._values[i] = NumpySum(a.Row(i));
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
        return NumpySum(a._values);
    }

    // numpy's pairwise summation (its pairwise_sum, for a contiguous run), so that sums agree with numpy's to the last bit:
    // fewer than 8 terms in order; up to 128 in 8 running sums added as a tree; more split in halves (multiples of 8).
    private static double NumpySum(ReadOnlySpan<double> a) => 0.0 + PairwiseSum(a);

    private static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double sum = 0;
            foreach (double v in a) sum += v;
            return sum;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            double result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) result += a[i];
            return result;
        }
        int half = n / 2;
        half -= half % 8;
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
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
