using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// The forward pass and the backward pass, fused: one sweep over the samples per iteration, over buffers made once.
/// </summary>
/// <remarks>
/// Notation, as in the worksheet: layers n = 1..L; W⁽ⁿ⁾ is nₙ × nₙ₋₁; z⁽ⁿ⁾, a⁽ⁿ⁾ and δ⁽ⁿ⁾ = ∂C/∂z⁽ⁿ⁾ are nₙ × N,
/// one column per sample; a⁽⁰⁾ = x. Per-layer parameter and gradient arrays are indexed l = n − 1; activations
/// are indexed by n itself.
/// <para>
/// The worksheet's six J_* functions each redo the whole forward pass. Here the samples are taken a tile of 64 at a
/// time: the tile is fed forward, every a⁽ⁿ⁾ kept, and δ⁽ⁿ⁾ walked back through them once per layer, adding the
/// tile's share to ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾, while the tile's activations are still in cache.
/// </para>
/// <para>
/// Layout: inside a tile, activations and deltas are stored transposed, one row per sample (the buffers named …T),
/// so every product is one call of <see cref="MatrixKernels.MultiplyAdd"/> with no transposed copies:
/// zᵀ = aᵀ·Wᵀ (+ b), δ⁽ⁿ⁻¹⁾ᵀ = δ⁽ⁿ⁾ᵀ·W, ∂C/∂W = (δᵀ)ᵀ·aᵀ. Every layer's neurons are padded to a multiple of 8 (_p) and a
/// tile's samples to a multiple of 8. Padded weights and biases are zero, so padded neurons add nothing forward
/// (their a, whatever finite value it holds, meets zero weights) and get δ = 0 backward; padded samples get δ = 0, so they add nothing to
/// the gradients. Buffers start on 64-byte boundaries, so no 512-bit load straddles two cache lines.
/// </para>
/// </remarks>
internal sealed class Backpropagation
{
    private const int TileSamples = 64;

    private readonly int[] _n;              // nₙ, n = 0..L
    private readonly int[] _p;              // nₙ rounded up to a multiple of 8
    private readonly int _samples;          // N
    private readonly ArraySegment<double>[] _W, _WT;    // W⁽ⁿ⁾ (_p[n] × _p[n−1]) and W⁽ⁿ⁾ᵀ (_p[n−1] × _p[n]), copied from the layers every pass
    private readonly ArraySegment<double>[] _b;         // b⁽ⁿ⁾ (_p[n])
    private readonly Worker[] _workers;     // one per thread, each with its own tiles and gradient sums
    private readonly ArraySegment<double> _xT, _yT;     // xᵀ (N' × _p[0]) and yᵀ (N × _p[L]); N' = N rounded up to 8, padding zero
    private readonly Vector512<double>[] _outputMask;   // all ones on the lanes of real outputs, zero on padded ones
    private Matrix? _x, _y;                 // the data _xT and _yT were made from
    private readonly Matrix _output;        // a⁽ᴸ⁾ for all samples, when asked for

    /// <summary>Make the buffers for a network of <paramref name="layerSizes"/> and <paramref name="samples"/> samples.</summary>
    /// <param name="layerSizes">[n₀, …, n_L].</param>
    /// <param name="samples">N.</param>
    /// <param name="threads">How many threads share the tiles. Results are bit-identical for a given count: each thread
    /// sums its own contiguous run of tiles and the threads' sums are added in a fixed order.</param>
    public Backpropagation(IReadOnlyList<int> layerSizes, int samples, int threads = 1)
    {
        _n = [.. layerSizes];
        _p = [.. _n.Select(size => (size + 7) & ~7)];
        _samples = samples;
        int L = _n.Length - 1;
        _W = new ArraySegment<double>[L];
        _WT = new ArraySegment<double>[L];
        _b = new ArraySegment<double>[L];
        _xT = AlignedArray(((samples + 7) & ~7) * _p[0]);
        _yT = AlignedArray(samples * _p[L]);
        for (int l = 0; l < L; l++)
        {
            _W[l] = AlignedArray(_p[l + 1] * _p[l]);
            _WT[l] = AlignedArray(_p[l] * _p[l + 1]);
            _b[l] = AlignedArray(_p[l + 1]);
        }
        int tiles = (samples + TileSamples - 1) / TileSamples;
        _workers = new Worker[Math.Clamp(threads, 1, tiles)];
        for (int w = 0; w < _workers.Length; w++)
            _workers[w] = new Worker(this, firstTile: tiles * w / _workers.Length, endTile: tiles * (w + 1) / _workers.Length);
        _outputMask = new Vector512<double>[_p[L] / 8];
        for (int j = 0; j < _n[L]; j++) _outputMask[j / 8] = _outputMask[j / 8].WithElement(j % 8, BitConverter.Int64BitsToDouble(-1));
        _output = new Matrix(_n[L], samples);
        Gradients = new Gradients(layerSizes);
    }

