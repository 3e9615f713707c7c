using System.Numerics;
using System.Runtime.Intrinsics;

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
        Product<double> product = Product<double>.Random(M, columns, K, transposedA, mode);
        double[] expected = product.PlainLoop(fused: false);

        if (mode == Mode.Accumulate) MatrixKernels.MultiplyAdd(M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb, product.C, product.Ldc);
        else MatrixKernels.Multiply(M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb, product.C, product.Ldc, mode == Mode.Overwrite ? default : product.RowOffset);

        for (int i = 0; i < product.C.Length; i++)
            Assert.True(Math.Abs(product.C[i] - expected[i]) <= 1e-13 * K, $"element {i}: {product.C[i]} vs {expected[i]}");
    }

    // The widths by name (the enum is internal, and a theory's parameters are public), with shapes in multiples of each
    // width's granularity for the element type.
    public static TheoryData<string, string, int, int> WidthsAndShapes()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (KernelWidth width in Enum.GetValues<KernelWidth>().Where(MatrixKernels.IsAccelerated))
            foreach ((string element, int granularity) in new[] { ("double", MatrixKernels.GranularityOf<double>(width)), ("float", MatrixKernels.GranularityOf<float>(width)) })
                foreach (int M in new[] { 2, 4, 6, 8, 12, 16, 24, 32 }.Where(m => m % granularity == 0))
                    foreach (int columns in new[] { 4, 8, 12, 16, 20, 24, 44, 48, 72, 80 }.Where(c => c % granularity == 0))
                        data.Add(width.ToString(), element, M, columns);
        return data;
    }

    /// <summary>
    /// Every kernel this machine can run, not only the one it picks (so the 256-bit and 128-bit blocks are tried on an
    /// AVX-512 machine too), in double and in float, sums each element's K products in order by fused multiply-adds:
    /// exactly the bits of a plain loop of fused multiply-adds in that precision, which is what keeps results the same on
    /// every machine.
    /// </summary>
    [Theory]
    [MemberData(nameof(WidthsAndShapes))]
    public void EveryWidth_GivesThePlainFusedLoopsBits(string widthName, string element, int M, int columns)
    {
        KernelWidth width = Enum.Parse<KernelWidth>(widthName);
        if (element == "double") GivesThePlainFusedLoopsBits<double>(width, M, columns);
        else GivesThePlainFusedLoopsBits<float>(width, M, columns);
    }

    private static void GivesThePlainFusedLoopsBits<T>(KernelWidth width, int M, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int K in new[] { 0, 1, 2, 7, 17, 64 })
            foreach (bool transposedA in new[] { false, true })
                foreach (Mode mode in Enum.GetValues<Mode>())
                {
                    Product<T> product = Product<T>.Random(M, columns, K, transposedA, mode);
                    T[] expected = product.PlainLoop(fused: true);
                    MatrixKernels.Run<T>(width, M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb,
                        product.C, product.Ldc, accumulate: mode == Mode.Accumulate, mode == Mode.OverwriteWithRowOffset ? product.RowOffset : default);
                    for (int i = 0; i < product.C.Length; i++)
                        Assert.True(product.C[i].Equals(expected[i]), $"{width} {typeof(T).Name} K={K} transposed={transposedA} {mode}, element {i}: {product.C[i]} vs {expected[i]}");
                }
    }

    public static TheoryData<string, string> WidthsAndElements()
    {
        var data = new TheoryData<string, string>();
        foreach (KernelWidth width in Enum.GetValues<KernelWidth>().Where(MatrixKernels.IsAccelerated))
        {
            data.Add(width.ToString(), "double");
            data.Add(width.ToString(), "float");
        }
        return data;
    }

    /// <summary>
    /// The products of the neuron-rows layout take any even number of rows (a layer's neurons rounded up to 2: 2, 8, 14,
    /// 50…), at every width this machine runs, in double and float: the plain fused loop's bits, as the padded ones.
    /// </summary>
    [Theory]
    [MemberData(nameof(WidthsAndElements))]
    public void EvenRows_AtEveryWidth_GiveThePlainFusedLoopsBits(string widthName, string element)
    {
        KernelWidth width = Enum.Parse<KernelWidth>(widthName);
        if (element == "double") EvenRowsGiveThePlainFusedLoopsBits<double>(width);
        else EvenRowsGiveThePlainFusedLoopsBits<float>(width);
    }

    private static void EvenRowsGiveThePlainFusedLoopsBits<T>(KernelWidth width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int granularity = MatrixKernels.GranularityOf<T>(width);
        foreach (int M in new[] { 2, 4, 6, 8, 10, 14, 50 })
            foreach (int columns in new[] { 1, 2, 3, 5, 8 }.Select(v => v * granularity))
                foreach (int K in new[] { 0, 1, 7, 64 })
                    foreach (bool transposedA in new[] { false, true })
                        foreach (Mode mode in new[] { Mode.Accumulate, Mode.Overwrite })
                        {
                            Product<T> product = Product<T>.Random(M, columns, K, transposedA, mode);
                            T[] expected = product.PlainLoop(fused: true);
                            MatrixKernels.RunEvenRows<T>(width, M, columns, K, product.A, product.ARowStride, product.AColumnStride, product.B, product.Ldb,
                                product.C, product.Ldc, accumulate: mode == Mode.Accumulate);
                            for (int i = 0; i < product.C.Length; i++)
                                Assert.True(product.C[i].Equals(expected[i]), $"{width} {typeof(T).Name} M={M} columns={columns} K={K} transposed={transposedA} {mode}, element {i}: {product.C[i]} vs {expected[i]}");
                        }
    }

    /// <summary>A neuron-rows tile transposed for the weight gradient: any rows (whole blocks and the rows after), in both element types, with strides.</summary>
    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 16)]
    [InlineData(4, 8)]
    [InlineData(7, 64)]
    [InlineData(8, 40)]
    [InlineData(13, 24)]
    [InlineData(50, 64)]
    public void TransposeRows_SwapsRowsAndColumns(int rows, int columns)
    {
        TransposeRowsSwaps<double>(rows, columns);
        TransposeRowsSwaps<float>(rows, columns);
    }

    private static void TransposeRowsSwaps<T>(int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int sourceStride = columns + 8, destinationStride = rows + 5;
        T[] source = [.. Enumerable.Range(0, rows * sourceStride).Select(i => T.CreateChecked(i))];
        T[] destination = new T[columns * destinationStride];
        destination.AsSpan().Fill(T.NegativeOne);
        MatrixKernels.TransposeRows<T>(source, sourceStride, rows, columns, destination, destinationStride);
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < destinationStride; i++)
                Assert.Equal(i < rows ? source[i * sourceStride + j] : T.NegativeOne, destination[j * destinationStride + i]);   // the columns past the rows are left alone
    }

    // C (M × columns, row stride ldc) (+)= A · B (+ row offset), with random operands in double or float; A is M × K,
    // stored either row by row (stride K) or transposed (A(r, k) at k·M + r), with slack after it.
    private sealed record Product<T>(int M, int Columns, int K, Mode Mode, T[] A, int ARowStride, int AColumnStride,
        T[] B, int Ldb, T[] C, int Ldc, T[] RowOffset) where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Product<T> Random(int M, int columns, int K, bool transposedA, Mode mode)
        {
            var random = new Random(M * 1_000_000 + columns * 1000 + K * 2 + (transposedA ? 1 : 0));
            T Next() => T.CreateChecked(random.NextDouble() * 2 - 1);
            int ldb = columns + 3, ldc = columns + 5;
            return new Product<T>(M, columns, K, mode,
                [.. Enumerable.Range(0, M * Math.Max(K, 1) + 5).Select(_ => Next())], transposedA ? 1 : K, transposedA ? M : 1,
                [.. Enumerable.Range(0, Math.Max(K, 1) * ldb).Select(_ => Next())], ldb,
                [.. Enumerable.Range(0, M * ldc).Select(_ => Next())], ldc,
                [.. Enumerable.Range(0, columns).Select(_ => Next())]);
        }

        // The triple loop, each element's products added in order, rounded after each (or fused, rounded once each), in T.
        public T[] PlainLoop(bool fused)
        {
            T[] expected = (T[])C.Clone();
            for (int r = 0; r < M; r++)
                for (int j = 0; j < Columns; j++)
                {
                    T sum = Mode == Mode.Accumulate ? C[r * Ldc + j] : Mode == Mode.OverwriteWithRowOffset ? RowOffset[j] : T.Zero;
                    for (int k = 0; k < K; k++)
                    {
                        T a = A[r * ARowStride + k * AColumnStride], b = B[k * Ldb + j];
                        sum = fused ? T.FusedMultiplyAdd(a, b, sum) : sum + a * b;
                    }
                    expected[r * Ldc + j] = sum;
                }
            return expected;
        }
    }

    /// <summary>
    /// The float widths' own bit tricks, against the scalar maths: 2^k built in the exponent bits for every normal k,
    /// and 1/d within two ulps of the division (the 512-bit one from a 14-bit estimate and a Newton step).
    /// </summary>
    [Fact]
    public void FloatWidths_PowerOfTwoAndReciprocal_AreTheScalarOnes()
    {
        if (Vector512.IsHardwareAccelerated) PowerOfTwoAndReciprocal<Width512<float>, Vector512<float>>();
        if (Vector256.IsHardwareAccelerated) PowerOfTwoAndReciprocal<Width256<float>, Vector256<float>>();
        if (Vector128.IsHardwareAccelerated) PowerOfTwoAndReciprocal<Width128<float>, Vector128<float>>();
    }

    private static void PowerOfTwoAndReciprocal<W, V>() where W : struct, IVectorWidth<V, float> where V : struct
    {
        const float Shift = 1.5f * (1 << 23);
        var lanes = new float[W.Lanes];
        for (int k = -126; k <= 127; k++)
        {
            W.Store(W.PowerOfTwo(W.Broadcast(k + Shift), Shift), ref lanes[0]);
            Assert.All(lanes, value => Assert.Equal(MathF.Pow(2, k), value));
        }
        var random = new Random(5);
        for (int i = 0; i < 1000; i++)
        {
            float d = 1 + (float)(random.NextDouble() * Math.Pow(10, random.Next(7)));
            W.Store(W.Reciprocal(W.Broadcast(d)), ref lanes[0]);
            float exact = 1 / d;
            Assert.All(lanes, value => Assert.True(Math.Abs(value - exact) <= 2 * MathF.BitIncrement(exact) - 2 * exact, $"1/{d}: {value} vs {exact}"));
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
