using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

// One thread's share of the sweep: the tile passes, with the chain rule beside the lines that apply it.
internal sealed partial class Backpropagation<T>
{
    /// <summary>One thread's share of the sweep: a contiguous run of tiles, with its own buffers and sums.</summary>
    private sealed partial class Worker : IThreadPoolWorkItem
    {
        /// <summary>Whether the pooled run should keep a⁽ᴸ⁾.</summary>
        public bool CaptureOutputs;

        /// <summary>What the last pooled run threw, if anything.</summary>
        public Exception? Failure;

        void IThreadPoolWorkItem.Execute()
        {
            try
            {
                Failure = null;
                Compute(CaptureOutputs);
            }
            catch (Exception e)
            {
                Failure = e;
            }
            finally
            {
                _owner._pending.Signal();
            }
        }

        private readonly Backpropagation<T> _owner;
        private readonly int _firstTile, _endTile;
        private readonly int[] _n, _c, _p;
        private readonly ArraySegment<T>[] _aT;        // a⁽ⁿ⁾ᵀ of the current tile, TileSamples × _p[n], n = 1..L
        private ArraySegment<T> _deltaT, _deltaPrevT;  // δ⁽ⁿ⁾ᵀ and δ⁽ⁿ⁻¹⁾ᵀ of the current tile, TileSamples × max _p
        private readonly ArraySegment<T> _zLT;         // z⁽ᴸ⁾ᵀ of the current tile, for losses computed from z (empty for the worksheet's)

        public Worker(Backpropagation<T> owner, int firstTile, int endTile)
        {
            _owner = owner;
            _firstTile = firstTile;
            _endTile = endTile;
            _n = owner._n;
            _c = owner._c;
            _p = owner._p;
            dCdb = [.. Enumerable.Range(0, L).Select(l => AlignedArray(_p[l + 1]))];
            if (owner._layout == TileLayout.NeuronRows)
            {
                _rows = owner._rows;
                _q = owner._q;
                // rows up to a multiple of 8 (zero, never written past _rows), so the transposes take whole blocks; for n = 0 it is _xRows
                _a = [.. _n.Select((neurons, n) => n >= 1 ? AlignedArray(Math.Max(_rows[n], (neurons + 7) / 8 * 8) * TileStride) : ArraySegment<T>.Empty)];
                int deltaRows = _rows.Skip(1).Max();   // δ⁽ⁿ⁾, n = 1..L: there is no δ⁽⁰⁾
                _delta = AlignedArray(deltaRows * TileStride);
                _deltaPrevious = AlignedArray(deltaRows * TileStride);
                _aTWithOnes = [.. _n.Select((n, i) => i >= 1 && i < L ? OnesColumn(AlignedArray(TileSamples * _q[i]), _q[i], n) : ArraySegment<T>.Empty)];   // for n = 0 it is xᵀ
                _squares = new T[(_p[L] + 15) / 16 * 16];
                _zL = owner._logisticSquaredOutput ? ArraySegment<T>.Empty : AlignedArray(_rows[L] * TileStride);
                _sampleZ = new T[_n[L]];
                _sampleA = new T[_n[L]];
                _sampleY = new T[_n[L]];
                _sampleDelta = new T[_n[L]];
                dCdW = [.. Enumerable.Range(0, L).Select(l => AlignedArray(_p[l + 1] * _q[l]))];
                _aT = [];
                _deltaT = _deltaPrevT = _zLT = ArraySegment<T>.Empty;
                return;
            }
            _rows = _q = [];
            _a = _aTWithOnes = [];
            _delta = _deltaPrevious = ArraySegment<T>.Empty;
            _squares = _sampleZ = _sampleA = _sampleY = _sampleDelta = [];
            _zL = ArraySegment<T>.Empty;
            _aT = [.. _p.Select(p => AlignedArray(TileSamples * p))];
            _deltaT = AlignedArray(TileSamples * _p.Max());
            _deltaPrevT = AlignedArray(TileSamples * _p.Max());
            _zLT = owner._logisticSquaredOutput ? ArraySegment<T>.Empty : AlignedArray(TileSamples * _p[^1]);
            dCdW = [.. Enumerable.Range(0, L).Select(l => AlignedArray(_p[l + 1] * _p[l]))];
        }

