using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

// The passes over a tile in the neuron-rows layout (TileLayout.NeuronRows): a⁽ⁿ⁾ and δ⁽ⁿ⁾ are nₙ × samples, one row per
// neuron with the samples along the vectors, as the worksheet writes them. Every element is the sum the sample-rows
// passes compute, in the same order, so the two layouts give the same bits.
internal sealed partial class Backpropagation<T>
{
    /// <summary>
    /// The row stride of a neuron-rows tile: its 64 samples and a cache line more, so that the rows a product walks down
    /// spread over L1's sets (a stride of 512 bytes would map them to a few, as <see cref="RowStride"/> says).
    /// </summary>
    private static readonly int TileStride = TileSamples + 64 / Unsafe.SizeOf<T>();

    private sealed partial class Worker
    {
        private readonly int[] _rows;                      // nₙ rounded up to 2: the rows computed
        private readonly int[] _q;                         // the row stride of a⁽ⁿ⁾ᵀ (with its column of ones) and of ∂C/∂W⁽ⁿ⁺¹⁾
        private readonly ArraySegment<T>[] _a;             // z⁽ⁿ⁾, then a⁽ⁿ⁾, of the current tile: _rows[n] × TileStride, n = 1..L
        private ArraySegment<T> _delta, _deltaPrevious;    // δ⁽ⁿ⁾ and δ⁽ⁿ⁻¹⁾ of the current tile, _rows × TileStride
        private readonly ArraySegment<T>[] _aTWithOnes;    // a⁽ⁿ⁾ᵀ of the current tile, TileSamples × _q[n], ones in column nₙ
        private readonly T[] _squares;                     // Σ (a − y)² of each output over the current tile, zero beyond n_L
        private readonly ArraySegment<T> _zL;              // z⁽ᴸ⁾ of the current tile, for losses computed from z (empty for the worksheet's)
        private readonly T[] _sampleZ, _sampleA, _sampleY, _sampleDelta;   // one sample's z⁽ᴸ⁾, a⁽ᴸ⁾, y and δ⁽ᴸ⁾, gathered for the loss

        // m (rows of stride `stride`) with 1 in column `column` of every row.
        private static ArraySegment<T> OnesColumn(ArraySegment<T> m, int stride, int column)
        {
            for (int i = column; i < m.Count; i += stride) m[i] = T.One;
            return m;
        }

        // ∂C/∂b⁽ⁿ⁾, after the tiles: the column of ∂C/∂W⁽ⁿ⁾ that met the ones.
        private void BiasGradientsFromTheOnes()
        {
            for (int l = 0; l < L; l++)
                for (int j = 0; j < _n[l + 1]; j++) dCdb[l][j] = dCdW[l][j * _q[l] + _n[l]];
        }

        // z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, a⁽ⁿ⁾ = f(z⁽ⁿ⁾), for samples t0 .. t0 + count − 1.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ForwardTileOfNeuronRows(int t0, int count, ForwardTrace? trace)
        {
            int samples = PaddedSamples(count);
            for (int n = 1; n <= L; n++)
            {
                int rows = _rows[n];
                Span<T> a = _a[n].AsSpan(0, rows * TileStride);
                ReadOnlySpan<T> b = _owner._b[n - 1];
                for (int j = 0; j < rows; j++) a.Slice(j * TileStride, samples).Fill(b[j]);   // each sum starts from b⁽ⁿ⁾, as in a plain loop
                ReadOnlySpan<T> aPrevious = n == 1 ? _owner._xRows.AsSpan(t0) : _a[n - 1];
                int previousStride = n == 1 ? _owner._sampleStride : TileStride;
                MatrixKernels.MultiplyAddEvenRows<T>(rows, samples, _n[n - 1], _owner._W[n - 1], _p[n - 1], 1, aPrevious, previousStride, a, TileStride);   // z⁽ⁿ⁾ = W⁽ⁿ⁾a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾
                if (trace is not null) CopyOutRows(a, TileStride, _n[n], t0, count, trace.WeightedSum(n));
                if (n == L && _zL.Count > 0) a.CopyTo(_zL);
                for (int j = 0; j < _n[n]; j++) ApplyToRow(_owner._f[n - 1], a.Slice(j * TileStride, samples));                                          // a⁽ⁿ⁾ = f(z⁽ⁿ⁾)
                if (trace is not null) CopyOutRows(a, TileStride, _n[n], t0, count, trace.Activation(n));
            }
        }

