using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

// The same product on 256-bit vectors, for machines without AVX-512 (AVX2 + FMA: 16 ymm registers). The 8 × 16 block
// of 512-bit accumulators would need 32 of them; the JIT splits each Vector512 into two halves, and the block spills
// on every step. Here a block is 6 rows × 8 columns (12 accumulators, 2 loads of B and 1 broadcast: 15 registers), as
// the C yardstick blocks for AVX2, then 4 or 2 rows for the rest of M (a multiple of 2), and 4 columns for the rest of
// the columns (a multiple of 4: without AVX-512, rows are padded to 4 neurons, not 8). Every element of C still sums
// its K products in order by fused multiply-adds, so the results are the 512-bit path's, bit for bit.
internal static partial class MatrixKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run256(int M, int columns, int K, ref double a, int aRowStride, int aColumnStride,
        ref double b, int ldb, ref double c, int ldc, bool accumulate, ref double r, nint rStep)
    {
        int j = 0;
        for (; j + 8 <= columns; j += 8)
        {
            ref double bj = ref Unsafe.Add(ref b, j);
            ref double rj = ref Unsafe.Add(ref r, j * rStep);
            int m = 0;
            for (; m + 6 <= M; m += 6)
                Block6x8(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            if (M - m == 4)
                Block4x8(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            else if (M - m == 2)
                Block2x8(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
        }
        if (j < columns)   // the last 4 columns
        {
            ref double bj = ref Unsafe.Add(ref b, j);
            ref double rj = ref Unsafe.Add(ref r, j * rStep);
            int m = 0;
            for (; m + 6 <= M; m += 6)
                Block6x4(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            if (M - m == 4)
                Block4x4(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            else if (M - m == 2)
                Block2x4(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
        }
    }

    // C[6 × 8] (+)= A[6 × K] · B[K × 8] (+ r), in 12 256-bit accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x8(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc), r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc);
        Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = Vector256.LoadUnsafe(ref r0); c01 = Vector256.LoadUnsafe(ref r0, 4);
            c10 = Vector256.LoadUnsafe(ref r1); c11 = Vector256.LoadUnsafe(ref r1, 4);
            c20 = Vector256.LoadUnsafe(ref r2); c21 = Vector256.LoadUnsafe(ref r2, 4);
            c30 = Vector256.LoadUnsafe(ref r3); c31 = Vector256.LoadUnsafe(ref r3, 4);
            c40 = Vector256.LoadUnsafe(ref r4); c41 = Vector256.LoadUnsafe(ref r4, 4);
            c50 = Vector256.LoadUnsafe(ref r5); c51 = Vector256.LoadUnsafe(ref r5, 4);
        }
        else
        {
            c00 = c10 = c20 = c30 = c40 = c50 = Vector256.LoadUnsafe(ref r);
            c01 = c11 = c21 = c31 = c41 = c51 = Vector256.LoadUnsafe(ref r, 4);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector256<double> b0 = Vector256.LoadUnsafe(ref bk), b1 = Vector256.LoadUnsafe(ref bk, 4);
            Vector256<double> x = Vector256.Create(ak);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref ak, 2 * sam));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref ak, 3 * sam));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref ak, 4 * sam));
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref ak, 5 * sam));
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
        }
        c00.StoreUnsafe(ref r0); c01.StoreUnsafe(ref r0, 4);
        c10.StoreUnsafe(ref r1); c11.StoreUnsafe(ref r1, 4);
        c20.StoreUnsafe(ref r2); c21.StoreUnsafe(ref r2, 4);
        c30.StoreUnsafe(ref r3); c31.StoreUnsafe(ref r3, 4);
        c40.StoreUnsafe(ref r4); c41.StoreUnsafe(ref r4, 4);
        c50.StoreUnsafe(ref r5); c51.StoreUnsafe(ref r5, 4);
    }

    // C[4 × 8] (+)= A[4 × K] · B[K × 8] (+ r), in 8 256-bit accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x8(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc);
        Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            c00 = Vector256.LoadUnsafe(ref r0); c01 = Vector256.LoadUnsafe(ref r0, 4);
            c10 = Vector256.LoadUnsafe(ref r1); c11 = Vector256.LoadUnsafe(ref r1, 4);
            c20 = Vector256.LoadUnsafe(ref r2); c21 = Vector256.LoadUnsafe(ref r2, 4);
            c30 = Vector256.LoadUnsafe(ref r3); c31 = Vector256.LoadUnsafe(ref r3, 4);
        }
        else
        {
            c00 = c10 = c20 = c30 = Vector256.LoadUnsafe(ref r);
            c01 = c11 = c21 = c31 = Vector256.LoadUnsafe(ref r, 4);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector256<double> b0 = Vector256.LoadUnsafe(ref bk), b1 = Vector256.LoadUnsafe(ref bk, 4);
            Vector256<double> x = Vector256.Create(ak);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref ak, 2 * sam));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref ak, 3 * sam));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }
        c00.StoreUnsafe(ref r0); c01.StoreUnsafe(ref r0, 4);
        c10.StoreUnsafe(ref r1); c11.StoreUnsafe(ref r1, 4);
        c20.StoreUnsafe(ref r2); c21.StoreUnsafe(ref r2, 4);
        c30.StoreUnsafe(ref r3); c31.StoreUnsafe(ref r3, 4);
    }

    // C[2 × 8] (+)= A[2 × K] · B[K × 8] (+ r), in 4 256-bit accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x8(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc);
        Vector256<double> c00, c01, c10, c11;
        if (accumulate)
        {
            c00 = Vector256.LoadUnsafe(ref r0); c01 = Vector256.LoadUnsafe(ref r0, 4);
            c10 = Vector256.LoadUnsafe(ref r1); c11 = Vector256.LoadUnsafe(ref r1, 4);
        }
        else
        {
            c00 = c10 = Vector256.LoadUnsafe(ref r);
            c01 = c11 = Vector256.LoadUnsafe(ref r, 4);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector256<double> b0 = Vector256.LoadUnsafe(ref bk), b1 = Vector256.LoadUnsafe(ref bk, 4);
            Vector256<double> x = Vector256.Create(ak);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
        }
        c00.StoreUnsafe(ref r0); c01.StoreUnsafe(ref r0, 4);
        c10.StoreUnsafe(ref r1); c11.StoreUnsafe(ref r1, 4);
    }

    // C[6 × 4] (+)= A[6 × K] · B[K × 4] (+ r), in 6 256-bit accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x4(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc), r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc);
        Vector256<double> c00, c10, c20, c30, c40, c50;
        if (accumulate)
        {
            c00 = Vector256.LoadUnsafe(ref r0);
            c10 = Vector256.LoadUnsafe(ref r1);
            c20 = Vector256.LoadUnsafe(ref r2);
            c30 = Vector256.LoadUnsafe(ref r3);
            c40 = Vector256.LoadUnsafe(ref r4);
            c50 = Vector256.LoadUnsafe(ref r5);
        }
        else
        {
            c00 = c10 = c20 = c30 = c40 = c50 = Vector256.LoadUnsafe(ref r);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector256<double> b0 = Vector256.LoadUnsafe(ref bk);
            Vector256<double> x = Vector256.Create(ak);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            x = Vector256.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            x = Vector256.Create(Unsafe.Add(ref ak, 2 * sam));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            x = Vector256.Create(Unsafe.Add(ref ak, 3 * sam));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            x = Vector256.Create(Unsafe.Add(ref ak, 4 * sam));
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
            x = Vector256.Create(Unsafe.Add(ref ak, 5 * sam));
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
        }
        c00.StoreUnsafe(ref r0);
        c10.StoreUnsafe(ref r1);
        c20.StoreUnsafe(ref r2);
        c30.StoreUnsafe(ref r3);
        c40.StoreUnsafe(ref r4);
        c50.StoreUnsafe(ref r5);
    }

    // C[4 × 4] (+)= A[4 × K] · B[K × 4] (+ r), in 4 256-bit accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x4(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc);
        Vector256<double> c00, c10, c20, c30;
        if (accumulate)
        {
            c00 = Vector256.LoadUnsafe(ref r0);
            c10 = Vector256.LoadUnsafe(ref r1);
            c20 = Vector256.LoadUnsafe(ref r2);
            c30 = Vector256.LoadUnsafe(ref r3);
        }
        else
        {
            c00 = c10 = c20 = c30 = Vector256.LoadUnsafe(ref r);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector256<double> b0 = Vector256.LoadUnsafe(ref bk);
            Vector256<double> x = Vector256.Create(ak);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            x = Vector256.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            x = Vector256.Create(Unsafe.Add(ref ak, 2 * sam));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            x = Vector256.Create(Unsafe.Add(ref ak, 3 * sam));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
        }
        c00.StoreUnsafe(ref r0);
        c10.StoreUnsafe(ref r1);
        c20.StoreUnsafe(ref r2);
        c30.StoreUnsafe(ref r3);
    }

    // C[2 × 4] (+)= A[2 × K] · B[K × 4] (+ r), in 2 256-bit accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x4(int K, ref double a, nint sam, nint sak, ref double b, nint ldb, ref double c, nint ldc, bool accumulate, ref double r)
    {
        ref double r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc);
        Vector256<double> c00, c10;
        if (accumulate)
        {
            c00 = Vector256.LoadUnsafe(ref r0);
            c10 = Vector256.LoadUnsafe(ref r1);
        }
        else
        {
            c00 = c10 = Vector256.LoadUnsafe(ref r);
        }
        ref double bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            Vector256<double> b0 = Vector256.LoadUnsafe(ref bk);
            Vector256<double> x = Vector256.Create(ak);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            x = Vector256.Create(Unsafe.Add(ref ak, sam));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
        }
        c00.StoreUnsafe(ref r0);
        c10.StoreUnsafe(ref r1);
    }

    // The 4 × 4 block at from (row stride sourceStride) into to (row stride destinationStride), transposed: pairs of
    // rows interleaved, then their 128-bit halves exchanged.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref double from, nint sourceStride, ref double to, nint destinationStride)
    {
        Vector256<double> r0 = Vector256.LoadUnsafe(ref from), r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, sourceStride)),
            r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 3 * sourceStride));
        Vector256<double> l01 = Avx.UnpackLow(r0, r1), h01 = Avx.UnpackHigh(r0, r1), l23 = Avx.UnpackLow(r2, r3), h23 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(l01, l23, 0x20).StoreUnsafe(ref to);
        Avx.Permute2x128(h01, h23, 0x20).StoreUnsafe(ref Unsafe.Add(ref to, destinationStride));
        Avx.Permute2x128(l01, l23, 0x31).StoreUnsafe(ref Unsafe.Add(ref to, 2 * destinationStride));
        Avx.Permute2x128(h01, h23, 0x31).StoreUnsafe(ref Unsafe.Add(ref to, 3 * destinationStride));
    }
}
