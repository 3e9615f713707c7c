using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// One vector width over one element type: its vector and what the engine does with it, the register blocks of
/// <see cref="MatrixKernels"/>, the fast exp of <see cref="Logistic"/>, the tile passes' sums and output deltas.
/// Implemented by small structs, one per vector size, generic over the element (<see cref="Width512{T}"/>,
/// <see cref="Width256{T}"/>, <see cref="Width128{T}"/> of double or float, twice the lanes in float), so generic code
/// compiles to one specialised copy per width and element type, as if written out by hand.
/// </summary>
/// <typeparam name="TVector">The vector: <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/> of <typeparamref name="T"/>.</typeparam>
/// <typeparam name="T">The element: double or float.</typeparam>
internal interface IVectorWidth<TVector, T> where TVector : struct where T : unmanaged
{
    /// <summary>Elements in one vector.</summary>
    static abstract int Lanes { get; }

    /// <summary>The vector at <paramref name="source"/> + <paramref name="offset"/> elements.</summary>
    static abstract TVector Load(ref T source, nint offset = 0);

    /// <summary>Write <paramref name="value"/> at <paramref name="destination"/> + <paramref name="offset"/> elements.</summary>
    static abstract void Store(TVector value, ref T destination, nint offset = 0);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>x·y + addend, lane by lane, rounded once (a fused multiply-add, so every width gives the same bits).</summary>
    static abstract TVector MultiplyAdd(TVector x, TVector y, TVector addend);

    /// <summary>x + y, lane by lane.</summary>
    static abstract TVector Add(TVector x, TVector y);

    /// <summary>x − y, lane by lane.</summary>
    static abstract TVector Subtract(TVector x, TVector y);

    /// <summary>x·y, lane by lane.</summary>
    static abstract TVector Multiply(TVector x, TVector y);

    /// <summary>−x, lane by lane (the sign bit flipped).</summary>
    static abstract TVector Negate(TVector x);

    /// <summary>The bits of x where mask's are set, lane by lane (mask lanes all ones or all zeros).</summary>
    static abstract TVector And(TVector x, TVector mask);

    /// <summary>The smaller of x and y, the second when either is NaN (the instruction's own rule).</summary>
    static abstract TVector MinNative(TVector x, TVector y);

    /// <summary>The larger of x and y, the second when either is NaN.</summary>
    static abstract TVector MaxNative(TVector x, TVector y);

    /// <summary>
    /// 2^k for the integer k held in the low bits of x + roundingShift, built in the exponent bits (double: roundingShift
    /// 1.5·2⁵², k in [−1022, 1023]; float: 1.5·2²³, k in [−126, 127]).
    /// </summary>
    static abstract TVector PowerOfTwo(TVector shifted, T roundingShift);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVector x);

    /// <summary>The larger of x and y, lane by lane (Vector.Max: NaN when either is NaN).</summary>
    static abstract TVector Max(TVector x, TVector y);

    /// <summary>All ones where x &gt; y, all zeros elsewhere, lane by lane.</summary>
    static abstract TVector GreaterThan(TVector x, TVector y);

    /// <summary>Lanes of ifTrue where mask is all ones, of ifFalse where it is zero.</summary>
    static abstract TVector Select(TVector mask, TVector ifTrue, TVector ifFalse);

    /// <summary>1/d for d ≥ 1, within an ulp or two of the division (AVX-512: an estimate refined by Newton's steps).</summary>
    static abstract TVector Reciprocal(TVector d);
}

