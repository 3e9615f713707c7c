using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// One vector width: its vector of doubles and what the engine does with it, the register blocks of
/// <see cref="MatrixKernels"/>, the fast exp of <see cref="Logistic"/>, the tile passes' sums and output deltas.
/// Implemented by small structs, so generic code compiles to one specialised copy per width, as if written out by hand;
/// the element type is double today, and a float32 path would add the same members over float.
/// </summary>
/// <typeparam name="TVector">The vector: <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/> of double.</typeparam>
internal interface IVectorWidth<TVector> where TVector : struct
{
    /// <summary>Doubles in one vector.</summary>
    static abstract int Lanes { get; }

    /// <summary>The vector at <paramref name="source"/> + <paramref name="offset"/> elements.</summary>
    static abstract TVector Load(ref double source, nint offset = 0);

    /// <summary>Write <paramref name="value"/> at <paramref name="destination"/> + <paramref name="offset"/> elements.</summary>
    static abstract void Store(TVector value, ref double destination, nint offset = 0);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TVector Broadcast(double value);

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

    /// <summary>2^k for the integer k held in the low bits of x + 1.5·2⁵² (k in [−1022, 1023]), built in the exponent bits.</summary>
    static abstract TVector PowerOfTwo(TVector shifted, double roundingShift);

    /// <summary>The sum of the lanes.</summary>
    static abstract double Sum(TVector x);

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
internal readonly struct Width512 : IVectorWidth<Vector512<double>>
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
internal readonly struct Width256 : IVectorWidth<Vector256<double>>
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
internal readonly struct Width128 : IVectorWidth<Vector128<double>>
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
