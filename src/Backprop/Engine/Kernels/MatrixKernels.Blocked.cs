using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// destination (columns × rows, row stride destinationStride) = sourceᵀ, for source rows × columns (row stride
    /// sourceStride), any rows, columns a multiple of 8: by 4 × 4 blocks of doubles or 8 × 8 blocks of floats with AVX,
    /// the rows past the last whole block element by element (a neuron-rows tile, transposed for the weight gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeRows<T>(ReadOnlySpan<T> source, int sourceStride, int rows, int columns, Span<T> destination, int destinationStride) where T : unmanaged
    {
        if (rows == 0 || columns == 0) return;
        Debug.Assert(columns % 8 == 0 && source.Length >= (rows - 1) * sourceStride + columns && destination.Length >= (columns - 1) * destinationStride + rows);
        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (typeof(T) == typeof(double) && Avx.IsSupported)
            for (; i + 4 <= rows; i += 4)
                for (int j = 0; j < columns; j += 4)
                    Transpose4x4(ref Unsafe.As<T, double>(ref Unsafe.Add(ref from, i * sourceStride + j)), sourceStride,
                        ref Unsafe.As<T, double>(ref Unsafe.Add(ref to, j * destinationStride + i)), destinationStride);
        else if (typeof(T) == typeof(float) && Avx.IsSupported)
            for (; i + 8 <= rows; i += 8)
                for (int j = 0; j < columns; j += 8)
                    Transpose8x8(ref Unsafe.As<T, float>(ref Unsafe.Add(ref from, i * sourceStride + j)), sourceStride,
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref to, j * destinationStride + i)), destinationStride);
        for (; i < rows; i++)
            for (int j = 0; j < columns; j++) Unsafe.Add(ref to, j * destinationStride + i) = Unsafe.Add(ref from, i * sourceStride + j);
    }

    // The 8 × 8 block of floats at from (row stride sourceStride) into to (row stride destinationStride), transposed:
    // pairs of rows interleaved, then pairs of pairs, then the 128-bit halves exchanged.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float from, nint sourceStride, ref float to, nint destinationStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref from), r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, sourceStride)),
            r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 3 * sourceStride)),
            r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 5 * sourceStride)),
            r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 7 * sourceStride));
        // [a0 b0 a1 b1 | a4 b4 a5 b5] and [a2 b2 a3 b3 | a6 b6 a7 b7] for each pair of rows a, b
        Vector256<float> l01 = Avx.UnpackLow(r0, r1), h01 = Avx.UnpackHigh(r0, r1), l23 = Avx.UnpackLow(r2, r3), h23 = Avx.UnpackHigh(r2, r3),
            l45 = Avx.UnpackLow(r4, r5), h45 = Avx.UnpackHigh(r4, r5), l67 = Avx.UnpackLow(r6, r7), h67 = Avx.UnpackHigh(r6, r7);
        // [a0 b0 c0 d0 | a4 b4 c4 d4] … for each four rows a, b, c, d
        Vector256<float> c0 = Avx.Shuffle(l01, l23, 0x44), c1 = Avx.Shuffle(l01, l23, 0xEE), c2 = Avx.Shuffle(h01, h23, 0x44), c3 = Avx.Shuffle(h01, h23, 0xEE),
            c4 = Avx.Shuffle(l45, l67, 0x44), c5 = Avx.Shuffle(l45, l67, 0xEE), c6 = Avx.Shuffle(h45, h67, 0x44), c7 = Avx.Shuffle(h45, h67, 0xEE);
        // columns: the low halves of rows 0–3 with those of rows 4–7, then the high halves
        Avx.Permute2x128(c0, c4, 0x20).StoreUnsafe(ref to);
        Avx.Permute2x128(c1, c5, 0x20).StoreUnsafe(ref Unsafe.Add(ref to, destinationStride));
        Avx.Permute2x128(c2, c6, 0x20).StoreUnsafe(ref Unsafe.Add(ref to, 2 * destinationStride));
        Avx.Permute2x128(c3, c7, 0x20).StoreUnsafe(ref Unsafe.Add(ref to, 3 * destinationStride));
        Avx.Permute2x128(c0, c4, 0x31).StoreUnsafe(ref Unsafe.Add(ref to, 4 * destinationStride));
        Avx.Permute2x128(c1, c5, 0x31).StoreUnsafe(ref Unsafe.Add(ref to, 5 * destinationStride));
        Avx.Permute2x128(c2, c6, 0x31).StoreUnsafe(ref Unsafe.Add(ref to, 6 * destinationStride));
        Avx.Permute2x128(c3, c7, 0x31).StoreUnsafe(ref Unsafe.Add(ref to, 7 * destinationStride));
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