/// <summary>512-bit vectors: AVX-512, 32 zmm registers, of double or float.</summary>
internal readonly struct Width512<T> : IVectorWidth<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Lanes => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nint offset = 0) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    // The one operation with no generic form: by the element type (the JIT keeps the branch of T).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> addend) => typeof(T) == typeof(double)
        ? Vector512.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), addend.As<T, double>()).As<double, T>()
        : Vector512.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), addend.As<T, float>()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> And(Vector512<T> x, Vector512<T> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MinNative(Vector512<T> x, Vector512<T> y) => Vector512.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxNative(Vector512<T> x, Vector512<T> y) => Vector512.MaxNative(x, y);

    // 2^k in the exponent bits: double's 11 bits above 52 (bias 1023), float's 8 above 23 (bias 127).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> PowerOfTwo(Vector512<T> shifted, T roundingShift) => typeof(T) == typeof(double)
        ? Vector512.ShiftLeft(shifted.AsInt64() - Vector512.Create(roundingShift).AsInt64() + Vector512.Create(1023L), 52).As<long, T>()
        : Vector512.ShiftLeft(shifted.AsInt32() - Vector512.Create(roundingShift).AsInt32() + Vector512.Create(127), 23).As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> x) => Vector512.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThan(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> ifTrue, Vector512<T> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d: a 14-bit estimate refined by Newton steps costs less than a 512-bit division: two in double (14 → 28 → 56
    // bits), one in float (14 → 28, more than float's 24).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Reciprocal(Vector512<T> d)
    {
        if (!Avx512F.IsSupported) return Vector512<T>.One / d;
        if (typeof(T) == typeof(double))
        {
            Vector512<double> dd = d.As<T, double>(), y = Avx512F.Reciprocal14(dd);
            y = Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-dd, y, Vector512<double>.One), y);
            return Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-dd, y, Vector512<double>.One), y).As<double, T>();
        }
        Vector512<float> df = d.As<T, float>(), yf = Avx512F.Reciprocal14(df);
        return Vector512.FusedMultiplyAdd(yf, Vector512.FusedMultiplyAdd(-df, yf, Vector512<float>.One), yf).As<float, T>();
    }
}

/// <summary>256-bit vectors: AVX2 with FMA, 16 ymm registers, of double or float.</summary>
internal readonly struct Width256<T> : IVectorWidth<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Lanes => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nint offset = 0) => Vector256.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    // The one operation with no generic form: by the element type (the JIT keeps the branch of T).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> addend) => typeof(T) == typeof(double)
        ? Vector256.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), addend.As<T, double>()).As<double, T>()
        : Vector256.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), addend.As<T, float>()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> x, Vector256<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Negate(Vector256<T> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> And(Vector256<T> x, Vector256<T> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MinNative(Vector256<T> x, Vector256<T> y) => Vector256.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaxNative(Vector256<T> x, Vector256<T> y) => Vector256.MaxNative(x, y);

    // 2^k in the exponent bits: double's 11 bits above 52 (bias 1023), float's 8 above 23 (bias 127).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> PowerOfTwo(Vector256<T> shifted, T roundingShift) => typeof(T) == typeof(double)
        ? Vector256.ShiftLeft(shifted.AsInt64() - Vector256.Create(roundingShift).AsInt64() + Vector256.Create(1023L), 52).As<long, T>()
        : Vector256.ShiftLeft(shifted.AsInt32() - Vector256.Create(roundingShift).AsInt32() + Vector256.Create(127), 23).As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> x) => Vector256.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThan(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> ifTrue, Vector256<T> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d by a division: below 512 bits there is no double-precision reciprocal estimate worth refining (and float's
    // 12-bit one would need two steps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Reciprocal(Vector256<T> d) => Vector256<T>.One / d;
}

/// <summary>128-bit vectors: ARM's NEON (AdvSimd, 32 registers) or x86's SSE (16 xmm registers), of double or float.</summary>
internal readonly struct Width128<T> : IVectorWidth<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Lanes => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nint offset = 0) => Vector128.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    // The one operation with no generic form: by the element type (the JIT keeps the branch of T).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> addend) => typeof(T) == typeof(double)
        ? Vector128.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), addend.As<T, double>()).As<double, T>()
        : Vector128.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), addend.As<T, float>()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Negate(Vector128<T> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> And(Vector128<T> x, Vector128<T> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MinNative(Vector128<T> x, Vector128<T> y) => Vector128.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaxNative(Vector128<T> x, Vector128<T> y) => Vector128.MaxNative(x, y);

    // 2^k in the exponent bits: double's 11 bits above 52 (bias 1023), float's 8 above 23 (bias 127).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> PowerOfTwo(Vector128<T> shifted, T roundingShift) => typeof(T) == typeof(double)
        ? Vector128.ShiftLeft(shifted.AsInt64() - Vector128.Create(roundingShift).AsInt64() + Vector128.Create(1023L), 52).As<long, T>()
        : Vector128.ShiftLeft(shifted.AsInt32() - Vector128.Create(roundingShift).AsInt32() + Vector128.Create(127), 23).As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> x) => Vector128.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThan(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> ifTrue, Vector128<T> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d by a division: below 512 bits there is no double-precision reciprocal estimate worth refining (and float's
    // 12-bit one would need two steps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Reciprocal(Vector128<T> d) => Vector128<T>.One / d;
}
