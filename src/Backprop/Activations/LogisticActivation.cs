using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>The logistic activation σ, the worksheet's, as a layer's activation: its formulas are <see cref="Backprop.Logistic"/>'s.</summary>
internal sealed class LogisticActivation() : Activation("logistic", "σ(z) = 1 / (1 + e^(−z)), the worksheet's, between 0 and 1", 0, 1, "between 0 and 1")
{
    public override double DerivativeFromValue(double a) => Backprop.Logistic.DerivativeFromValue(a);

    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a) => Backprop.Logistic.Value(z, a);

    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a) => Backprop.Logistic.MultiplyByDerivative(delta, a);

    private protected override void Compute(ReadOnlySpan<float> z, Span<float> a) => Backprop.Logistic.Value(z, a);

    internal override void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a) => Backprop.Logistic.MultiplyByDerivative(delta, a);

    internal override void ApplyToTile(Span<double> tile, int width, int neurons)
    {
        if (width == 8 && neurons <= 4) SigmoidOfHalfRows(tile);
        else if (width % 4 == 0 && neurons % 4 is 1 or 2 && !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated) SigmoidPairingTails(tile, width, neurons);
        else Backprop.Logistic.Value(tile, tile);
    }

    internal override void AddToOnnx(OnnxGraph graph, string z, string a) => graph.Node("Sigmoid", [z], a);

    // σ of sample rows on 256-bit vectors (AVX2), where a row's last vector holds at most 2 neurons (6 neurons padded to
    // 8, 2 to 4: the worksheet's first and last layers): the whole vectors of each row as they are, and the last ones of
    // two rows in one vector, so that no σ is spent on padding that could be spared. Each lane's σ is the one
    // Logistic.Value computes, so the bits are the same.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidPairingTails(Span<double> aT, int width, int neurons)
    {
        ref double tile = ref MemoryMarshal.GetReference(aT);
        int whole = neurons / 4 * 4, rows = aT.Length / width, r = 0;
        for (; r + 2 <= rows; r += 2)
        {
            ref double first = ref Unsafe.Add(ref tile, r * width), second = ref Unsafe.Add(ref first, width);
            for (int j = 0; j < whole; j += 4)
            {
                Backprop.Logistic.Value(Vector256.LoadUnsafe(ref first, (nuint)j)).StoreUnsafe(ref first, (nuint)j);
                Backprop.Logistic.Value(Vector256.LoadUnsafe(ref second, (nuint)j)).StoreUnsafe(ref second, (nuint)j);
            }
            // Whole-vector stores, each row's tail beside the other's (in lanes of padding, which nothing reads): two
            // half-vector stores would make the next whole-vector load of the row wait, as store forwarding cannot join them.
            Vector256<double> a = Backprop.Logistic.Value(Vector256.Create(Vector128.LoadUnsafe(ref first, (nuint)whole), Vector128.LoadUnsafe(ref second, (nuint)whole)));
            a.StoreUnsafe(ref first, (nuint)whole);
            Vector256.Create(a.GetUpper(), a.GetLower()).StoreUnsafe(ref second, (nuint)whole);
        }
        if (r < rows) Backprop.Logistic.Value(aT.Slice(r * width, width), aT.Slice(r * width, width));
    }

    // σ of a layer of at most 4 neurons, padded to 8: two samples' neurons share one vector, halving the work (the
    // output layer of the worksheet's network has 2 neurons).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidOfHalfRows(Span<double> aT)
    {
        if (!Avx512F.IsSupported)
        {
            Backprop.Logistic.Value(aT, aT);
            return;
        }
        Vector512<long> firstHalves = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11), swapHalves = Vector512.Create(4L, 5, 6, 7, 0, 1, 2, 3);
        ref double row = ref MemoryMarshal.GetReference(aT);
        for (int i = 0; i + 16 <= aT.Length; i += 16)   // two rows of 8 at a time
        {
            Vector512<double> a = Backprop.Logistic.Value(Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref row, (nuint)i), firstHalves, Vector512.LoadUnsafe(ref row, (nuint)(i + 8))));
            // Whole-row stores (the other sample's values land in the padded lanes, which nothing reads): two half-row
            // stores would make the next 512-bit load of the row wait, as store forwarding cannot join them.
            a.StoreUnsafe(ref row, (nuint)i);
            Avx512F.PermuteVar8x64(a, swapHalves).StoreUnsafe(ref row, (nuint)(i + 8));
        }
    }
}
