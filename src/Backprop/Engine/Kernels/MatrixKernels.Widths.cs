using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// One vector width over one element type: its vector and what the engine does with it, the register blocks of
/// <see cref="MatrixKernels"/>, the fast exp of <see cref="Logistic"/>, the tile passes' sums and output deltas.
/// Implemented by small structs, so generic code compiles to one specialised copy per width and element type, as if
/// written out by hand: <see cref="Width512"/>, <see cref="Width256"/>, <see cref="Width128"/> over double, and
/// <see cref="Width512Single"/>, <see cref="Width256Single"/>, <see cref="Width128Single"/> over float (twice the lanes).
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

/// <summary>512-bit vectors: AVX-512, 32 zmm registers.</summary>
internal readonly struct Width512 : IVectorWidth<Vector512<double>, double>
{
    public static int Lanes => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source, nint offset = 0) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> x, Vector512<double> y, Vector512<double> addend) => Vector512.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> x, Vector512<double> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Subtract(Vector512<double> x, Vector512<double> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Multiply(Vector512<double> x, Vector512<double> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Negate(Vector512<double> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> And(Vector512<double> x, Vector512<double> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MinNative(Vector512<double> x, Vector512<double> y) => Vector512.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MaxNative(Vector512<double> x, Vector512<double> y) => Vector512.MaxNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> PowerOfTwo(Vector512<double> shifted, double roundingShift) =>
        Vector512.ShiftLeft(shifted.AsInt64() - Vector512.Create(roundingShift).AsInt64() + Vector512.Create(1023L), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> x) => Vector512.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Max(Vector512<double> x, Vector512<double> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> GreaterThan(Vector512<double> x, Vector512<double> y) => Vector512.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> ifTrue, Vector512<double> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d: a 14-bit estimate refined by two Newton steps (14 → 28 → 56 bits) costs less than a 512-bit division.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Reciprocal(Vector512<double> d)
    {
        if (!Avx512F.IsSupported) return Vector512<double>.One / d;
        Vector512<double> y = Avx512F.Reciprocal14(d);
        y = Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-d, y, Vector512<double>.One), y);
        return Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-d, y, Vector512<double>.One), y);
    }
}

