using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>
/// The one matrix product the forward and backward passes need, C += A·B, register-blocked on 512-bit vectors:
/// 8 rows of C by 16 columns are kept in 16 registers while the reduction runs, so every loaded value of B
/// feeds 8 fused multiply-adds. Callers pad rows to a multiple of 8 and columns to a multiple of 8; the kernels
/// do not check shapes (debug builds assert them).
/// </summary>
/// <remarks>
/// A is read through strides, A(r, k) = A[r·aRowStride + k·aColumnStride], so one kernel serves W·a (forward),
/// Wᵀ·δ (backward, no transposed copy) and δ·aᵀ (the weight gradient, with aᵀ stored transposed).
/// The plain triple loop these must agree with is in the tests.
/// </remarks>
internal static class MatrixKernels
{
    private static readonly double[] Zeros = new double[16];   // the row offset of a plain product

    /// <summary>C[M × columns] += A[M × K] · B[K × columns]; M and columns multiples of 8.</summary>
    public static void MultiplyAdd(int M, int columns, int K,
        ReadOnlySpan<double> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<double> B, int ldb, Span<double> C, int ldc) =>
        Run(M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, accumulate: true, rowOffset: default);

    /// <summary>
    /// C[M × columns] = A[M × K] · B[K × columns] + 1·rᵀ, where the row r is added to every row of the product (zero
    /// when <paramref name="rowOffset"/> is empty); M and columns multiples of 8. C is written, not read.
    /// </summary>
    public static void Multiply(int M, int columns, int K,
        ReadOnlySpan<double> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<double> B, int ldb, Span<double> C, int ldc, ReadOnlySpan<double> rowOffset = default) =>
        Run(M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, accumulate: false, rowOffset);

    private static void Run(int M, int columns, int K,
        ReadOnlySpan<double> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<double> B, int ldb, Span<double> C, int ldc, bool accumulate, ReadOnlySpan<double> rowOffset)
    {
        Debug.Assert(M % 8 == 0 && columns % 8 == 0);
        Debug.Assert(M == 0 || K == 0 || A.Length >= (M - 1) * aRowStride + (K - 1) * aColumnStride + 1);
        Debug.Assert(K == 0 || B.Length >= (K - 1) * ldb + columns);
        Debug.Assert(M == 0 || C.Length >= (M - 1) * ldc + columns);
        Debug.Assert(rowOffset.IsEmpty || rowOffset.Length >= columns);
        if (M == 0 || columns == 0) return;
        ref double a = ref MemoryMarshal.GetReference(A);
        ref double b = ref MemoryMarshal.GetReference(B);
        ref double c = ref MemoryMarshal.GetReference(C);
        ref double r = ref rowOffset.IsEmpty ? ref MemoryMarshal.GetArrayDataReference(Zeros) : ref MemoryMarshal.GetReference(rowOffset);
        nint rStep = rowOffset.IsEmpty ? 0 : 1;   // the zero row is 16 long: it is not advanced along the columns
        int j = 0;
        for (; j + 16 <= columns; j += 16)
            for (int m = 0; m < M; m += 8)
                Block8x16(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref Unsafe.Add(ref r, j * rStep));
        if (j < columns)
            for (int m = 0; m < M; m += 8)
                Block8x8(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref Unsafe.Add(ref r, j * rStep));
    }

