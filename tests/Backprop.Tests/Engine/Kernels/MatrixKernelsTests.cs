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
        Product product = Product.Random(M, columns, K, transposedA, mode);
        double[] expected = product.PlainLoop(fused: false);

        if (mode == Mode.Accumulate) MatrixKernels.MultiplyAdd(M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb, product.C, product.Ldc);
        else MatrixKernels.Multiply(M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb, product.C, product.Ldc, mode == Mode.Overwrite ? default : product.RowOffset);

        for (int i = 0; i < product.C.Length; i++)
            Assert.True(Math.Abs(product.C[i] - expected[i]) <= 1e-13 * K, $"element {i}: {product.C[i]} vs {expected[i]}");
    }

    // The widths by name: the enum is internal, and a theory's parameters are public.
    public static TheoryData<string, int, int> WidthsAndShapes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (KernelWidth width in Enum.GetValues<KernelWidth>().Where(MatrixKernels.IsAccelerated))
            foreach (int M in new[] { 2, 4, 6, 8, 12, 16, 24 }.Where(m => m % MatrixKernels.GranularityOf(width) == 0))
                foreach (int columns in new[] { 4, 8, 12, 16, 20, 24, 44, 72 }.Where(c => c % MatrixKernels.GranularityOf(width) == 0))
                    data.Add(width.ToString(), M, columns);
        return data;
    }

    /// <summary>
    /// Every kernel this machine can run, not only the one it picks (so the 256-bit and 128-bit blocks are tried on an
    /// AVX-512 machine too), sums each element's K products in order by fused multiply-adds: exactly the bits of a
    /// plain loop of <see cref="Math.FusedMultiplyAdd"/>, which is what keeps results the same on every machine.
    /// </summary>
    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void EveryWidth_GivesThePlainFusedLoopsBits(string widthName, int M, int columns)
    {
        KernelWidth width = Enum.Parse<KernelWidth>(widthName);
        foreach (int K in new[] { 0, 1, 2, 7, 17, 64 })
            foreach (bool transposedA in new[] { false, true })
                foreach (Mode mode in Enum.GetValues<Mode>())
                {
                    Product product = Product.Random(M, columns, K, transposedA, mode);
                    double[] expected = product.PlainLoop(fused: true);
                    MatrixKernels.Run(width, M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb,
                        product.C, product.Ldc, accumulate: mode == Mode.Accumulate, mode == Mode.OverwriteWithRowOffset ? product.RowOffset : default);
                    for (int i = 0; i < product.C.Length; i++)
                        Assert.True(product.C[i].Equals(expected[i]), $"{width} K={K} transposed={transposedA} {mode}, element {i}: {product.C[i]:R} vs {expected[i]:R}");
                }
    }

    // C (M × columns, row stride ldc) (+)= A · B (+ row offset), with random operands; A is M × K, stored either row by
    // row (stride K) or transposed (A(r, k) at k·M + r), with slack after it.
    private sealed record Product(int M, int Columns, int K, Mode Mode, double[] A, int ARowStride, int AColumnStride,
        double[] B, int Ldb, double[] C, int Ldc, double[] RowOffset)
    {
        public static Product Random(int M, int columns, int K, bool transposedA, Mode mode)
        {
            var random = new Random(M * 1_000_000 + columns * 1000 + K * 2 + (transposedA ? 1 : 0));
            double Next() => random.NextDouble() * 2 - 1;
            int ldb = columns + 3, ldc = columns + 5;
            return new Product(M, columns, K, mode,
                [.. Enumerable.Range(0, M * Math.Max(K, 1) + 5).Select(_ => Next())], transposedA ? 1 : K, transposedA ? M : 1,
                [.. Enumerable.Range(0, Math.Max(K, 1) * ldb).Select(_ => Next())], ldb,
                [.. Enumerable.Range(0, M * ldc).Select(_ => Next())], ldc,
                [.. Enumerable.Range(0, columns).Select(_ => Next())]);
        }

        // The triple loop, each element's products added in order, rounded after each (or fused, rounded once each).
        public double[] PlainLoop(bool fused)
        {
            double[] expected = (double[])C.Clone();
            for (int r = 0; r < M; r++)
                for (int j = 0; j < Columns; j++)
                {
                    double sum = Mode == Mode.Accumulate ? C[r * Ldc + j] : Mode == Mode.OverwriteWithRowOffset ? RowOffset[j] : 0;
                    for (int k = 0; k < K; k++)
                    {
                        double a = A[r * ARowStride + k * AColumnStride], b = B[k * Ldb + j];
                        sum = fused ? Math.FusedMultiplyAdd(a, b, sum) : sum + a * b;
                    }
                    expected[r * Ldc + j] = sum;
                }
            return expected;
        }
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
