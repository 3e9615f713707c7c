using System.Runtime.CompilerServices;

namespace Backprop;

// The register blocks of the products, written once for every width (W: Width512<T>, Width256<T> or Width128<T>): 8 rows of C
// at 512 bits (32 registers), 6, 4 or 2 below (16), by two vectors of columns or one, each row's columns in one or two accumulators, B's row loaded once per
// step and each A value broadcast once. One shape per method, so every accumulator is a local the JIT keeps in a
// register; W and V are structs, so each width gets its own compiled copy, as if written out by hand.
internal static partial class MatrixKernels
{
    // C[8 × 2 vectors] (+)= A[8 × K] · B[K × 2 vectors] (+ r), in 16 accumulators: the 512-bit block (32 registers).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x2<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        nint n = W.Lanes;
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc),
            r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc), r6 = ref Unsafe.Add(ref c, 6 * ldc), r7 = ref Unsafe.Add(ref c, 7 * ldc);
        V c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate)
        {
            c00 = W.Load(ref r0); c01 = W.Load(ref r0, n);
            c10 = W.Load(ref r1); c11 = W.Load(ref r1, n);
            c20 = W.Load(ref r2); c21 = W.Load(ref r2, n);
            c30 = W.Load(ref r3); c31 = W.Load(ref r3, n);
            c40 = W.Load(ref r4); c41 = W.Load(ref r4, n);
            c50 = W.Load(ref r5); c51 = W.Load(ref r5, n);
            c60 = W.Load(ref r6); c61 = W.Load(ref r6, n);
            c70 = W.Load(ref r7); c71 = W.Load(ref r7, n);
        }
        else
        {
            c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = W.Load(ref r);
            c01 = c11 = c21 = c31 = c41 = c51 = c61 = c71 = W.Load(ref r, n);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk), b1 = W.Load(ref bk, n);
            V x = W.Broadcast(ak);
            c00 = W.MultiplyAdd(x, b0, c00); c01 = W.MultiplyAdd(x, b1, c01);
            x = W.Broadcast(Unsafe.Add(ref ak, sam));
            c10 = W.MultiplyAdd(x, b0, c10); c11 = W.MultiplyAdd(x, b1, c11);
            x = W.Broadcast(Unsafe.Add(ref ak, 2 * sam));
            c20 = W.MultiplyAdd(x, b0, c20); c21 = W.MultiplyAdd(x, b1, c21);
            x = W.Broadcast(Unsafe.Add(ref ak, 3 * sam));
            c30 = W.MultiplyAdd(x, b0, c30); c31 = W.MultiplyAdd(x, b1, c31);
            x = W.Broadcast(Unsafe.Add(ref ak, 4 * sam));
            c40 = W.MultiplyAdd(x, b0, c40); c41 = W.MultiplyAdd(x, b1, c41);
            x = W.Broadcast(Unsafe.Add(ref ak, 5 * sam));
            c50 = W.MultiplyAdd(x, b0, c50); c51 = W.MultiplyAdd(x, b1, c51);
            x = W.Broadcast(Unsafe.Add(ref ak, 6 * sam));
            c60 = W.MultiplyAdd(x, b0, c60); c61 = W.MultiplyAdd(x, b1, c61);
            x = W.Broadcast(Unsafe.Add(ref ak, 7 * sam));
            c70 = W.MultiplyAdd(x, b0, c70); c71 = W.MultiplyAdd(x, b1, c71);
        }
        W.Store(c00, ref r0); W.Store(c01, ref r0, n);
        W.Store(c10, ref r1); W.Store(c11, ref r1, n);
        W.Store(c20, ref r2); W.Store(c21, ref r2, n);
        W.Store(c30, ref r3); W.Store(c31, ref r3, n);
        W.Store(c40, ref r4); W.Store(c41, ref r4, n);
        W.Store(c50, ref r5); W.Store(c51, ref r5, n);
        W.Store(c60, ref r6); W.Store(c61, ref r6, n);
        W.Store(c70, ref r7); W.Store(c71, ref r7, n);
    }

    // C[8 × 1 vectors] (+)= A[8 × K] · B[K × 1 vectors] (+ r), in 8 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x1<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc),
            r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc), r6 = ref Unsafe.Add(ref c, 6 * ldc), r7 = ref Unsafe.Add(ref c, 7 * ldc);
        V c00, c10, c20, c30, c40, c50, c60, c70;
        if (accumulate)
        {
            c00 = W.Load(ref r0); c10 = W.Load(ref r1); c20 = W.Load(ref r2); c30 = W.Load(ref r3);
            c40 = W.Load(ref r4); c50 = W.Load(ref r5); c60 = W.Load(ref r6); c70 = W.Load(ref r7);
        }
        else c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = W.Load(ref r);
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk);
            c00 = W.MultiplyAdd(W.Broadcast(ak), b0, c00);
            c10 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, sam)), b0, c10);
            c20 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 2 * sam)), b0, c20);
            c30 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 3 * sam)), b0, c30);
            c40 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 4 * sam)), b0, c40);
            c50 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 5 * sam)), b0, c50);
            c60 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 6 * sam)), b0, c60);
            c70 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 7 * sam)), b0, c70);
        }
        W.Store(c00, ref r0); W.Store(c10, ref r1); W.Store(c20, ref r2); W.Store(c30, ref r3);
        W.Store(c40, ref r4); W.Store(c50, ref r5); W.Store(c60, ref r6); W.Store(c70, ref r7);
    }

    // C[6 × 2 vectors] (+)= A[6 × K] · B[K × 2 vectors] (+ r), in 12 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x2<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        nint n = W.Lanes;
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc), r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc);
        V c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = W.Load(ref r0); c01 = W.Load(ref r0, n);
            c10 = W.Load(ref r1); c11 = W.Load(ref r1, n);
            c20 = W.Load(ref r2); c21 = W.Load(ref r2, n);
            c30 = W.Load(ref r3); c31 = W.Load(ref r3, n);
            c40 = W.Load(ref r4); c41 = W.Load(ref r4, n);
            c50 = W.Load(ref r5); c51 = W.Load(ref r5, n);
        }
        else
        {
            c00 = c10 = c20 = c30 = c40 = c50 = W.Load(ref r);
            c01 = c11 = c21 = c31 = c41 = c51 = W.Load(ref r, n);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk), b1 = W.Load(ref bk, n);
            V x = W.Broadcast(ak);
            c00 = W.MultiplyAdd(x, b0, c00); c01 = W.MultiplyAdd(x, b1, c01);
            x = W.Broadcast(Unsafe.Add(ref ak, sam));
            c10 = W.MultiplyAdd(x, b0, c10); c11 = W.MultiplyAdd(x, b1, c11);
            x = W.Broadcast(Unsafe.Add(ref ak, 2 * sam));
            c20 = W.MultiplyAdd(x, b0, c20); c21 = W.MultiplyAdd(x, b1, c21);
            x = W.Broadcast(Unsafe.Add(ref ak, 3 * sam));
            c30 = W.MultiplyAdd(x, b0, c30); c31 = W.MultiplyAdd(x, b1, c31);
            x = W.Broadcast(Unsafe.Add(ref ak, 4 * sam));
            c40 = W.MultiplyAdd(x, b0, c40); c41 = W.MultiplyAdd(x, b1, c41);
            x = W.Broadcast(Unsafe.Add(ref ak, 5 * sam));
            c50 = W.MultiplyAdd(x, b0, c50); c51 = W.MultiplyAdd(x, b1, c51);
        }
        W.Store(c00, ref r0); W.Store(c01, ref r0, n);
        W.Store(c10, ref r1); W.Store(c11, ref r1, n);
        W.Store(c20, ref r2); W.Store(c21, ref r2, n);
        W.Store(c30, ref r3); W.Store(c31, ref r3, n);
        W.Store(c40, ref r4); W.Store(c41, ref r4, n);
        W.Store(c50, ref r5); W.Store(c51, ref r5, n);
    }

    // C[4 × 2 vectors] (+)= A[4 × K] · B[K × 2 vectors] (+ r), in 8 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x2<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        nint n = W.Lanes;
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc);
        V c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            c00 = W.Load(ref r0); c01 = W.Load(ref r0, n);
            c10 = W.Load(ref r1); c11 = W.Load(ref r1, n);
            c20 = W.Load(ref r2); c21 = W.Load(ref r2, n);
            c30 = W.Load(ref r3); c31 = W.Load(ref r3, n);
        }
        else
        {
            c00 = c10 = c20 = c30 = W.Load(ref r);
            c01 = c11 = c21 = c31 = W.Load(ref r, n);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk), b1 = W.Load(ref bk, n);
            V x = W.Broadcast(ak);
            c00 = W.MultiplyAdd(x, b0, c00); c01 = W.MultiplyAdd(x, b1, c01);
            x = W.Broadcast(Unsafe.Add(ref ak, sam));
            c10 = W.MultiplyAdd(x, b0, c10); c11 = W.MultiplyAdd(x, b1, c11);
            x = W.Broadcast(Unsafe.Add(ref ak, 2 * sam));
            c20 = W.MultiplyAdd(x, b0, c20); c21 = W.MultiplyAdd(x, b1, c21);
            x = W.Broadcast(Unsafe.Add(ref ak, 3 * sam));
            c30 = W.MultiplyAdd(x, b0, c30); c31 = W.MultiplyAdd(x, b1, c31);
        }
        W.Store(c00, ref r0); W.Store(c01, ref r0, n);
        W.Store(c10, ref r1); W.Store(c11, ref r1, n);
        W.Store(c20, ref r2); W.Store(c21, ref r2, n);
        W.Store(c30, ref r3); W.Store(c31, ref r3, n);
    }

    // C[2 × 2 vectors] (+)= A[2 × K] · B[K × 2 vectors] (+ r), in 4 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x2<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        nint n = W.Lanes;
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc);
        V c00, c01, c10, c11;
        if (accumulate)
        {
            c00 = W.Load(ref r0); c01 = W.Load(ref r0, n);
            c10 = W.Load(ref r1); c11 = W.Load(ref r1, n);
        }
        else
        {
            c00 = c10 = W.Load(ref r);
            c01 = c11 = W.Load(ref r, n);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk), b1 = W.Load(ref bk, n);
            V x = W.Broadcast(ak);
            c00 = W.MultiplyAdd(x, b0, c00); c01 = W.MultiplyAdd(x, b1, c01);
            x = W.Broadcast(Unsafe.Add(ref ak, sam));
            c10 = W.MultiplyAdd(x, b0, c10); c11 = W.MultiplyAdd(x, b1, c11);
        }
        W.Store(c00, ref r0); W.Store(c01, ref r0, n);
        W.Store(c10, ref r1); W.Store(c11, ref r1, n);
    }

    // C[6 × 1 vectors] (+)= A[6 × K] · B[K × 1 vectors] (+ r), in 6 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block6x1<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc), r4 = ref Unsafe.Add(ref c, 4 * ldc), r5 = ref Unsafe.Add(ref c, 5 * ldc);
        V c00, c10, c20, c30, c40, c50;
        if (accumulate)
        {
            c00 = W.Load(ref r0);
            c10 = W.Load(ref r1);
            c20 = W.Load(ref r2);
            c30 = W.Load(ref r3);
            c40 = W.Load(ref r4);
            c50 = W.Load(ref r5);
        }
        else
        {
            c00 = c10 = c20 = c30 = c40 = c50 = W.Load(ref r);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk);
            c00 = W.MultiplyAdd(W.Broadcast(ak), b0, c00);
            c10 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, sam)), b0, c10);
            c20 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 2 * sam)), b0, c20);
            c30 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 3 * sam)), b0, c30);
            c40 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 4 * sam)), b0, c40);
            c50 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 5 * sam)), b0, c50);
        }
        W.Store(c00, ref r0);
        W.Store(c10, ref r1);
        W.Store(c20, ref r2);
        W.Store(c30, ref r3);
        W.Store(c40, ref r4);
        W.Store(c50, ref r5);
    }

    // C[4 × 1 vectors] (+)= A[4 × K] · B[K × 1 vectors] (+ r), in 4 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x1<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc), r2 = ref Unsafe.Add(ref c, 2 * ldc), r3 = ref Unsafe.Add(ref c, 3 * ldc);
        V c00, c10, c20, c30;
        if (accumulate)
        {
            c00 = W.Load(ref r0);
            c10 = W.Load(ref r1);
            c20 = W.Load(ref r2);
            c30 = W.Load(ref r3);
        }
        else
        {
            c00 = c10 = c20 = c30 = W.Load(ref r);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk);
            c00 = W.MultiplyAdd(W.Broadcast(ak), b0, c00);
            c10 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, sam)), b0, c10);
            c20 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 2 * sam)), b0, c20);
            c30 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, 3 * sam)), b0, c30);
        }
        W.Store(c00, ref r0);
        W.Store(c10, ref r1);
        W.Store(c20, ref r2);
        W.Store(c30, ref r3);
    }

    // C[2 × 1 vectors] (+)= A[2 × K] · B[K × 1 vectors] (+ r), in 2 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2x1<W, V, T>(int K, ref T a, nint sam, nint sak, ref T b, nint ldb, ref T c, nint ldc, bool accumulate, ref T r)
        where W : struct, IVectorWidth<V, T> where V : struct where T : unmanaged
    {
        ref T r0 = ref c, r1 = ref Unsafe.Add(ref c, ldc);
        V c00, c10;
        if (accumulate)
        {
            c00 = W.Load(ref r0);
            c10 = W.Load(ref r1);
        }
        else
        {
            c00 = c10 = W.Load(ref r);
        }
        ref T bk = ref b, ak = ref a;
        for (int k = 0; k < K; k++, bk = ref Unsafe.Add(ref bk, ldb), ak = ref Unsafe.Add(ref ak, sak))
        {
            V b0 = W.Load(ref bk);
            c00 = W.MultiplyAdd(W.Broadcast(ak), b0, c00);
            c10 = W.MultiplyAdd(W.Broadcast(Unsafe.Add(ref ak, sam)), b0, c10);
        }
        W.Store(c00, ref r0);
        W.Store(c10, ref r1);
    }
}
