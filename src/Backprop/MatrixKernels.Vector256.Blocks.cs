using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop;

// The 256-bit register blocks of Run256: 6, 4 or 2 rows of C by 8 or 4 columns, each row's columns in one or two
// accumulators, B's row loaded once per step and each A value broadcast once. One shape per method, so every
// accumulator is a local the JIT keeps in a register.
internal static partial class MatrixKernels
{
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
}