        /// <summary>This worker's share of ∂C/∂W⁽ⁿ⁾ (_p[n] × _p[n−1]; with neuron rows _p[n] × _q[n−1]) and ∂C/∂b⁽ⁿ⁾, and of N·C (for the squared loss Σ‖a⁽ᴸ⁾ − y‖²).</summary>
        public readonly ArraySegment<T>[] dCdW, dCdb;
        public double LossSum;

        private int L => _n.Length - 1;

        public void Forward(ForwardTrace trace)
        {
            for (int tile = _firstTile; tile < _endTile; tile++)
            {
                int t0 = tile * TileSamples, count = Math.Min(TileSamples, _owner._samples - t0);
                if (_owner._layout == TileLayout.NeuronRows) ForwardTileOfNeuronRows(t0, count, trace);
                else ForwardTile(t0, count, trace);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Compute(bool captureOutputs)
        {
            for (int l = 0; l < L; l++)
            {
                dCdW[l].AsSpan().Clear();
                dCdb[l].AsSpan().Clear();
            }
            LossSum = 0;
            bool neuronRows = _owner._layout == TileLayout.NeuronRows;
            for (int tile = _firstTile; tile < _endTile; tile++)
            {
                _owner.Cancellation.ThrowIfCancellationRequested();
                int t0 = tile * TileSamples, count = Math.Min(TileSamples, _owner._samples - t0);
                if (neuronRows)
                {
                    ForwardTileOfNeuronRows(t0, count, trace: null);
                    if (captureOutputs) CopyOutRows(_a[L], TileStride, _n[L], t0, count, _owner._output);
                    LossSum += BackwardTileOfNeuronRows(t0, count);
                }
                else
                {
                    ForwardTile(t0, count, trace: null);
                    if (captureOutputs) CopyOut(_aT[L], _p[L], _n[L], t0, count, _owner._output);
                    LossSum += BackwardTile(t0, count);
                }
            }
            if (neuronRows) BiasGradientsFromTheOnes();
        }

        // Whether δ⁽ᴸ⁾ and the squared loss go by plain scalars: neither 512-bit vectors nor 256-bit ones that divide the
        // output row. Both layouts ask, so that they sum the loss in the same order.
        private bool OutputDeltaIsPlain => !Vector512.IsHardwareAccelerated && !(Vector256.IsHardwareAccelerated && _p[L] % Vector256<T>.Count == 0);

        // a⁽ⁿ⁻¹⁾ᵀ of the current tile: for n = 1 the tile's rows of xᵀ, otherwise the tile buffer.
        private ReadOnlySpan<T> PreviousActivationT(int n, int t0) => n == 1 ? _owner._xT.AsSpan(t0 * _p[0]) : _aT[n - 1];

        // z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, a⁽ⁿ⁾ = f(z⁽ⁿ⁾), for samples t0 .. t0 + count − 1 (as zᵀ = aᵀ·Wᵀ + b).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ForwardTile(int t0, int count, ForwardTrace? trace)
        {
            int rows = PaddedSamples(count);
            for (int n = 1; n <= L; n++)
            {
                int p = _p[n];
                Span<T> aT = _aT[n].AsSpan(0, rows * p);
                MatrixKernels.Multiply<T>(rows, _c[n], _n[n - 1], PreviousActivationT(n, t0), _p[n - 1], 1, _owner._WT[n - 1], p, aT, p, _owner._b[n - 1]);   // z⁽ⁿ⁾ = W⁽ⁿ⁾a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾
                if (trace is not null) CopyOut(_aT[n], p, _n[n], t0, count, trace.WeightedSum(n));
                if (n == L && _zLT.Count > 0) aT.CopyTo(_zLT);
                ApplyToTile(_owner._f[n - 1], aT, p, _n[n]);                                                                // a⁽ⁿ⁾ = f(z⁽ⁿ⁾)
                if (trace is not null) CopyOut(_aT[n], p, _n[n], t0, count, trace.Activation(n));
            }
        }

        // Walk back through the tile's activations; return its share of Σ‖a⁽ᴸ⁾ − y‖².
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double BackwardTile(int t0, int count)
        {
            int rows = PaddedSamples(count);

            // Output layer. C = (1/N) Σ ‖a⁽ᴸ⁾ − y‖², so ∂C/∂a⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y), and
            // δ⁽ᴸ⁾ = ∂C/∂a⁽ᴸ⁾ ⊙ ∂a⁽ᴸ⁾/∂z⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y) ⊙ σ'(z⁽ᴸ⁾), with σ'(z) = a(1 − a).
            // Other outputs and losses: δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ as the loss computes it, sample by sample.
            double lossSum = !_owner._logisticSquaredOutput ? OutputDeltaOfLoss(t0, count, rows)
                : Vector512.IsHardwareAccelerated ? OutputDelta<Width512<T>, Vector512<T>>(t0, count, rows, _owner._outputMask)
                : !OutputDeltaIsPlain ? OutputDelta<Width256<T>, Vector256<T>>(t0, count, rows, _owner._outputMaskAnyWidth)
                : OutputDeltaPlain(t0, count, rows);

            for (int n = L; n >= 1; n--)
            {
                int l = n - 1, p = _p[n], pPrev = _p[n - 1];
                ReadOnlySpan<T> aPrevT = PreviousActivationT(n, t0);
                // ∂z⁽ⁿ⁾/∂b⁽ⁿ⁾ = 1, so ∂C/∂b⁽ⁿ⁾ = δ⁽ⁿ⁾ summed over samples.
                AddRows(_deltaT, rows, p, dCdb[l]);
                // ∂z⁽ⁿ⁾/∂W⁽ⁿ⁾ = a⁽ⁿ⁻¹⁾, so ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ · a⁽ⁿ⁻¹⁾ᵀ, summed over samples (1/N is inside δ).
                MatrixKernels.MultiplyAdd<T>(_c[n], _c[n - 1], rows, _deltaT, 1, p, aPrevT, pPrev, dCdW[l], pPrev);
                if (n == 1) break;

                // One layer back: ∂z⁽ⁿ⁾/∂z⁽ⁿ⁻¹⁾ = W⁽ⁿ⁾ f'(z⁽ⁿ⁻¹⁾), so
                // δ⁽ⁿ⁻¹⁾ = (W⁽ⁿ⁾ᵀ · δ⁽ⁿ⁾) ⊙ f'(z⁽ⁿ⁻¹⁾), with f' from a⁽ⁿ⁻¹⁾ (for σ: a⁽ⁿ⁻¹⁾(1 − a⁽ⁿ⁻¹⁾)).
                Span<T> deltaPrevT = _deltaPrevT.AsSpan(0, rows * pPrev);
                MatrixKernels.Multiply<T>(rows, _c[n - 1], _n[n], _deltaT, p, 1, _owner._W[l], pPrev, deltaPrevT, pPrev);
                MultiplyByDerivative(_owner._f[n - 2], deltaPrevT, aPrevT[..deltaPrevT.Length]);
                (_deltaT, _deltaPrevT) = (_deltaPrevT, _deltaT);
            }
            return lossSum;
        }

        // δ⁽ᴸ⁾ᵀ of the tile from the network's loss, sample by sample (padding 0); returns the tile's share of N·C.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDeltaOfLoss(int t0, int count, int rows)
        {
            int p = _p[L], outputs = _n[L];
            T scale = T.CreateTruncating(1.0 / _owner._samples);
            double sum = 0;
            Activation f = _owner._f[L - 1];
            Span<T> deltaT = _deltaT.AsSpan(0, rows * p);
            ReadOnlySpan<T> zT = _zLT, aT = _aT[L], yT = _owner._yT;
            for (int s = 0; s < count; s++)
            {
                Span<T> delta = deltaT.Slice(s * p, p);
                sum += _owner._loss.SampleValueAndDelta(f, zT.Slice(s * p, outputs), aT.Slice(s * p, outputs), yT.Slice((t0 + s) * p, outputs), scale, delta);
                delta[outputs..].Clear();
            }
            deltaT[(count * p)..].Clear();
            return sum;
        }

        // δ⁽ᴸ⁾ᵀ of the tile: (2/N)(a − y) a(1 − a) for real samples and outputs, 0 for padding; returns Σ (a − y)².
        // One copy for every width and element type: each group of W.Lanes outputs down the tile's rows, the squares
        // summed lane by lane.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDelta<W, V>(int t0, int count, int rows, V[] mask) where W : struct, IVectorWidth<V, T> where V : struct
        {
            int p = _p[L];
            V scale = W.Broadcast(T.CreateTruncating(2.0 / _owner._samples)), one = W.Broadcast(T.One), sum = W.Broadcast(T.Zero);
            ref T a = ref MemoryMarshal.GetReference(_aT[L].AsSpan(0, count * p));
            ref T y = ref MemoryMarshal.GetReference(_owner._yT.AsSpan(t0 * p, count * p));
            ref T delta = ref MemoryMarshal.GetReference(_deltaT.AsSpan(0, rows * p));
            for (int j = 0; j < p; j += W.Lanes)
            {
                V outputs = mask[j / W.Lanes], squares = W.Broadcast(T.Zero);
                for (int i = j; i < count * p; i += p)
                {
                    V ai = W.Load(ref a, i);
                    V e = W.And(W.Subtract(ai, W.Load(ref y, i)), outputs);   // padded outputs: e = 0
                    squares = W.MultiplyAdd(e, e, squares);
                    W.Store(W.Multiply(W.Multiply(W.Multiply(scale, e), ai), W.Subtract(one, ai)), ref delta, i);
                }
                sum = W.Add(sum, squares);   // a sum local to the loop stays in a register
            }
            _deltaT.AsSpan(count * p, (rows - count) * p).Clear();
            return double.CreateTruncating(W.Sum(sum));
        }

        // The same in plain scalars, where no vector width fits.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDeltaPlain(int t0, int count, int rows)
        {
            int p = _p[L];
            T scale = T.CreateTruncating(2.0 / _owner._samples);
            double sum = 0;
            ReadOnlySpan<T> aT = _aT[L].AsSpan(0, count * p), yT = _owner._yT.AsSpan(t0 * p, count * p);
            Span<T> deltaT = _deltaT.AsSpan(0, rows * p);
            for (int i = 0; i < count * p; i++)
            {
                T e = i % p < _n[L] ? aT[i] - yT[i] : T.Zero;
                sum += double.CreateTruncating(e * e);
                deltaT[i] = scale * e * aT[i] * (T.One - aT[i]);
            }
            deltaT[(count * p)..].Clear();
            return sum;
        }
    }

    // f applied over a tile, by the activation's own routine for the element type.
    private static void ApplyToTile(Activation f, Span<T> tile, int width, int neurons)
    {
        if (typeof(T) == typeof(double)) f.ApplyToTile(MemoryMarshal.Cast<T, double>(tile), width, neurons);
        else f.ApplyToTile(MemoryMarshal.Cast<T, float>(tile), width, neurons);
    }

    // δ ⊙= f'(a), by the activation's own routine for the element type.
    private static void MultiplyByDerivative(Activation f, Span<T> delta, ReadOnlySpan<T> a)
    {
        if (typeof(T) == typeof(double)) f.MultiplyByDerivative(MemoryMarshal.Cast<T, double>(delta), MemoryMarshal.Cast<T, double>(a));
        else f.MultiplyByDerivative(MemoryMarshal.Cast<T, float>(delta), MemoryMarshal.Cast<T, float>(a));
    }

    // sum += Σ over the rows of m (rows × width): by vectors of the machine's width where the width divides it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRows(ReadOnlySpan<T> m, int rows, int width, Span<T> sum)
    {
        if (Vector512.IsHardwareAccelerated && width % Vector512<T>.Count == 0) AddRows<Width512<T>, Vector512<T>>(m, rows, width, sum);
        else if (Vector256.IsHardwareAccelerated && width % Vector256<T>.Count == 0) AddRows<Width256<T>, Vector256<T>>(m, rows, width, sum);
        else
            for (int i = 0; i < rows; i++)
                for (int c = 0; c < width; c++) sum[c] += m[i * width + c];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRows<W, V>(ReadOnlySpan<T> m, int rows, int width, Span<T> sum) where W : struct, IVectorWidth<V, T> where V : struct
    {
        ref T row = ref MemoryMarshal.GetReference(m[..(rows * width)]);
        ref T total = ref MemoryMarshal.GetReference(sum[..width]);
        for (int c = 0; c < width; c += W.Lanes)
        {
            V s = W.Load(ref total, c);
            for (int i = c; i < rows * width; i += width) s = W.Add(s, W.Load(ref row, i));
            W.Store(s, ref total, c);
        }
    }
}