/// <summary>256-bit vectors: AVX2 with FMA, 16 ymm registers.</summary>
internal readonly struct Width256 : IVectorWidth<Vector256<double>, double>
{
    public static int Lanes => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source, nint offset = 0) => Vector256.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> x, Vector256<double> y, Vector256<double> addend) => Vector256.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> x, Vector256<double> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> x, Vector256<double> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> x, Vector256<double> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Negate(Vector256<double> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> And(Vector256<double> x, Vector256<double> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MinNative(Vector256<double> x, Vector256<double> y) => Vector256.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MaxNative(Vector256<double> x, Vector256<double> y) => Vector256.MaxNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> PowerOfTwo(Vector256<double> shifted, double roundingShift) =>
        Vector256.ShiftLeft(shifted.AsInt64() - Vector256.Create(roundingShift).AsInt64() + Vector256.Create(1023L), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> x) => Vector256.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Max(Vector256<double> x, Vector256<double> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> GreaterThan(Vector256<double> x, Vector256<double> y) => Vector256.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d by a division: below 512 bits there is no double-precision reciprocal estimate worth refining.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Reciprocal(Vector256<double> d) => Vector256<double>.One / d;
}

/// <summary>128-bit vectors: ARM's NEON (AdvSimd, 32 registers) or x86's SSE (16 xmm registers).</summary>
internal readonly struct Width128 : IVectorWidth<Vector128<double>, double>
{
    public static int Lanes => Vector128<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source, nint offset = 0) => Vector128.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> x, Vector128<double> y, Vector128<double> addend) => Vector128.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> x, Vector128<double> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> x, Vector128<double> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> x, Vector128<double> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Negate(Vector128<double> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> And(Vector128<double> x, Vector128<double> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MinNative(Vector128<double> x, Vector128<double> y) => Vector128.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MaxNative(Vector128<double> x, Vector128<double> y) => Vector128.MaxNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> PowerOfTwo(Vector128<double> shifted, double roundingShift) =>
        Vector128.ShiftLeft(shifted.AsInt64() - Vector128.Create(roundingShift).AsInt64() + Vector128.Create(1023L), 52).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> x) => Vector128.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Max(Vector128<double> x, Vector128<double> y) => Vector128.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> GreaterThan(Vector128<double> x, Vector128<double> y) => Vector128.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> ifTrue, Vector128<double> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d by a division: below 512 bits there is no double-precision reciprocal estimate worth refining.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Reciprocal(Vector128<double> d) => Vector128<double>.One / d;
}

/// <summary>512-bit vectors of float: AVX-512, 32 zmm registers.</summary>
internal readonly struct Width512Single : IVectorWidth<Vector512<float>, float>
{
    public static int Lanes => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nint offset = 0) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> x, Vector512<float> y, Vector512<float> addend) => Vector512.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> x, Vector512<float> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> x, Vector512<float> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> x, Vector512<float> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Negate(Vector512<float> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> And(Vector512<float> x, Vector512<float> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MinNative(Vector512<float> x, Vector512<float> y) => Vector512.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaxNative(Vector512<float> x, Vector512<float> y) => Vector512.MaxNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PowerOfTwo(Vector512<float> shifted, float roundingShift) =>
        Vector512.ShiftLeft(shifted.AsInt32() - Vector512.Create(roundingShift).AsInt32() + Vector512.Create(127), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> x) => Vector512.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> x, Vector512<float> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d: a 14-bit estimate refined by one Newton step (14 → 28 bits, more than float's 24).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Reciprocal(Vector512<float> d)
    {
        if (!Avx512F.IsSupported) return Vector512<float>.One / d;
        Vector512<float> y = Avx512F.Reciprocal14(d);
        return Vector512.FusedMultiplyAdd(y, Vector512.FusedMultiplyAdd(-d, y, Vector512<float>.One), y);
    }
}

/// <summary>256-bit vectors of float: AVX2 with FMA, 16 ymm registers.</summary>
internal readonly struct Width256Single : IVectorWidth<Vector256<float>, float>
{
    public static int Lanes => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nint offset = 0) => Vector256.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) => Vector256.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> x, Vector256<float> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> x, Vector256<float> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> x, Vector256<float> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Negate(Vector256<float> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> And(Vector256<float> x, Vector256<float> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MinNative(Vector256<float> x, Vector256<float> y) => Vector256.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MaxNative(Vector256<float> x, Vector256<float> y) => Vector256.MaxNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PowerOfTwo(Vector256<float> shifted, float roundingShift) =>
        Vector256.ShiftLeft(shifted.AsInt32() - Vector256.Create(roundingShift).AsInt32() + Vector256.Create(127), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> x) => Vector256.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> x, Vector256<float> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d by a division, as for double (the float estimates below 512 bits are 12-bit and would need two steps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Reciprocal(Vector256<float> d) => Vector256<float>.One / d;
}

/// <summary>128-bit vectors of float: ARM's NEON (AdvSimd, 32 registers) or x86's SSE (16 xmm registers).</summary>
internal readonly struct Width128Single : IVectorWidth<Vector128<float>, float>
{
    public static int Lanes => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nint offset = 0) => Vector128.LoadUnsafe(ref Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nint offset = 0) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> x, Vector128<float> y, Vector128<float> addend) => Vector128.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> x, Vector128<float> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> x, Vector128<float> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> x, Vector128<float> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Negate(Vector128<float> x) => -x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> And(Vector128<float> x, Vector128<float> mask) => x & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MinNative(Vector128<float> x, Vector128<float> y) => Vector128.MinNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MaxNative(Vector128<float> x, Vector128<float> y) => Vector128.MaxNative(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> PowerOfTwo(Vector128<float> shifted, float roundingShift) =>
        Vector128.ShiftLeft(shifted.AsInt32() - Vector128.Create(roundingShift).AsInt32() + Vector128.Create(127), 23).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> x) => Vector128.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> x, Vector128<float> y) => Vector128.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    // 1/d by a division, as for double (the float estimates below 512 bits are 12-bit and would need two steps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reciprocal(Vector128<float> d) => Vector128<float>.One / d;
}
