using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// The one matrix product the forward and backward passes need, C += A·B, register-blocked on 512-bit vectors:
/// 8 rows of C by 16 columns are kept in 16 registers while the reduction runs, so every loaded value of B
/// feeds 8 fused multiply-adds. Without AVX-512, the same in blocks of 6 rows × 2 vectors on 256-bit vectors (AVX2) or
/// 128-bit ones (ARM's NEON), written once for both (MatrixKernels.Blocked.cs), and plain loops elsewhere.
/// In double or float (twice the lanes: 8 rows by 32 columns at 512 bits): the blocks are written once over the element
/// type, and each element of C sums its products in order by fused multiply-adds in its own precision.
/// Callers pad rows and columns to a multiple of <see cref="GranularityOf{T}"/>; the kernels do not check shapes (debug
/// builds assert them).
/// </summary>
/// <remarks>
/// A is read through strides, A(r, k) = A[r·aRowStride + k·aColumnStride], so one kernel serves W·a (forward),
/// Wᵀ·δ (backward, no transposed copy) and δ·aᵀ (the weight gradient, with aᵀ stored transposed).
/// The plain triple loop these must agree with is in the tests.
/// </remarks>
internal static partial class MatrixKernels
{
    /// <summary>The widest kernel this machine runs natively; nothing wider is emulated.</summary>
    /// <remarks>
    /// 128-bit vectors only with a fused multiply-add in hardware (ARM's AdvSimd): on x86 without FMA (SSE only), the
    /// runtime emulates Vector128.FusedMultiplyAdd lane by lane, slower than the plain loop's scalar fused multiply-add.
    /// </remarks>
    internal static readonly KernelWidth Selected =
        Vector512.IsHardwareAccelerated ? KernelWidth.Bits512
        : Vector256.IsHardwareAccelerated ? KernelWidth.Bits256
        : Vector128.IsHardwareAccelerated && (AdvSimd.IsSupported || Fma.IsSupported) ? KernelWidth.Bits128
        : KernelWidth.Scalar;

    /// <summary>
    /// What M and the columns of a product of doubles must be multiples of: 8 with AVX-512 (one 512-bit vector), 4 with
    /// 256- or 128-bit vectors (so layers of 50 neurons are padded to 52, not 56), 8 otherwise (plain loops, any size would do).
    /// </summary>
    public static readonly int Granularity = GranularityOf(Selected);

    /// <summary>The vectors and register block in use: for example <c>512-bit-8x16</c> (rows × columns of C a block keeps in registers).</summary>
    public static string Description => Selected switch
    {
        KernelWidth.Bits512 => "512-bit-8x16",
        KernelWidth.Bits256 => "256-bit-6x8",
        KernelWidth.Bits128 => "128-bit-6x4",
        _ => "scalar-1x1",
    };

    /// <summary>What M and the columns of a product of doubles must be multiples of for the kernel of <paramref name="width"/>.</summary>
    internal static int GranularityOf(KernelWidth width) => GranularityOf<double>(width);

    /// <summary>
    /// What M and the columns of a product of <typeparamref name="T"/> must be multiples of for the kernel of
    /// <paramref name="width"/>: one vector at 512 and 256 bits (8 or 16 lanes at 512, 4 or 8 at 256), 4 at 128 bits (its
    /// blocks' rows come in twos and its columns in vectors of 2 or 4), 8 for the plain loops.
    /// </summary>
    internal static int GranularityOf<T>(KernelWidth width) where T : unmanaged => width switch
    {
        KernelWidth.Bits512 => 64 / Unsafe.SizeOf<T>(),
        KernelWidth.Bits256 => 32 / Unsafe.SizeOf<T>(),
        KernelWidth.Bits128 => 4,
        _ => 8,
    };

