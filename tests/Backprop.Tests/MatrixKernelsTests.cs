namespace Backprop.Tests;

/// <summary>The register-blocked product against a plain triple loop, over sizes that reach every block and tail.</summary>
public class MatrixKernelsTests
{
    public enum Mode { Accumulate, Overwrite, OverwriteWithRowOffset }

    public static TheoryData<int, int, int, bool, Mode> Sizes()
    {
        var data = new TheoryData<int, int, int, bool, Mode>();
        // Multiples of the kernels' granularity: 8 with AVX-512, 4 with 256-bit vectors (4, 12, 20 and 44 reach the
        // 4-column and 4- and 2-row blocks there); sizes that are not multiples of it are left out.
        foreach (int M in new[] { 4, 8, 12, 16, 24 }.Where(m => m % MatrixKernels.Granularity == 0))
            foreach (int columns in new[] { 4, 8, 12, 16, 20, 24, 40, 44, 72 }.Where(c => c % MatrixKernels.Granularity == 0))
                foreach (int K in new[] { 0, 1, 2, 7, 8, 17, 64 })
                    foreach (bool transposed in new[] { false, true })
                        foreach (Mode mode in Enum.GetValues<Mode>())
                            data.Add(M, columns, K, transposed, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MultiplyAdd_AndMultiply_AgreeWithPlainLoop(int M, int columns, int K, bool transposedA, Mode mode)
    {
        var random = new Random(M * 1_000_000 + columns * 1000 + K * 2 + (transposedA ? 1 : 0));
        double Next() => random.NextDouble() * 2 - 1;
        // A is M × K, stored either row by row (stride K) or transposed (A(r, k) at k·M + r), with slack after it.
        int aRowStride = transposedA ? 1 : K, aColumnStride = transposedA ? M : 1;
        double[] A = [.. Enumerable.Range(0, M * Math.Max(K, 1) + 5).Select(_ => Next())];
        int ldb = columns + 3, ldc = columns + 5;
        double[] B = [.. Enumerable.Range(0, Math.Max(K, 1) * ldb).Select(_ => Next())];
        double[] C = [.. Enumerable.Range(0, M * ldc).Select(_ => Next())];
        double[] rowOffset = [.. Enumerable.Range(0, columns).Select(_ => Next())];
        double[] expected = (double[])C.Clone();
        for (int r = 0; r < M; r++)
            for (int j = 0; j < columns; j++)
            {
                if (mode != Mode.Accumulate) expected[r * ldc + j] = mode == Mode.OverwriteWithRowOffset ? rowOffset[j] : 0;
                for (int k = 0; k < K; k++)
                    expected[r * ldc + j] += A[r * aRowStride + k * aColumnStride] * B[k * ldb + j];
            }

        if (mode == Mode.Accumulate) MatrixKernels.MultiplyAdd(M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc);
        else MatrixKernels.Multiply(M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, mode == Mode.Overwrite ? default : rowOffset);

        for (int i = 0; i < C.Length; i++)
            Assert.True(Math.Abs(C[i] - expected[i]) <= 1e-13 * K, $"element {i}: {C[i]} vs {expected[i]}");
    }

    public static TheoryData<int, int> TransposeSizes()
    {
        var data = new TheoryData<int, int>();
        foreach ((int rows, int columns) in new[] { (8, 8), (8, 24), (56, 8), (56, 56), (4, 12), (52, 4), (12, 52) })
            if (rows % MatrixKernels.Granularity == 0 && columns % MatrixKernels.Granularity == 0) data.Add(rows, columns);
        return data;
    }

    [Theory]
    [MemberData(nameof(TransposeSizes))]
    public void Transpose_SwapsRowsAndColumns(int rows, int columns)
    {
        double[] source = [.. Enumerable.Range(0, rows * columns).Select(i => (double)i)];
        double[] destination = new double[rows * columns];
        MatrixKernels.Transpose(source, rows, columns, destination);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                Assert.Equal(source[i * columns + j], destination[j * rows + i]);
    }
}