    /// <summary>The cost and Jacobians of the last <see cref="Compute"/>.</summary>
    public Gradients Gradients { get; }

    /// <summary>a⁽ᴸ⁾ (n_L × N) of the last <see cref="Compute"/> that captured outputs.</summary>
    public Matrix Output => _output;

    private int L => _n.Length - 1;

    /// <summary>Feed x forward and record every z⁽ⁿ⁾ and a⁽ⁿ⁾ in <paramref name="trace"/>.</summary>
    public void Forward(Network network, Matrix x, ForwardTrace trace)
    {
        LoadParameters(network.LayerArray);
        LoadInputs(x);
        trace.Activation(0).CopyFrom(x);
        foreach (Worker worker in _workers) worker.Forward(trace);
    }

    /// <summary>
    /// One forward and one backward sweep over all samples: fill <see cref="Gradients"/> with C, ∂C/∂W⁽ⁿ⁾ and
    /// ∂C/∂b⁽ⁿ⁾ at the layers' current weights, and return C. With <paramref name="captureOutputs"/>, also keep a⁽ᴸ⁾ in <see cref="Output"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Compute(Network network, DataSet data, bool captureOutputs = false)
    {
        LoadParameters(network.LayerArray);
        LoadInputs(data.Inputs);
        LoadTargets(data.Targets);
        if (_workers.Length == 1) _workers[0].Compute(captureOutputs);
        else ComputeInParallel(captureOutputs);
        StoreGradients();
        return Gradients.Cost;
    }

    // Workers 1.. go to the thread pool as ready-made work items (nothing is allocated per pass); worker 0 runs here.
    private void ComputeInParallel(bool captureOutputs)
    {
        _pending.Reset(_workers.Length - 1);
        for (int w = 1; w < _workers.Length; w++)
        {
            _workers[w].CaptureOutputs = captureOutputs;
            ThreadPool.UnsafeQueueUserWorkItem(_workers[w], preferLocal: false);
        }
        _workers[0].Compute(captureOutputs);
        _pending.Wait();
        foreach (Worker worker in _workers)
            if (worker.Failure is { } failure) throw new AggregateException(failure);
    }

    private readonly CountdownEvent _pending = new(0);

    /// <summary>One thread's share of the sweep: a contiguous run of tiles, with its own buffers and sums.</summary>
    private sealed class Worker : IThreadPoolWorkItem
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

        private readonly Backpropagation _owner;
        private readonly int _firstTile, _endTile;
        private readonly int[] _n, _p;
        private readonly ArraySegment<double>[] _aT;        // a⁽ⁿ⁾ᵀ of the current tile, TileSamples × _p[n], n = 1..L
        private ArraySegment<double> _deltaT, _deltaPrevT;  // δ⁽ⁿ⁾ᵀ and δ⁽ⁿ⁻¹⁾ᵀ of the current tile, TileSamples × max _p

        public Worker(Backpropagation owner, int firstTile, int endTile)
        {
            _owner = owner;
            _firstTile = firstTile;
            _endTile = endTile;
            _n = owner._n;
            _p = owner._p;
            _aT = [.. _p.Select(p => AlignedArray(TileSamples * p))];
            _deltaT = AlignedArray(TileSamples * _p.Max());
            _deltaPrevT = AlignedArray(TileSamples * _p.Max());
            dCdW = [.. Enumerable.Range(0, L).Select(l => AlignedArray(_p[l + 1] * _p[l]))];
            dCdb = [.. Enumerable.Range(0, L).Select(l => AlignedArray(_p[l + 1]))];
        }

        /// <summary>This worker's share of ∂C/∂W⁽ⁿ⁾ (_p[n] × _p[n−1]) and ∂C/∂b⁽ⁿ⁾, and of Σ‖a⁽ᴸ⁾ − y‖².</summary>
        public readonly ArraySegment<double>[] dCdW, dCdb;
        public double SumOfSquares;

        private int L => _n.Length - 1;

