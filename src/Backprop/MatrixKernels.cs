using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// The matrix products of the forward and backward passes, written over rows of samples so that every
/// inner loop runs over contiguous memory. Callers check shapes; the kernels do not.
/// </summary>
internal static class MatrixKernels
{
    /// <summary>z = W·a + b (b added to every column).</summary>
    public static void MultiplyAddBias(Matrix W, Matrix a, ReadOnlySpan<double> b, Matrix z)
    {
        for (int j = 0; j < W.Rows; j++)
        {
            Span<double> zj = z.Row(j);
            zj.Fill(b[j]);
            ReadOnlySpan<double> Wj = W.Row(j);
            for (int k = 0; k < Wj.Length; k++)
                TensorPrimitives.MultiplyAdd(a.Row(k), Wj[k], zj, zj);
        }
    }

    /// <summary>result = Wᵀ·delta, without forming Wᵀ.</summary>
    public static void MultiplyTransposed(Matrix W, Matrix delta, Matrix result)
    {
        for (int k = 0; k < W.Columns; k++)
        {
            Span<double> rk = result.Row(k);
            rk.Clear();
            for (int j = 0; j < W.Rows; j++)
                TensorPrimitives.MultiplyAdd(delta.Row(j), W[j, k], rk, rk);
        }
    }

    /// <summary>result = delta·aᵀ: element (j, k) is the dot product of row j of delta with row k of a.</summary>
    public static void MultiplyByTranspose(Matrix delta, Matrix a, Matrix result)
    {
        for (int j = 0; j < delta.Rows; j++)
        {
            ReadOnlySpan<double> deltaj = delta.Row(j);
            Span<double> rj = result.Row(j);
            for (int k = 0; k < a.Rows; k++) rj[k] = TensorPrimitives.Dot(deltaj, a.Row(k));
        }
    }

    /// <summary>result_j = Σ over columns of row j of m.</summary>
    public static void SumRows(Matrix m, Span<double> result)
    {
        for (int j = 0; j < m.Rows; j++) result[j] = TensorPrimitives.Sum<double>(m.Row(j));
    }
}