        // Walk back through the tile's activations; return its share of Σ‖a⁽ᴸ⁾ − y‖².
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double BackwardTileOfNeuronRows(int t0, int count)
        {
            int samples = PaddedSamples(count);
            // δ⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y) ⊙ σ'(z⁽ᴸ⁾), with σ'(z) = a(1 − a).
            // Other outputs and losses: δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ as the loss computes it, sample by sample.
            double lossSum = _owner._logisticSquaredOutput ? OutputDeltaOfNeuronRows(t0, count, samples) : OutputDeltaOfLossOfNeuronRows(t0, count, samples);
            for (int n = L; n >= 1; n--)
            {
                int l = n - 1;
                // ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ · a⁽ⁿ⁻¹⁾ᵀ summed over samples (1/N is inside δ); in the column of ones, ∂C/∂b⁽ⁿ⁾ = Σ δ⁽ⁿ⁾ · 1.
                ReadOnlySpan<T> aPreviousT = n == 1 ? _owner._xT.AsSpan(t0 * _q[0]) : TransposeTile(n - 1, samples);
                MatrixKernels.MultiplyAddEvenRows<T>(_rows[n], _q[l], samples, _delta, TileStride, 1, aPreviousT, _q[l], dCdW[l], _q[l]);
                if (n == 1) break;

                // δ⁽ⁿ⁻¹⁾ = (W⁽ⁿ⁾ᵀ · δ⁽ⁿ⁾) ⊙ f'(z⁽ⁿ⁻¹⁾), with f' from a⁽ⁿ⁻¹⁾.
                Span<T> deltaPrevious = _deltaPrevious.AsSpan(0, _rows[n - 1] * TileStride);
                MatrixKernels.MultiplyEvenRows<T>(_rows[n - 1], samples, _n[n], _owner._W[l], 1, _p[l], _delta, TileStride, deltaPrevious, TileStride);
                for (int j = 0; j < _n[n - 1]; j++)
                    MultiplyByDerivative(_owner._f[n - 2], deltaPrevious.Slice(j * TileStride, samples), _a[n - 1].AsSpan(j * TileStride, samples));
                (_delta, _deltaPrevious) = (_deltaPrevious, _delta);
            }
            return lossSum;
        }

        // f over one neuron's samples (the padded row, which nothing reads, and the columns past the tile's samples are left).
        private static void ApplyToRow(Activation f, Span<T> row) => ApplyToTile(f, row, row.Length, row.Length);

        // a⁽ⁿ⁾ᵀ of the tile's first `samples` samples, one row per sample, beside its column of ones. The transpose takes
        // whole blocks of 4 doubles or 8 floats past the last neuron where the rows of a⁽ⁿ⁾ᵀ have room: the rows past
        // nₙ hold zeros, so the columns past nₙ do too, and the ones they overwrite are put back.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private ReadOnlySpan<T> TransposeTile(int n, int samples)
        {
            int neurons = _n[n], q = _q[n], block = 32 / Unsafe.SizeOf<T>();
            int rows = Math.Min((neurons + block - 1) / block * block, q);
            MatrixKernels.TransposeRows<T>(_a[n], TileStride, rows, samples, _aTWithOnes[n], q);
            if (rows > neurons)
            {
                ref T ones = ref MemoryMarshal.GetReference(_aTWithOnes[n].AsSpan(neurons, (samples - 1) * q + 1));
                for (int s = 0; s < samples; s++) Unsafe.Add(ref ones, s * q) = T.One;
            }
            return _aTWithOnes[n];
        }

