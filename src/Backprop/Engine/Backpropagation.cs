using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>
/// The fused forward and backward pass in either precision: what training, evaluation and prediction call, made by
/// <see cref="For"/> in the network's own <see cref="Precision"/>.
/// </summary>
internal abstract class Backpropagation
{
    /// <summary>
    /// The pass for networks shaped as <paramref name="network"/> over <paramref name="samples"/> samples, in its
    /// precision, stopped by <paramref name="cancellation"/> (<see cref="Cancellation"/>).
    /// </summary>
    public static Backpropagation For(Network network, int samples, int threads = 1, CancellationToken cancellation = default)
    {
        Backpropagation pass = network.Precision == Precision.Float32
            ? new Backpropagation<float>(network, samples, threads)
            : new Backpropagation<double>(network, samples, threads);
        pass.Cancellation = cancellation;
        return pass;
    }

    /// <summary>
    /// Stops a pass between tiles of samples (with <see cref="OperationCanceledException"/>; nothing is stored), so that
    /// a network whose one pass takes minutes still stops within moments of Ctrl-C.
    /// </summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>The cost and Jacobians of the last <see cref="Compute(Network, DataSet, bool)"/>, in float64.</summary>
    public abstract Gradients Gradients { get; }

    /// <summary>The Jacobians' arrays in the worksheet's order, ∂C/∂W⁽¹⁾ … ∂C/∂W⁽ᴸ⁾, ∂C/∂b⁽¹⁾ … ∂C/∂b⁽ᴸ⁾ (the optimizers' g).</summary>
    public abstract double[][] GradientArrays { get; }

    /// <summary>The number of samples N a pass takes.</summary>
    public abstract int SampleCount { get; }

    /// <summary>a⁽ᴸ⁾ (n_L × N) of the last <see cref="Compute(Network, DataSet, bool)"/> that captured outputs.</summary>
    public abstract Matrix Output { get; }

    /// <summary>Feed x forward and record every z⁽ⁿ⁾ and a⁽ⁿ⁾ in <paramref name="trace"/>.</summary>
    public abstract void Forward(Network network, Matrix x, ForwardTrace trace);

    /// <summary>
    /// One forward and one backward sweep over all samples: fill <see cref="Gradients"/> with C, ∂C/∂W⁽ⁿ⁾ and
    /// ∂C/∂b⁽ⁿ⁾ at the layers' current weights, and return C. With <paramref name="captureOutputs"/>, also keep a⁽ᴸ⁾ in <see cref="Output"/>.
    /// </summary>
    public abstract double Compute(Network network, DataSet data, bool captureOutputs = false);

    /// <summary>
    /// The same sweep over the samples <paramref name="samples"/> of <paramref name="data"/> (a mini-batch, as many as
    /// this pass takes), in that order; return C over them.
    /// </summary>
    public abstract double Compute(Network network, DataSet data, ReadOnlySpan<int> samples);
}

/// <summary>How a tile's activations and deltas lie in memory: the two layouts the fused pass computes in.</summary>
internal enum TileLayout
{
    /// <summary>
    /// One row per sample, a layer's neurons along the vectors, padded to the vector width: for big layers, whose
    /// neurons fill whole vectors.
    /// </summary>
    SampleRows,