        public void Forward(ForwardTrace trace)
        {
            for (int tile = _firstTile; tile < _endTile; tile++)
            {
                int t0 = tile * TileSamples;
                ForwardTile(t0, Math.Min(TileSamples, _owner._samples - t0), trace);
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
            SumOfSquares = 0;
            for (int tile = _firstTile; tile < _endTile; tile++)
            {
                int t0 = tile * TileSamples, count = Math.Min(TileSamples, _owner._samples - t0);
                ForwardTile(t0, count, trace: null);
                if (captureOutputs) CopyOut(_aT[L], _p[L], _n[L], t0, count, _owner._output);
                SumOfSquares += BackwardTile(t0, count);
            }
        }

        // a⁽ⁿ⁻¹⁾ᵀ of the current tile: for n = 1 the tile's rows of xᵀ, otherwise the tile buffer.
        private ReadOnlySpan<double> PreviousActivationT(int n, int t0) => n == 1 ? _owner._xT.AsSpan(t0 * _p[0]) : _aT[n - 1];

        // z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, a⁽ⁿ⁾ = σ(z⁽ⁿ⁾), for samples t0 .. t0 + count − 1 (as zᵀ = aᵀ·Wᵀ + b).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ForwardTile(int t0, int count, ForwardTrace? trace)
        {
            int T = (count + 7) & ~7;
            for (int n = 1; n <= L; n++)
            {
                int p = _p[n];
                Span<double> aT = _aT[n].AsSpan(0, T * p);
                MatrixKernels.Multiply(T, p, _n[n - 1], PreviousActivationT(n, t0), _p[n - 1], 1, _owner._WT[n - 1], p, aT, p, _owner._b[n - 1]);   // z⁽ⁿ⁾ = W⁽ⁿ⁾a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾
                if (trace is not null) CopyOut(_aT[n], p, _n[n], t0, count, trace.WeightedSum(n));
                if (p == 8 && _n[n] <= 4) SigmoidOfHalfRows(aT);                                                         // a⁽ⁿ⁾ = σ(z⁽ⁿ⁾)
            else Logistic.Value(aT, aT);
                if (trace is not null) CopyOut(_aT[n], p, _n[n], t0, count, trace.Activation(n));
            }
        }

        // Walk back through the tile's activations; return its share of Σ‖a⁽ᴸ⁾ − y‖².
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double BackwardTile(int t0, int count)
        {
            int T = (count + 7) & ~7;

            // Output layer. C = (1/N) Σ ‖a⁽ᴸ⁾ − y‖², so ∂C/∂a⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y), and
            // δ⁽ᴸ⁾ = ∂C/∂a⁽ᴸ⁾ ⊙ ∂a⁽ᴸ⁾/∂z⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y) ⊙ σ'(z⁽ᴸ⁾), with σ'(z) = a(1 − a).
            double sumOfSquares = OutputDelta(t0, count, T);

            for (int n = L; n >= 1; n--)
            {
                int l = n - 1, p = _p[n], pPrev = _p[n - 1];
                ReadOnlySpan<double> aPrevT = PreviousActivationT(n, t0);
                // ∂z⁽ⁿ⁾/∂b⁽ⁿ⁾ = 1, so ∂C/∂b⁽ⁿ⁾ = δ⁽ⁿ⁾ summed over samples.
                AddRows(_deltaT, T, p, dCdb[l]);
                // ∂z⁽ⁿ⁾/∂W⁽ⁿ⁾ = a⁽ⁿ⁻¹⁾, so ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ · a⁽ⁿ⁻¹⁾ᵀ, summed over samples (1/N is inside δ).
                MatrixKernels.MultiplyAdd(p, pPrev, T, _deltaT, 1, p, aPrevT, pPrev, dCdW[l], pPrev);
                if (n == 1) break;

                // One layer back: ∂a⁽ⁿ⁾/∂a⁽ⁿ⁻¹⁾ = σ'(z⁽ⁿ⁾) W⁽ⁿ⁾, so
                // δ⁽ⁿ⁻¹⁾ = (W⁽ⁿ⁾ᵀ · δ⁽ⁿ⁾) ⊙ σ'(z⁽ⁿ⁻¹⁾), with σ'(z⁽ⁿ⁻¹⁾) = a⁽ⁿ⁻¹⁾(1 − a⁽ⁿ⁻¹⁾).
                Span<double> deltaPrevT = _deltaPrevT.AsSpan(0, T * pPrev);
                MatrixKernels.Multiply(T, pPrev, _n[n], _deltaT, p, 1, _owner._W[l], pPrev, deltaPrevT, pPrev);
                MultiplyBySigmoidDerivative(deltaPrevT, aPrevT[..deltaPrevT.Length]);
                (_deltaT, _deltaPrevT) = (_deltaPrevT, _deltaT);
            }
            return sumOfSquares;
        }

        // δ⁽ᴸ⁾ᵀ of the tile: (2/N)(a − y) a(1 − a) for real samples and outputs, 0 for padding; returns Σ (a − y)².
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double OutputDelta(int t0, int count, int T)
        {
            int p = _p[L];
            Vector512<double> scale = Vector512.Create(2.0 / _owner._samples), sum = Vector512<double>.Zero;
            ref double a = ref MemoryMarshal.GetReference(_aT[L].AsSpan(0, count * p));
            ref double y = ref MemoryMarshal.GetReference(_owner._yT.AsSpan(t0 * p, count * p));
            ref double delta = ref MemoryMarshal.GetReference(_deltaT.AsSpan(0, T * p));
            Vector512<double>[] mask = _owner._outputMask;
            for (int j = 0; j < p; j += 8)   // each group of 8 outputs, down the tile's rows
            {
                Vector512<double> outputs = mask[j >> 3], squares = Vector512<double>.Zero;
                for (int i = j; i < count * p; i += p)
                {
                    Vector512<double> ai = Vector512.LoadUnsafe(ref a, (nuint)i);
                    Vector512<double> e = (ai - Vector512.LoadUnsafe(ref y, (nuint)i)) & outputs;   // padded outputs: e = 0
                    squares = Vector512.FusedMultiplyAdd(e, e, squares);
                    (scale * e * ai * (Vector512<double>.One - ai)).StoreUnsafe(ref delta, (nuint)i);
                }
                sum += squares;   // a sum local to the loop stays in a register
            }
            _deltaT.AsSpan(count * p, (T - count) * p).Clear();
            return Vector512.Sum(sum);
        }
    }