    // C[8 × 16] (+)= A[8 × K] · B[K × 16] (+ r), in 16 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x16(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc),
            r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc), r6 = ref Unsafe.Add(ref c, 6 * ldc), r7 = ref Unsafe.Add(ref c, 7 * ldc);
        Vector512<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate)
        {
            c00 = Vector512.LoadUnsafe(ref r0); c01 = Vector512.LoadUnsafe(ref r0, 8);
            c10 = Vector512.LoadUnsafe(ref r1); c11 = Vector512.LoadUnsafe(ref r1, 8);
            c20 = Vector512.LoadUnsafe(ref r2); c21 = Vector512.LoadUnsafe(ref r2, 8);
            c30 = Vector512.LoadUnsafe(ref r3); c31 = Vector512.LoadUnsafe(ref r3, 8);
            c40 = Vector512.LoadUnsafe(ref r4); c41 = Vector512.LoadUnsafe(ref r4, 8);
            c50 = Vector512.LoadUnsafe(ref r5); c51 = Vector512.LoadUnsafe(ref r5, 8);
            c60 = Vector512.LoadUnsafe(ref r6); c61 = Vector512.LoadUnsafe(ref r6, 8);
            c70 = Vector512.LoadUnsafe(ref r7); c71 = Vector512.LoadUnsafe(ref r7, 8);
        }
        else
        {
            c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = Vector512.LoadUnsafe(ref r);
            c01 = c11 = c21 = c31 = c41 = c51 = c61 = c71 = Vector512.LoadUnsafe(ref r, 8);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector512<double> b0 = Vector512.LoadUnsafe(ref bk), b1 = Vector512.LoadUnsafe(ref bk, 8);
            Vector512<double> x = Vector512.Create(ak);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref ak, 2 * sam));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(Unsafe.Add(ref ak, 3 * sam));
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(Unsafe.Add(ref ak, 4 * sam));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(Unsafe.Add(ref ak, 5 * sam));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(Unsafe.Add(ref ak, 6 * sam));
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(Unsafe.Add(ref ak, 7 * sam));
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
        }
        c00.StoreUnsafe(ref r0); c01.StoreUnsafe(ref r0, 8);
        c10.StoreUnsafe(ref r1); c11.StoreUnsafe(ref r1, 8);
        c20.StoreUnsafe(ref r2); c21.StoreUnsafe(ref r2, 8);
        c30.StoreUnsafe(ref r3); c31.StoreUnsafe(ref r3, 8);
        c40.StoreUnsafe(ref r4); c41.StoreUnsafe(ref r4, 8);
        c50.StoreUnsafe(ref r5); c51.StoreUnsafe(ref r5, 8);
        c60.StoreUnsafe(ref r6); c61.StoreUnsafe(ref r6, 8);
        c70.StoreUnsafe(ref r7); c71.StoreUnsafe(ref r7, 8);
    }

    // C[8 × 8] (+)= A[8 × K] · B[K × 8] (+ r), in 8 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x8(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc),
            r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc), r6 = ref Unsafe.Add(ref c, 6 * ldc), r7 = ref Unsafe.Add(ref c, 7 * ldc);
        Vector512<double> c0, c1, c2, c3, c4, c5, c6, c7;
        if (accumulate)
        {
            c0 = Vector512.LoadUnsafe(ref r0); c1 = Vector512.LoadUnsafe(ref r1); c2 = Vector512.LoadUnsafe(ref r2); c3 = Vector512.LoadUnsafe(ref r3);
            c4 = Vector512.LoadUnsafe(ref r4); c5 = Vector512.LoadUnsafe(ref r5); c6 = Vector512.LoadUnsafe(ref r6); c7 = Vector512.LoadUnsafe(ref r7);
        }
        else c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = Vector512.LoadUnsafe(ref r);
        ref double bkRef = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bkRef = ref Unsafe.Add(ref bkRef, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector512<double> bk = Vector512.LoadUnsafe(ref bkRef);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ak), bk, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, sam)), bk, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 2 * sam)), bk, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 3 * sam)), bk, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 4 * sam)), bk, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 5 * sam)), bk, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 6 * sam)), bk, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ak, 7 * sam)), bk, c7);
        }
        c0.StoreUnsafe(ref r0); c1.StoreUnsafe(ref r1); c2.StoreUnsafe(ref r2); c3.StoreUnsafe(ref r3);
        c4.StoreUnsafe(ref r4); c5.StoreUnsafe(ref r5); c6.StoreUnsafe(ref r6); c7.StoreUnsafe(ref r7);
    }
}