    /// <summary>
    /// One row per neuron, the tile's samples along the vectors (the C yardstick's layout): for small layers, whose
    /// neurons would be mostly padding in vectors of 4 to 16 lanes (the worksheet's 6, 7 and 2 neurons).
    /// </summary>
    NeuronRows,
}

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
/// Layouts (<see cref="TileLayout"/>), chosen per network by <see cref="LayoutFor"/>. Both compute every element by the
/// same sums in the same order, so they give the same bits; they differ in the padding they compute.
/// </para>
/// <para>
/// Sample rows: inside a tile, activations and deltas are stored transposed, one row per sample (the buffers named …T),
/// so every product is one call of <see cref="MatrixKernels.MultiplyAdd"/> with no transposed copies:
/// zᵀ = aᵀ·Wᵀ (+ b), δ⁽ⁿ⁻¹⁾ᵀ = δ⁽ⁿ⁾ᵀ·W, ∂C/∂W = (δᵀ)ᵀ·aᵀ. Every layer's neurons are padded to a multiple of the
/// vector width (_c: 8, or 4 without AVX-512; rows of 64 or a multiple get 8 more, _p) and a tile's samples to a multiple of 8. Padded weights and biases are zero, so padded neurons add nothing forward
/// (their a, whatever finite value it holds, meets zero weights) and get δ = 0 backward; padded samples get δ = 0, so they add nothing to
/// the gradients. Buffers start on 64-byte boundaries, so no 512-bit load straddles two cache lines.
/// </para>
/// <para>
/// Neuron rows: a⁽ⁿ⁾ and δ⁽ⁿ⁾ of a tile are nₙ × samples, as the worksheet writes them, with the samples along the vectors
/// and the neurons rounded up to 2 rows, not to the vector width: z = W·a + b, δ⁽ⁿ⁻¹⁾ = Wᵀ·δ⁽ⁿ⁾ (through strides), and
/// ∂C/∂W = δ·a⁽ⁿ⁻¹⁾ᵀ with a⁽ⁿ⁻¹⁾ᵀ copied transposed, one row per sample, beside a column of ones: that column's
/// products are ∂C/∂b = Σ δ·1, summed in the same order as the weights' (Backpropagation.NeuronRows.cs).
/// </para>
/// <para>
/// Activations: each layer's own f; its derivative is taken from a (σ' = a(1 − a), tanh' = 1 − a², …). The output
/// layer's δ⁽ᴸ⁾ comes from the loss (<see cref="Loss"/>), except for the worksheet's logistic output with the squared
/// loss, which has its own vectorised path.
/// </para>
/// <para>
/// Files: this one holds the state and the entry points; Backpropagation.Worker.cs the passes over a tile (the
/// chain rule); Backpropagation.Buffers.cs the moves between the public types and the padded buffers.
/// </para>
/// </remarks>
internal sealed partial class Backpropagation<T> : Backpropagation where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int TileSamples = 64;

    private readonly int[] _n;              // nₙ, n = 0..L
    private readonly int[] _c;              // nₙ rounded up to a multiple of MatrixKernels.Granularity (8, or 4 without AVX-512): the columns computed
    private readonly int[] _p;              // the row stride of layer n's buffers: _c[n], and 8 more when _c[n] is a multiple of 64
    private readonly int _samples;          // N
    private readonly Activation[] _f;       // f of layer n at _f[n − 1]
    private readonly Loss _loss;
    private readonly bool _logisticSquaredOutput;   // the worksheet's output: δ⁽ᴸ⁾ by the vectorised OutputDelta
    private readonly ArraySegment<T>[] _W, _WT;    // W⁽ⁿ⁾ (_p[n] × _p[n−1]) and W⁽ⁿ⁾ᵀ (_p[n−1] × _p[n]), copied from the layers every pass
    private readonly ArraySegment<T>[] _b;         // b⁽ⁿ⁾ (_p[n])
    private readonly Worker[] _workers;     // one per thread, each with its own tiles and gradient sums
    private readonly ArraySegment<T> _xT, _yT;          // xᵀ (N' × _p[0]) and yᵀ (N × _p[L]); N' = N rounded up to SampleMultiple, padding zero
    private readonly Vector512<T>[] _outputMask;        // all ones on the lanes of real outputs, zero on padded ones
    private readonly Vector256<T>[] _outputMaskAnyWidth;   // the same in 256-bit vectors, without AVX-512
    private readonly TileLayout _layout;
    private readonly int _xStride;          // the row stride of xᵀ: _p[0], or with neuron rows _q[0] (room for the column of ones)
    private readonly int[] _q;              // neuron rows: the row stride of a⁽ⁿ⁾ᵀ with its column of ones at nₙ, and of ∂C/∂W⁽ⁿ⁺¹⁾ (n = 0..L−1)
    private readonly int[] _rows;           // neuron rows: nₙ rounded up to 2, the rows computed
    private readonly int _sampleStride;     // N rounded up to SampleMultiple: xᵀ's rows, and with neuron rows the row stride of _xRows and _yRows
    private readonly ArraySegment<T> _xRows, _yRows;    // neuron rows: x (n₀ × _sampleStride) and y (n_L × _sampleStride), padding zero

    // All ones on the lanes of the real outputs, zero on the padded ones, one vector per W.Lanes outputs.
    private static V[] OutputMask<W, V>(int outputs, int padded) where W : struct, IVectorWidth<V, T> where V : struct
    {
        var lanes = new T[(padded + W.Lanes - 1) / W.Lanes * W.Lanes];
        MemoryMarshal.AsBytes(lanes.AsSpan(0, outputs)).Fill(0xFF);
        return [.. Enumerable.Range(0, lanes.Length / W.Lanes).Select(v => W.Load(ref lanes[v * W.Lanes]))];
    }

    /// <summary>
    /// What a tile's sample count is rounded up to: the rows of a product must be a multiple of the kernel's granularity,
    /// and at least 8 (the double layout's, kept on every width).
    /// </summary>
    internal static readonly int SampleMultiple = Math.Max(8, MatrixKernels.GranularityOf<T>(MatrixKernels.Selected));

    /// <summary>n rounded up to <see cref="SampleMultiple"/>.</summary>
    internal static int PaddedSamples(int n) => (n + SampleMultiple - 1) / SampleMultiple * SampleMultiple;

    private Matrix? _x, _y;                 // the data _xT and _yT were made from
    private readonly Matrix _output;        // a⁽ᴸ⁾ for all samples, when asked for
    private readonly CountdownEvent _pending = new(0);   // workers still running a pass

    /// <summary>The columns computed for a layer of <paramref name="neurons"/>: rounded up to MatrixKernels.Granularity.</summary>
    internal static int Columns(int neurons)
    {
        int granularity = MatrixKernels.GranularityOf<T>(MatrixKernels.Selected);
        return (neurons + granularity - 1) / granularity * granularity;
    }

    /// <summary>
    /// The row stride of a layer's buffers: its <see cref="Columns"/>, and 8 more at a multiple of 64. A stride of 64
    /// doubles (512 bytes) or a multiple maps the rows a kernel walks down into a few of L1's 64 sets (128 doubles: 4
    /// sets, 32 lines for 128 rows), so they evict each other; 8 doubles more spread them over all.
    /// </summary>
    internal static int RowStride(int neurons) =>
        Columns(neurons) * Unsafe.SizeOf<T>() % 512 == 0 ? Columns(neurons) + 64 / Unsafe.SizeOf<T>() : Columns(neurons);

    /// <summary>
    /// The layout for networks shaped as <paramref name="network"/>: neuron rows where sample rows would pad the hidden
    /// layers by a tenth or more on vectors of 8 or more elements (50 neurons computed as 56 floats on 256-bit vectors,
    /// the worksheet's 6 and 7 as 8), or by 30% or more on narrower ones (4 doubles: 5 neurons as 8), the inputs are
    /// few (at most <see cref="NeuronRowsInputs"/>), and every activation acts element by element (softmax takes a
    /// sample's outputs together); sample rows otherwise, where whole vectors of neurons need no transposed copies.
    /// </summary>
    /// <remarks>
    /// Measured (docs/PERFORMANCE.md, "Neuron rows or sample rows", Zen 1 with AVX2). On 8 floats, neuron rows won 5–29%
    /// from 12% padding on (wide, [13,5,3], [2,10,10,1], [8,25,25,1]), and from even to 7% on the worksheet's seed, and
    /// came out even on [5,20,3]. On 4 doubles they won 13–17% on [13,5,3] (60%), came out even or lost up to 5% from 12% to 23% (seed,
    /// [2,10,10,1], [8,25,25,1]), and lost up to 26% with little or no padding ([8,32,1], [4,200,1]). With many inputs
    /// they lost: [784,50,10] by 22–25% in both precisions (50 neurons as 56 floats), [64,24,10] by 13–16%; layer 1 then
    /// reads x's rows N samples apart.
    /// </remarks>
    internal static TileLayout LayoutFor(Network network)
    {
        if (!network.Layers.All(layer => layer.Activation.IsElementWise) || network.Layers.Count < 2 || network.LayerSizes[0] > NeuronRowsInputs)
            return TileLayout.SampleRows;
        IEnumerable<int> hidden = network.LayerSizes.Skip(1).SkipLast(1);
        double padding = (double)hidden.Sum(Columns) / hidden.Sum() - 1;
        int lanes = MatrixKernels.GranularityOf<T>(MatrixKernels.Selected);
        return padding >= (lanes >= 8 ? 0.1 : 0.3) ? TileLayout.NeuronRows : TileLayout.SampleRows;
    }

    /// <summary>The most inputs <see cref="LayoutFor"/> gives neuron rows (measured up to 30: won; from 64: lost).</summary>
    internal const int NeuronRowsInputs = 32;

    /// <summary>Make the buffers for networks shaped as <paramref name="network"/> (sizes, activations, loss) and <paramref name="samples"/> samples.</summary>
    /// <param name="network">The network whose shape the buffers fit; any network of the same design may be computed.</param>
    /// <param name="samples">N.</param>
    /// <param name="threads">How many threads share the tiles. Results are bit-identical for a given count: each thread
    /// sums its own contiguous run of tiles and the threads' sums are added in a fixed order.</param>
    /// <param name="layout">The tile layout; by default the one <see cref="LayoutFor"/> picks (the tests try both).</param>
    public Backpropagation(Network network, int samples, int threads = 1, TileLayout? layout = null)
    {
        IReadOnlyList<int> layerSizes = network.LayerSizes;
        _n = [.. layerSizes];
        _f = [.. network.Layers.Select(layer => layer.Activation)];
        _loss = network.Loss;
        _logisticSquaredOutput = _f[^1] == Activation.Logistic && _loss == Loss.Squared;
        _c = [.. _n.Select(Columns)];
        _p = [.. _n.Select(RowStride)];
        _samples = samples;
        int L = _n.Length - 1;
        _W = new ArraySegment<T>[L];
        _WT = new ArraySegment<T>[L];
        _b = new ArraySegment<T>[L];
        _layout = layout ?? LayoutFor(network);
        if (_layout == TileLayout.NeuronRows && !network.Layers.All(layer => layer.Activation.IsElementWise))
            throw new ArgumentException("neuron rows apply f one neuron's row at a time: every activation must act element by element", nameof(layout));
        bool neuronRows = _layout == TileLayout.NeuronRows;
        _q = [.. _n.Select(n => RowStride(n + 1))];
        _rows = [.. _n.Select(n => (n + 1) / 2 * 2)];
        _sampleStride = PaddedSamples(samples);
        _xStride = neuronRows ? _q[0] : _p[0];
        _xT = AlignedArray(_sampleStride * _xStride);
        if (neuronRows)
            for (int s = 0; s < _sampleStride; s++) _xT[s * _xStride + _n[0]] = T.One;   // xᵀ's column of ones
        _yT = neuronRows ? ArraySegment<T>.Empty : AlignedArray(samples * _p[L]);
        _xRows = neuronRows ? AlignedArray(_n[0] * _sampleStride) : ArraySegment<T>.Empty;
        _yRows = neuronRows ? AlignedArray(_n[L] * _sampleStride) : ArraySegment<T>.Empty;
        for (int l = 0; l < L; l++)
        {
            _W[l] = AlignedArray(_p[l + 1] * _p[l]);
            _WT[l] = neuronRows ? ArraySegment<T>.Empty : AlignedArray(_p[l] * _p[l + 1]);
            _b[l] = AlignedArray(_p[l + 1]);
        }
        int tiles = (samples + TileSamples - 1) / TileSamples;
        _workers = new Worker[Math.Clamp(threads, 1, tiles)];
        for (int w = 0; w < _workers.Length; w++)
            _workers[w] = new Worker(this, firstTile: tiles * w / _workers.Length, endTile: tiles * (w + 1) / _workers.Length);
        _outputMask = OutputMask<Width512<T>, Vector512<T>>(_n[L], _p[L]);
        _outputMaskAnyWidth = OutputMask<Width256<T>, Vector256<T>>(_n[L], _p[L]);
        _output = new Matrix(_n[L], samples);
        Gradients = new Gradients(layerSizes);
        GradientArrays = Gradients.ParameterArrays();
    }

    /// <inheritdoc/>
    public override Gradients Gradients { get; }

    /// <inheritdoc/>
    public override double[][] GradientArrays { get; }

    /// <inheritdoc/>
    public override int SampleCount => _samples;

    /// <inheritdoc/>
    public override Matrix Output => _output;

    private int L => _n.Length - 1;

    /// <inheritdoc/>
    public override void Forward(Network network, Matrix x, ForwardTrace trace)
    {
        LoadParameters(network.LayerArray);
        LoadInputs(x);
        trace.Activation(0).CopyFrom(x);
        foreach (Worker worker in _workers) worker.Forward(trace);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Compute(Network network, DataSet data, bool captureOutputs = false)
    {
        LoadParameters(network.LayerArray);
        LoadInputs(data.Inputs);
        LoadTargets(data.Targets);
        if (_workers.Length == 1) _workers[0].Compute(captureOutputs);
        else ComputeInParallel(captureOutputs);
        StoreGradients();
        return Gradients.Cost;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Compute(Network network, DataSet data, ReadOnlySpan<int> samples)
    {
        LoadParameters(network.LayerArray);
        LoadSamples(data, samples);
        if (_workers.Length == 1) _workers[0].Compute(captureOutputs: false);
        else ComputeInParallel(captureOutputs: false);
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
        Cancellation.ThrowIfCancellationRequested();   // a worker stopped by it
        foreach (Worker worker in _workers)
            if (worker.Failure is { } failure) throw new AggregateException(failure);
    }
}
