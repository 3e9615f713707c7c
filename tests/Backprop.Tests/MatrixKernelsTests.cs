namespace Backprop.Tests;

/// <summary>The vectorised kernels against plain triple loops, over sizes that reach every SIMD tail.</summary>
public class MatrixKernelsTests
{
    private static Matrix RandomMatrix(Random random, int rows, int columns)
    {
        var m = new Matrix(rows, columns);
        Span<double> values = m.AsSpan();
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 2 - 1;
        return m;
    }

    public static TheoryData<int, int, int> Sizes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int rows in new[] { 1, 2, 7, 9 })
            foreach (int inner in new[] { 1, 3, 8, 17 })
                foreach (int samples in new[] { 1, 7, 8, 9, 16, 31, 33, 64, 65, 100 })
                    data.Add(rows, inner, samples);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Kernels_AgreeWithPlainLoops(int rows, int inner, int samples)
    {
        var random = new Random(rows * 10_000 + inner * 100 + samples);
        Matrix W = RandomMatrix(random, rows, inner), a = RandomMatrix(random, inner, samples), delta = RandomMatrix(random, rows, samples);
        double[] b = RandomMatrix(random, 1, rows).AsSpan().ToArray();

        var z = new Matrix(rows, samples);
        MatrixKernels.MultiplyAddBias(W, a, b, z);
        var back = new Matrix(inner, samples);
        MatrixKernels.MultiplyTransposed(W, delta, back);
        var outer = new Matrix(rows, inner);
        MatrixKernels.MultiplyByTranspose(delta, a, outer);
        var sums = new double[rows];
        MatrixKernels.SumRows(delta, sums);

        for (int j = 0; j < rows; j++)
            for (int s = 0; s < samples; s++)
            {
                double expected = b[j];
                for (int k = 0; k < inner; k++) expected += W[j, k] * a[k, s];
                Assert.Equal(expected, z[j, s], 1e-12);
            }
        for (int k = 0; k < inner; k++)
            for (int s = 0; s < samples; s++)
            {
                double expected = 0;
                for (int j = 0; j < rows; j++) expected += W[j, k] * delta[j, s];
                Assert.Equal(expected, back[k, s], 1e-12);
            }
        for (int j = 0; j < rows; j++)
        {
            for (int k = 0; k < inner; k++)
            {
                double expected = 0;
                for (int s = 0; s < samples; s++) expected += delta[j, s] * a[k, s];
                Assert.Equal(expected, outer[j, k], 1e-12);
            }
            double sum = 0;
            for (int s = 0; s < samples; s++) sum += delta[j, s];
            Assert.Equal(sum, sums[j], 1e-12);
        }
    }
}
