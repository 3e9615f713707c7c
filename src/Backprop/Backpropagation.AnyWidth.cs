using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop;

// The tile passes' element-wise steps on machines without AVX-512, at the machine's own vector width (Vector<double>:
// 4 lanes with AVX2, 2 with SSE or NEON), so that no 512-bit vector is emulated in halves; plain scalars where no
// vectors are accelerated. They compute what the 512-bit forms compute; sums of squares add in another order.
internal sealed partial class Backpropagation
{
    // All ones on the lanes of the real outputs, zero on the padded ones, one vector per Vector<double>.Count outputs.
    private static Vector<double>[] OutputMask(int outputs, int padded)
    {
        int n = Vector<double>.Count;
        var lanes = new double[(padded + n - 1) / n * n];
        for (int j = 0; j < outputs; j++) lanes[j] = BitConverter.Int64BitsToDouble(-1);
        return [.. Enumerable.Range(0, lanes.Length / n).Select(v => new Vector<double>(lanes, v * n))];
    }

    private sealed partial class Worker
    {
        // OutputDelta at the machine's width: δ⁽ᴸ⁾ᵀ = (2/N)(a − y) a(1 − a) for real samples and outputs, 0 for padding.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDeltaAnyWidth(int t0, int count, int T)
        {
            int p = _p[L], n = Vector<double>.Count;
            double scale = 2.0 / _owner._samples, sum = 0;
            ReadOnlySpan<double> aT = _aT[L].AsSpan(0, count * p), yT = _owner._yT.AsSpan(t0 * p, count * p);
            Span<double> deltaT = _deltaT.AsSpan(0, T * p);
            if (!Vector.IsHardwareAccelerated)
            {
                for (int i = 0; i < count * p; i++)
                {
                    double e = i % p < _n[L] ? aT[i] - yT[i] : 0;
                    sum += e * e;
                    deltaT[i] = scale * e * aT[i] * (1 - aT[i]);
                }
            }
            else
            {
                ref double a = ref MemoryMarshal.GetReference(aT);
                ref double y = ref MemoryMarshal.GetReference(yT);
                ref double delta = ref MemoryMarshal.GetReference(deltaT);
                Vector<double>[] mask = _owner._outputMaskAnyWidth;
                var scales = new Vector<double>(scale);
                for (int j = 0; j < p; j += n)   // each group of n outputs, down the tile's rows
                {
                    Vector<double> outputs = mask[j / n], squares = Vector<double>.Zero;
                    for (int i = j; i < count * p; i += p)
                    {
                        Vector<double> ai = Vector.LoadUnsafe(ref a, (nuint)i);
                        Vector<double> e = (ai - Vector.LoadUnsafe(ref y, (nuint)i)) & outputs;   // padded outputs: e = 0
                        squares = Vector.FusedMultiplyAdd(e, e, squares);
                        (scales * e * ai * (Vector<double>.One - ai)).StoreUnsafe(ref delta, (nuint)i);
                    }
                    sum += Vector.Sum(squares);
                }
            }
            deltaT[(count * p)..].Clear();
            return sum;
        }
    }

    // sum += Σ over the T rows of m (T × width), at the machine's width.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRowsAnyWidth(ReadOnlySpan<double> m, int T, int width, Span<double> sum)
    {
        int n = Vector.IsHardwareAccelerated ? Vector<double>.Count : 1;
        if (n == 1)
        {
            for (int i = 0; i < T; i++)
                for (int c = 0; c < width; c++) sum[c] += m[i * width + c];
            return;
        }
        ref double row = ref MemoryMarshal.GetReference(m[..(T * width)]);
        ref double total = ref MemoryMarshal.GetReference(sum[..width]);
        for (int c = 0; c < width; c += n)
        {
            Vector<double> s = Vector.LoadUnsafe(ref total, (nuint)c);
            for (int i = c; i < T * width; i += width) s += Vector.LoadUnsafe(ref row, (nuint)i);
            s.StoreUnsafe(ref total, (nuint)c);
        }
    }

    // σ of a layer of at most Vector<double>.Count neurons in rows of 8: only each row's first vector holds real neurons.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidOfFirstVectors(Span<double> aT)
    {
        ref double row = ref MemoryMarshal.GetReference(aT);
        for (int i = 0; i + 8 <= aT.Length; i += 8)
            Logistic.Value(Vector.LoadUnsafe(ref row, (nuint)i)).StoreUnsafe(ref row, (nuint)i);
    }
}
