using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

// The same product at the widths below 512 bits, for machines without AVX-512 (AVX2 + FMA: 16 ymm registers; ARM's
// NEON: 32 128-bit registers). The 8 × 16 block of 512-bit accumulators would need 32 of them; the JIT splits each
// Vector512 into halves, and the block spills on every step. Here a block is 6 rows × 2 vectors (12 accumulators, 2
// loads of B and 1 broadcast: 15 registers), as the C yardstick blocks for AVX2, then 4 or 2 rows for the rest of M (a
// multiple of 2), and one vector for the rest of the columns (a multiple of 4: without AVX-512, rows are padded to 4
// neurons, not 8). Every element of C still sums its K products in order by fused multiply-adds, so the results are
// the 512-bit path's, bit for bit.
internal static partial class MatrixKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlocked<W, V, T>(int M, int columns, int K, ref T a, int aRowStride, int aColumnStride,
        ref T b, int ldb, ref T c, int ldc, bool accumulate, ref T r, nint rStep)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        int j = 0;
        for (; j + 2 * W.Lanes <= columns; j += 2 * W.Lanes)
        {
            ref T bj = ref Unsafe.Add(ref b, j);
            ref T rj = ref Unsafe.Add(ref r, j * rStep);
            int m = 0;
            for (; m + 6 <= M; m += 6)
                Block6x2<W, V, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            if (M - m == 4)
                Block4x2<W, V, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            else if (M - m == 2)
                Block2x2<W, V, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
        }
        for (; j < columns; j += W.Lanes)   // the last vector's worth of columns (at 128 bits, 4-column padding leaves none)
        {
            ref T bj = ref Unsafe.Add(ref b, j);
            ref T rj = ref Unsafe.Add(ref r, j * rStep);
            int m = 0;
            for (; m + 6 <= M; m += 6)
                Block6x1<W, V, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            if (M - m == 4)
                Block4x1<W, V, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
            else if (M - m == 2)
                Block2x1<W, V, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref bj, ldb, ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref rj);
        }
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