    /// <summary>Whether this machine runs the kernel of <paramref name="width"/> in hardware (so the tests can try every one it can).</summary>
    internal static bool IsAccelerated(KernelWidth width) => width switch
    {
        KernelWidth.Bits512 => Vector512.IsHardwareAccelerated,
        KernelWidth.Bits256 => Vector256.IsHardwareAccelerated,
        KernelWidth.Bits128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>C[M × columns] += A[M × K] · B[K × columns], in double or float; M and columns multiples of <see cref="GranularityOf{T}"/>.</summary>
    public static void MultiplyAdd<T>(int M, int columns, int K,
        ReadOnlySpan<T> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<T> B, int ldb, Span<T> C, int ldc) where T : unmanaged, IFloatingPointIeee754<T> =>
        Run(Selected, M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, accumulate: true, rowOffset: default);

    /// <summary>
    /// C[M × columns] = A[M × K] · B[K × columns] + 1·rᵀ, where the row r is added to every row of the product (zero
    /// when <paramref name="rowOffset"/> is empty), in double or float; M and columns multiples of
    /// <see cref="GranularityOf{T}"/>. C is written, not read.
    /// </summary>
    public static void Multiply<T>(int M, int columns, int K,
        ReadOnlySpan<T> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<T> B, int ldb, Span<T> C, int ldc, ReadOnlySpan<T> rowOffset = default) where T : unmanaged, IFloatingPointIeee754<T> =>
        Run(Selected, M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, accumulate: false, rowOffset);

    /// <summary>
    /// destination (columns × rows) = sourceᵀ, for source rows × columns, both multiples of <see cref="GranularityOf{T}"/>:
    /// doubles in 8 × 8 (or 4 × 4) blocks of vector permutes, floats element by element (weights are small beside a pass).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination) where T : unmanaged
    {
        Debug.Assert(rows % GranularityOf<T>(Selected) == 0 && columns % GranularityOf<T>(Selected) == 0 && source.Length >= rows * columns && destination.Length >= rows * columns);
        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(destination);
        // The block follows the kernel in use, as the padding does: a CPU may have AVX-512 while .NET prefers 256-bit
        // vectors (DOTNET_PreferredVectorBitWidth, some Intel parts by default), and rows are then padded to 4, not 8.
        if (typeof(T) == typeof(double) && Selected == KernelWidth.Bits512 && Avx512F.IsSupported)
            for (int i = 0; i < rows; i += 8)
                for (int j = 0; j < columns; j += 8)
                    Transpose8x8(ref Unsafe.As<T, double>(ref Unsafe.Add(ref from, i * columns + j)), columns, ref Unsafe.As<T, double>(ref Unsafe.Add(ref to, j * rows + i)), rows);
        else if (typeof(T) == typeof(double) && Selected == KernelWidth.Bits256 && Avx.IsSupported)
            for (int i = 0; i < rows; i += 4)
                for (int j = 0; j < columns; j += 4)
                    Transpose4x4(ref Unsafe.As<T, double>(ref Unsafe.Add(ref from, i * columns + j)), columns, ref Unsafe.As<T, double>(ref Unsafe.Add(ref to, j * rows + i)), rows);
        else
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) Unsafe.Add(ref to, j * rows + i) = Unsafe.Add(ref from, i * columns + j);
    }

