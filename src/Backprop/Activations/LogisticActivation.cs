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
        else if (width == 4 && neurons <= 2 && !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated) SigmoidOfHalfRows256(tile);
        else Backprop.Logistic.Value(tile, tile);
    }

    internal override void AddToOnnx(OnnxGraph graph, string z, string a) => graph.Node("Sigmoid", [z], a);

    // The same on 256-bit vectors (AVX2), for a layer of at most 2 neurons padded to 4: the worksheet's output layer
    // there. Each lane's σ is the one Logistic.Value computes, so the bits are the same; a quarter less σ in the seed's pass.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidOfHalfRows256(Span<double> aT)
    {
        ref double row = ref MemoryMarshal.GetReference(aT);
        int i = 0;
        for (; i + 8 <= aT.Length; i += 8)   // two rows of 4 at a time
        {
            Vector256<double> a = Backprop.Logistic.Value(Vector256.Create(Vector128.LoadUnsafe(ref row, (nuint)i), Vector128.LoadUnsafe(ref row, (nuint)(i + 4))));
            a.StoreUnsafe(ref row, (nuint)i);                                                  // whole rows, as above
            Vector256.Create(a.GetUpper(), a.GetLower()).StoreUnsafe(ref row, (nuint)(i + 4));
        }
        if (i < aT.Length) Backprop.Logistic.Value(aT[i..], aT[i..]);
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
