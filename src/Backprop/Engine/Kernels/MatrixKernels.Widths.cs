using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>
/// One vector width for the register blocks of <see cref="MatrixKernels"/>: its vector of doubles and the four things a
/// block does with it. Implemented by small structs, so a generic block compiles to one specialised copy per width.
/// </summary>
/// <typeparam name="TVector">The vector: <see cref="Vector256{T}"/> or <see cref="Vector128{T}"/> of double.</typeparam>
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
}