    // σ of a layer of at most 4 neurons, padded to 8: two samples' neurons share one vector, halving the work (the
    // output layer of the worksheet's network has 2 neurons).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SigmoidOfHalfRows(Span<double> aT)
    {
        if (!Avx512F.IsSupported)
        {
            Logistic.Value(aT, aT);
            return;
        }
        Vector512<long> firstHalves = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11), swapHalves = Vector512.Create(4L, 5, 6, 7, 0, 1, 2, 3);
        ref double row = ref MemoryMarshal.GetReference(aT);
        for (int i = 0; i + 16 <= aT.Length; i += 16)   // two rows of 8 at a time
        {
            Vector512<double> a = Logistic.Value(Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref row, (nuint)i), firstHalves, Vector512.LoadUnsafe(ref row, (nuint)(i + 8))));
            // Whole-row stores (the other sample's values land in the padded lanes, which nothing reads): two half-row
            // stores would make the next 512-bit load of the row wait, as store forwarding cannot join them.
            a.StoreUnsafe(ref row, (nuint)i);
            Avx512F.PermuteVar8x64(a, swapHalves).StoreUnsafe(ref row, (nuint)(i + 8));
        }
    }

    // A zeroed array whose first element sits on a 64-byte boundary, so that 512-bit loads and stores of rows (whose
    // lengths are multiples of 8 doubles) never straddle two cache lines. Pinned, so the boundary stays put. Unaligned
    // buffers made the large workload vary from 6.9 to 8.5 ms per iteration between runs.
    private static unsafe ArraySegment<double> AlignedArray(int length)
    {
        double[] array = GC.AllocateArray<double>(length + 8, pinned: true);
        int offset = (int)((64 - (nuint)Unsafe.AsPointer(ref array[0]) % 64) % 64 / sizeof(double));
        return new ArraySegment<double>(array, offset, length);
    }

    // sum += Σ over the T rows of m (T × width, width a multiple of 8)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRows(ReadOnlySpan<double> m, int T, int width, Span<double> sum)
    {
        ref double row = ref MemoryMarshal.GetReference(m[..(T * width)]);
        ref double total = ref MemoryMarshal.GetReference(sum[..width]);
        for (int c = 0; c < width; c += 8)
        {
            Vector512<double> s = Vector512.LoadUnsafe(ref total, (nuint)c);
            for (int i = c; i < T * width; i += width) s += Vector512.LoadUnsafe(ref row, (nuint)i);
            s.StoreUnsafe(ref total, (nuint)c);
        }
    }

    // δ ⊙= a(1 − a), element by element (lengths a multiple of 8)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyBySigmoidDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        ref double d = ref MemoryMarshal.GetReference(delta);
        ref double x = ref MemoryMarshal.GetReference(a[..delta.Length]);
        for (int i = 0; i < delta.Length; i += 8)
        {
            Vector512<double> ai = Vector512.LoadUnsafe(ref x, (nuint)i);
            (Vector512.LoadUnsafe(ref d, (nuint)i) * ai * (Vector512<double>.One - ai)).StoreUnsafe(ref d, (nuint)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadParameters(Layer[] layers)
    {
        for (int l = 0; l < L; l++)
        {
            int pPrev = _p[l], rows = _n[l + 1], columns = _n[l];
            Span<double> W = layers[l].Weights.Values, padded = _W[l];
            if (columns >= 16)
                for (int j = 0; j < rows; j++) W.Slice(j * columns, columns).CopyTo(padded.Slice(j * pPrev));
            else
            {
                // Rows of a few doubles, element by element: a call to copy each would cost more than the copy.
                ref double w = ref MemoryMarshal.GetReference(W), to = ref MemoryMarshal.GetReference(padded);
                for (int j = 0; j < rows; j++)
                    for (int k = 0; k < columns; k++) Unsafe.Add(ref to, j * pPrev + k) = Unsafe.Add(ref w, j * columns + k);
            }
            MatrixKernels.Transpose(padded, _p[l + 1], pPrev, _WT[l]);
            layers[l].Biases.CopyTo(_b[l].AsSpan());
        }
    }

    private void LoadInputs(Matrix x)
    {
        if (ReferenceEquals(x, _x)) return;   // data sets are immutable by convention: transpose each one once
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<double> row = x.Row(i);
            for (int s = 0; s < _samples; s++) _xT[s * _p[0] + i] = row[s];
        }
        _x = x;
    }

    private void LoadTargets(Matrix y)
    {
        if (ReferenceEquals(y, _y)) return;
        for (int j = 0; j < y.Rows; j++)
        {
            ReadOnlySpan<double> row = y.Row(j);
            for (int s = 0; s < _samples; s++) _yT[s * _p[L] + j] = row[s];
        }
        _y = y;
    }

    // The workers' sums, added in worker order, into Gradients (without the padding).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StoreGradients()
    {
        double sumOfSquares = 0;
        foreach (Worker worker in _workers) sumOfSquares += worker.SumOfSquares;
        Gradients.Cost = sumOfSquares / _samples;
        for (int l = 0; l < L; l++)
        {
            Layer gradient = Gradients.LayerArray[l];
            Unpad(_workers[0].dCdW[l], _n[l + 1], _n[l], _p[l], gradient.Weights.Values, add: false);
            Unpad(_workers[0].dCdb[l], 1, _n[l + 1], _p[l + 1], gradient.Biases, add: false);
            for (int w = 1; w < _workers.Length; w++)
            {
                Unpad(_workers[w].dCdW[l], _n[l + 1], _n[l], _p[l], gradient.Weights.Values, add: true);
                Unpad(_workers[w].dCdb[l], 1, _n[l + 1], _p[l + 1], gradient.Biases, add: true);
            }
        }
    }

    // destination (rows × columns) = or += the first columns of each padded row of source (row stride p). Rows of a
    // few doubles go element by element: a call to copy each would cost more than the copy.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unpad(ReadOnlySpan<double> source, int rows, int columns, int p, Span<double> destination, bool add)
    {
        if (columns >= 16)
        {
            for (int j = 0; j < rows; j++)
            {
                ReadOnlySpan<double> from = source.Slice(j * p, columns);
                Span<double> to = destination.Slice(j * columns, columns);
                if (add) TensorPrimitives.Add(to, from, to);
                else from.CopyTo(to);
            }
            return;
        }
        ref double first = ref MemoryMarshal.GetReference(source[..((rows - 1) * p + columns)]);
        ref double target = ref MemoryMarshal.GetReference(destination[..(rows * columns)]);
        for (int j = 0; j < rows; j++)
            for (int k = 0; k < columns; k++)
            {
                double value = Unsafe.Add(ref first, j * p + k);
                Unsafe.Add(ref target, j * columns + k) = add ? Unsafe.Add(ref target, j * columns + k) + value : value;
            }
    }

    // Columns 0 .. rows − 1 of a transposed tile (width p), samples 0 .. count − 1, into columns t0 .. of a matrix.
    private static void CopyOut(ReadOnlySpan<double> tileT, int p, int rows, int t0, int count, Matrix destination)
    {
        for (int j = 0; j < rows; j++)
        {
            Span<double> row = destination.Row(j).Slice(t0, count);
            for (int s = 0; s < count; s++) row[s] = tileT[s * p + j];
        }
    }
}
