using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

// The tile passes' element-wise steps on machines without AVX-512: on 256-bit vectors with AVX2, so that no 512-bit
// vector is emulated in halves, and in plain scalars where 256-bit vectors are not accelerated. They compute what the
// 512-bit forms compute; sums of squares add in another order.
internal sealed partial class Backpropagation
{
    // All ones on the lanes of the real outputs, zero on the padded ones, one 256-bit vector per 4 outputs.
    private static Vector256<double>[] OutputMask(int outputs, int padded)
    {
        var lanes = new double[(padded + 3) / 4 * 4];
        for (int j = 0; j < outputs; j++) lanes[j] = BitConverter.Int64BitsToDouble(-1);
        return [.. Enumerable.Range(0, lanes.Length / 4).Select(v => Vector256.Create(lanes.AsSpan(4 * v, 4)))];
    }

    private sealed partial class Worker
    {
        // OutputDelta at the machine's width: δ⁽ᴸ⁾ᵀ = (2/N)(a − y) a(1 − a) for real samples and outputs, 0 for padding.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDeltaAnyWidth(int t0, int count, int T)
        {
            int p = _p[L];
            double scale = 2.0 / _owner._samples, sum = 0;
            ReadOnlySpan<double> aT = _aT[L].AsSpan(0, count * p), yT = _owner._yT.AsSpan(t0 * p, count * p);
            Span<double> deltaT = _deltaT.AsSpan(0, T * p);
            if (!Vector256.IsHardwareAccelerated || p % 4 != 0)
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
                Vector256<double>[] mask = _owner._outputMaskAnyWidth;
                Vector256<double> scales = Vector256.Create(scale);
                for (int j = 0; j < p; j += 4)   // each group of 4 outputs, down the tile's rows
                {
                    Vector256<double> outputs = mask[j / 4], squares = Vector256<double>.Zero;
                    for (int i = j; i < count * p; i += p)
                    {
                        Vector256<double> ai = Vector256.LoadUnsafe(ref a, (nuint)i);
                        Vector256<double> e = (ai - Vector256.LoadUnsafe(ref y, (nuint)i)) & outputs;   // padded outputs: e = 0
                        squares = Vector256.FusedMultiplyAdd(e, e, squares);
                        (scales * e * ai * (Vector256<double>.One - ai)).StoreUnsafe(ref delta, (nuint)i);
                    }
                    sum += Vector256.Sum(squares);
                }
            }
            deltaT[(count * p)..].Clear();
            return sum;
        }
    }

    // sum += Σ over the T rows of m (T × width).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRowsAnyWidth(ReadOnlySpan<double> m, int T, int width, Span<double> sum)
    {
        if (!Vector256.IsHardwareAccelerated || width % 4 != 0)
        {
            for (int i = 0; i < T; i++)
                for (int c = 0; c < width; c++) sum[c] += m[i * width + c];
            return;
        }
        ref double row = ref MemoryMarshal.GetReference(m[..(T * width)]);
        ref double total = ref MemoryMarshal.GetReference(sum[..width]);
        for (int c = 0; c < width; c += 4)
        {
            Vector256<double> s = Vector256.LoadUnsafe(ref total, (nuint)c);
            for (int i = c; i < T * width; i += width) s += Vector256.LoadUnsafe(ref row, (nuint)i);
            s.StoreUnsafe(ref total, (nuint)c);
        }
    }


}