        // δ⁽ᴸ⁾ of the tile: (2/N)(a − y) a(1 − a) for real samples and outputs, 0 for padding. Returns Σ (a − y)², summed as
        // the sample-rows pass sums it (each output's squares in sample order by fused multiply-adds, then the outputs by
        // the same vector fold), so that the cost has the same bits in both layouts.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDeltaOfNeuronRows(int t0, int count, int samples)
        {
            int outputs = _n[L];
            T scale = T.CreateTruncating(2.0 / _owner._samples);
            Span<T> delta = _delta.AsSpan(0, _rows[L] * TileStride);
            for (int j = 0; j < outputs; j++)
            {
                ReadOnlySpan<T> a = _a[L].AsSpan(j * TileStride, count), y = _owner._yRows.AsSpan(j * _owner._sampleStride + t0, count);
                Span<T> deltaJ = delta.Slice(j * TileStride, samples);
                int s = Vector512.IsHardwareAccelerated ? OutputDeltaOfRow<Width512<T>, Vector512<T>>(a, y, scale, deltaJ)
                    : Vector256.IsHardwareAccelerated ? OutputDeltaOfRow<Width256<T>, Vector256<T>>(a, y, scale, deltaJ)
                    : 0;
                for (; s < count; s++)
                {
                    T e = a[s] - y[s];
                    deltaJ[s] = scale * e * a[s] * (T.One - a[s]);
                }
                deltaJ[count..].Clear();
            }
            delta[(outputs * TileStride)..].Clear();

            if (OutputDeltaIsPlain)
            {
                // OutputDeltaPlain's order: sample by sample, each square rounded to T and added in double.
                double sum = 0;
                for (int s = 0; s < count; s++)
                    for (int j = 0; j < outputs; j++)
                    {
                        T e = _a[L][j * TileStride + s] - _owner._yRows[j * _owner._sampleStride + t0 + s];
                        sum += double.CreateTruncating(e * e);
                    }
                return sum;
            }
            for (int j = 0; j < outputs; j++)
            {
                ReadOnlySpan<T> a = _a[L].AsSpan(j * TileStride, count), y = _owner._yRows.AsSpan(j * _owner._sampleStride + t0, count);
                T squares = T.Zero;
                for (int s = 0; s < count; s++)
                {
                    T e = a[s] - y[s];
                    squares = T.FusedMultiplyAdd(e, e, squares);
                }
                _squares[j] = squares;
            }
            return Vector512.IsHardwareAccelerated ? SumOfSquares<Width512<T>, Vector512<T>>() : SumOfSquares<Width256<T>, Vector256<T>>();
        }

        // δ⁽ᴸ⁾ of the tile from the network's loss, each sample's outputs gathered from the rows and its δ put back (padding
        // 0); returns the tile's share of N·C, summed sample by sample as the sample-rows pass sums it.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDeltaOfLossOfNeuronRows(int t0, int count, int samples)
        {
            int outputs = _n[L];
            T scale = T.CreateTruncating(1.0 / _owner._samples);
            Activation f = _owner._f[L - 1];
            Span<T> delta = _delta.AsSpan(0, _rows[L] * TileStride);
            ReadOnlySpan<T> z = _zL, a = _a[L], y = _owner._yRows;
            double sum = 0;
            for (int s = 0; s < count; s++)
            {
                for (int j = 0; j < outputs; j++)
                {
                    _sampleZ[j] = z[j * TileStride + s];
                    _sampleA[j] = a[j * TileStride + s];
                    _sampleY[j] = y[j * _owner._sampleStride + t0 + s];
                }
                sum += _owner._loss.SampleValueAndDelta(f, _sampleZ, _sampleA, _sampleY, scale, _sampleDelta);
                for (int j = 0; j < outputs; j++) delta[j * TileStride + s] = _sampleDelta[j];
            }
            for (int j = 0; j < _rows[L]; j++) delta.Slice(j * TileStride, samples)[(j < outputs ? count : 0)..].Clear();
            return sum;
        }

        // The whole vectors of one output's row of δ⁽ᴸ⁾; returns where the rest begins.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int OutputDeltaOfRow<W, V>(ReadOnlySpan<T> aRow, ReadOnlySpan<T> yRow, T scale, Span<T> deltaRow) where W : struct, IVectorWidth<V, T> where V : struct
        {
            ref T a = ref MemoryMarshal.GetReference(aRow);
            ref T y = ref MemoryMarshal.GetReference(yRow);
            ref T delta = ref MemoryMarshal.GetReference(deltaRow);
            V scaleV = W.Broadcast(scale), one = W.Broadcast(T.One);
            int s = 0;
            for (; s + W.Lanes <= aRow.Length; s += W.Lanes)
            {
                V aS = W.Load(ref a, s);
                V e = W.Subtract(aS, W.Load(ref y, s));
                W.Store(W.Multiply(W.Multiply(W.Multiply(scaleV, e), aS), W.Subtract(one, aS)), ref delta, s);
            }
            return s;
        }

        // The outputs' sums of squares added as OutputDelta adds its lanes: a vector of W.Lanes outputs at a time, then across the lanes.
        private double SumOfSquares<W, V>() where W : struct, IVectorWidth<V, T> where V : struct
        {
            V sum = W.Broadcast(T.Zero);
            for (int j = 0; j < _p[L]; j += W.Lanes) sum = W.Add(sum, W.Load(ref _squares[0], j));
            return double.CreateTruncating(W.Sum(sum));
        }
    }
}