    // The 8 × 8 block at from (row stride sourceStride) into to (row stride destinationStride), transposed, in three
    // rounds of two-source permutes: pairs of rows, then quarters, then halves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref double from, nint sourceStride, ref double to, nint destinationStride)
    {
        Vector512<double> r0 = Vector512.LoadUnsafe(ref from), r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, sourceStride)),
            r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 2 * sourceStride)), r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 3 * sourceStride)),
            r4 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 4 * sourceStride)), r5 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 5 * sourceStride)),
            r6 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 6 * sourceStride)), r7 = Vector512.LoadUnsafe(ref Unsafe.Add(ref from, 7 * sourceStride));
        // [a0 b0 a2 b2 a4 b4 a6 b6] and [a1 b1 a3 b3 a5 b5 a7 b7] for each pair of rows a, b
        Vector512<long> evens = Vector512.Create(0L, 8, 2, 10, 4, 12, 6, 14), odds = Vector512.Create(1L, 9, 3, 11, 5, 13, 7, 15);
        Vector512<double> e01 = Pick(r0, evens, r1), o01 = Pick(r0, odds, r1), e23 = Pick(r2, evens, r3), o23 = Pick(r2, odds, r3),
            e45 = Pick(r4, evens, r5), o45 = Pick(r4, odds, r5), e67 = Pick(r6, evens, r7), o67 = Pick(r6, odds, r7);
        // [a0 b0 c0 d0 a4 b4 c4 d4] and [a2 b2 c2 d2 a6 b6 c6 d6] for each four rows a, b, c, d
        Vector512<long> low = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13), high = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
        Vector512<double> c0 = Pick(e01, low, e23), c2 = Pick(e01, high, e23), c1 = Pick(o01, low, o23), c3 = Pick(o01, high, o23),
            c4 = Pick(e45, low, e67), c6 = Pick(e45, high, e67), c5 = Pick(o45, low, o67), c7 = Pick(o45, high, o67);
        // columns: the first halves of rows 0–3 with those of rows 4–7, then the second halves
        Vector512<long> first = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11), second = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
        Pick(c0, first, c4).StoreUnsafe(ref to);
        Pick(c1, first, c5).StoreUnsafe(ref Unsafe.Add(ref to, destinationStride));
        Pick(c2, first, c6).StoreUnsafe(ref Unsafe.Add(ref to, 2 * destinationStride));
        Pick(c3, first, c7).StoreUnsafe(ref Unsafe.Add(ref to, 3 * destinationStride));
        Pick(c0, second, c4).StoreUnsafe(ref Unsafe.Add(ref to, 4 * destinationStride));
        Pick(c1, second, c5).StoreUnsafe(ref Unsafe.Add(ref to, 5 * destinationStride));
        Pick(c2, second, c6).StoreUnsafe(ref Unsafe.Add(ref to, 6 * destinationStride));
        Pick(c3, second, c7).StoreUnsafe(ref Unsafe.Add(ref to, 7 * destinationStride));
    }

    // Lane i of the result is lane indices[i] of (a, b) taken as one 16-lane vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pick(Vector512<double> a, Vector512<long> indices, Vector512<double> b) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar8x64x2(a, indices, b)
            : Vector512.Create(Lane(a, b, indices[0]), Lane(a, b, indices[1]), Lane(a, b, indices[2]), Lane(a, b, indices[3]),
                Lane(a, b, indices[4]), Lane(a, b, indices[5]), Lane(a, b, indices[6]), Lane(a, b, indices[7]));

    private static double Lane(Vector512<double> a, Vector512<double> b, long i) => i < 8 ? a[(int)i] : b[(int)i - 8];

    /// <summary>
    /// C[M × columns] (+)= A[M × K] · B[K × columns] (+ 1·rᵀ) by the kernel of <paramref name="width"/>, which the
    /// machine must run in hardware (<see cref="IsAccelerated"/>; the 128-bit one anywhere Vector128 is accelerated), in
    /// double or float: each element's K products summed in order by fused multiply-adds in <typeparamref name="T"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run<T>(KernelWidth width, int M, int columns, int K,
        ReadOnlySpan<T> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<T> B, int ldb, Span<T> C, int ldc, bool accumulate, ReadOnlySpan<T> rowOffset) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(IsAccelerated(width) && M % GranularityOf<T>(width) == 0 && columns % GranularityOf<T>(width) == 0);
        Debug.Assert(M == 0 || K == 0 || A.Length >= (M - 1) * aRowStride + (K - 1) * aColumnStride + 1);
        Debug.Assert(K == 0 || B.Length >= (K - 1) * ldb + columns);
        Debug.Assert(M == 0 || C.Length >= (M - 1) * ldc + columns);
        Debug.Assert(rowOffset.IsEmpty || rowOffset.Length >= columns);
        if (M == 0 || columns == 0) return;
        ref T a = ref MemoryMarshal.GetReference(A);
        ref T b = ref MemoryMarshal.GetReference(B);
        ref T c = ref MemoryMarshal.GetReference(C);
        ref T r = ref rowOffset.IsEmpty ? ref MemoryMarshal.GetArrayDataReference(Zeros<T>.Row) : ref MemoryMarshal.GetReference(rowOffset);
        nint rStep = rowOffset.IsEmpty ? 0 : 1;   // the zero row is a block wide: it is not advanced along the columns
        switch (width)
        {
            case KernelWidth.Bits256:
                RunBlocked<Width256<T>, Vector256<T>, T>(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref r, rStep);
                return;
            case KernelWidth.Bits128:
                RunBlocked<Width128<T>, Vector128<T>, T>(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref r, rStep);
                return;
            case KernelWidth.Scalar:
                RunPlain(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref r, rStep);
                return;
        }
        int j = 0;
        for (; j + 2 * Vector512<T>.Count <= columns; j += 2 * Vector512<T>.Count)
            for (int m = 0; m < M; m += 8)
                Block8x2<Width512<T>, Vector512<T>, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref Unsafe.Add(ref r, j * rStep));
        if (j < columns)
            for (int m = 0; m < M; m += 8)
                Block8x1<Width512<T>, Vector512<T>, T>(K, ref Unsafe.Add(ref a, m * aRowStride), aRowStride, aColumnStride, ref Unsafe.Add(ref b, j), ldb,
                    ref Unsafe.Add(ref c, m * ldc + j), ldc, accumulate, ref Unsafe.Add(ref r, j * rStep));
    }

    /// <summary>
    /// C[M × columns] += A[M × K] · B[K × columns] for any even M, in double or float: the products of the neuron-rows
    /// layout (<see cref="TileLayout.NeuronRows"/>), whose M is a layer's neurons rounded up to 2, not to the vector
    /// width. Columns a multiple of <see cref="GranularityOf{T}"/>.
    /// </summary>
    public static void MultiplyAddEvenRows<T>(int M, int columns, int K,
        ReadOnlySpan<T> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<T> B, int ldb, Span<T> C, int ldc) where T : unmanaged, IFloatingPointIeee754<T> =>
        RunEvenRows(Selected, M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, accumulate: true);

    /// <summary>C[M × columns] = A[M × K] · B[K × columns] for any even M, as <see cref="MultiplyAddEvenRows"/>; C is written, not read.</summary>
    public static void MultiplyEvenRows<T>(int M, int columns, int K,
        ReadOnlySpan<T> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<T> B, int ldb, Span<T> C, int ldc) where T : unmanaged, IFloatingPointIeee754<T> =>
        RunEvenRows(Selected, M, columns, K, A, aRowStride, aColumnStride, B, ldb, C, ldc, accumulate: false);

    /// <summary>
    /// C[M × columns] (+)= A[M × K] · B[K × columns], M even, by the blocks of 6, 4 and 2 rows at
    /// <paramref name="width"/> (at 512 bits too: its 8-row blocks would round the rows up to 8), or the plain loops:
    /// each element's K products summed in order by fused multiply-adds, the bits of <see cref="Run{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunEvenRows<T>(KernelWidth width, int M, int columns, int K,
        ReadOnlySpan<T> A, int aRowStride, int aColumnStride,
        ReadOnlySpan<T> B, int ldb, Span<T> C, int ldc, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(IsAccelerated(width) && M % 2 == 0 && columns % GranularityOf<T>(width) == 0);
        Debug.Assert(M == 0 || K == 0 || A.Length >= (M - 1) * aRowStride + (K - 1) * aColumnStride + 1);
        Debug.Assert(K == 0 || B.Length >= (K - 1) * ldb + columns);
        Debug.Assert(M == 0 || C.Length >= (M - 1) * ldc + columns);
        if (M == 0 || columns == 0) return;
        ref T a = ref MemoryMarshal.GetReference(A);
        ref T b = ref MemoryMarshal.GetReference(B);
        ref T c = ref MemoryMarshal.GetReference(C);
        ref T zero = ref MemoryMarshal.GetArrayDataReference(Zeros<T>.Row);
        switch (width)
        {
            case KernelWidth.Bits512:
                RunBlocked<Width512<T>, Vector512<T>, T>(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref zero, 0);
                return;
            case KernelWidth.Bits256:
                RunBlocked<Width256<T>, Vector256<T>, T>(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref zero, 0);
                return;
            case KernelWidth.Bits128:
                RunBlocked<Width128<T>, Vector128<T>, T>(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref zero, 0);
                return;
            default:
                RunPlain(M, columns, K, ref a, aRowStride, aColumnStride, ref b, ldb, ref c, ldc, accumulate, ref zero, 0);
                return;
        }
    }

    // A row of zeros two 512-bit vectors wide: the row offset of a plain product.
    private static class Zeros<T> where T : unmanaged
    {
        public static readonly T[] Row = new T[128 / Unsafe.SizeOf<T>()];
    }

    // Plain loops, where neither 512- nor 256-bit vectors are accelerated (emulating them would be slower): every
    // element of C sums its K products in order, with fused multiply-adds, as the vector blocks do.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPlain<T>(int M, int columns, int K, ref T a, int aRowStride, int aColumnStride,
        ref T b, int ldb, ref T c, int ldc, bool accumulate, ref T r, nint rStep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int m = 0; m < M; m++)
            for (int j = 0; j < columns; j++)
            {
                ref T cmj = ref Unsafe.Add(ref c, m * ldc + j);
                T sum = accumulate ? cmj : Unsafe.Add(ref r, j * rStep);
                for (int k = 0; k < K; k++)
                    sum = T.FusedMultiplyAdd(Unsafe.Add(ref a, m * aRowStride + k * aColumnStride), Unsafe.Add(ref b, k * ldb + j), sum);
                cmj = sum;
            }
    }
}

/// <summary>The vector widths <see cref="MatrixKernels"/> has kernels for.</summary>
internal enum KernelWidth
{
    /// <summary>Plain loops.</summary>
    Scalar,
    /// <summary>128-bit vectors, 6 × 4 blocks.</summary>
    Bits128,
    /// <summary>256-bit vectors, 6 × 8 blocks.</summary>
    Bits256,
    /// <summary>512-bit vectors, 8 × 16 blocks.</summary>
    Bits512,
}
