using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop;

/// <summary>
/// The forward pass and the backward pass, fused: one sweep over the samples per iteration, over buffers made once.
/// </summary>
/// <remarks>
/// Notation, as in the worksheet: layers n = 1..L; W⁽ⁿ⁾ is nₙ × nₙ₋₁; z⁽ⁿ⁾, a⁽ⁿ⁾ and δ⁽ⁿ⁾ = ∂C/∂z⁽ⁿ⁾ are nₙ × N with
/// one column per sample; a⁽⁰⁾ = x. Per-layer arrays of parameters and gradients are indexed l = n − 1;
/// activations are indexed by n itself (_a[0] is the input).
/// <para>
/// The worksheet's six J_* functions each redo the whole forward pass. Here the samples are taken a tile of 64
/// at a time: the tile is fed forward, every a⁽ⁿ⁾ kept, and δ⁽ⁿ⁾ walked back through them once per layer,
/// adding the tile's share to ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾. A tile's activations stay in cache between the two passes.
/// </para>
/// <para>
/// Layout, for the vector kernels: every layer's neurons are padded to a multiple of 8 (_p), and a tile's rows hold
/// its samples side by side, padded to a multiple of 8 with samples whose δ is zero, so they add nothing.
/// Padded weights, biases and neurons are zero and stay zero. Rows are <see cref="Stride"/> apart.
/// </para>
/// </remarks>
internal sealed class Backpropagation
{
    private const int TileSamples = 64;
    private const int Stride = TileSamples + 8;   // 72 doubles: rows of a tile do not fall on the same cache sets

    private readonly int[] _n;              // nₙ, n = 0..L
    private readonly int[] _p;              // nₙ rounded up to a multiple of 8
    private readonly int _samples;          // N
    private readonly double[][] _W, _b;     // W⁽ⁿ⁾ (_p[n] × _p[n−1]) and b⁽ⁿ⁾ (_p[n]), copied from the layers every pass
    private readonly double[][] _dCdW, _dCdb;
    private readonly double[][] _a;         // a⁽ⁿ⁾ of the current tile, _p[n] × Stride
    private readonly double[][] _aT;        // a⁽ⁿ⁾ᵀ of the current tile, TileSamples × _p[n], for δ·aᵀ
    private double[] _delta, _deltaPrev;    // δ⁽ⁿ⁾ and δ⁽ⁿ⁻¹⁾ of the current tile, max _p × Stride
    private readonly Matrix _output;        // a⁽ᴸ⁾ for all samples, when asked for

    public Backpropagation(IReadOnlyList<int> layerSizes, int samples)
    {
        _n = [.. layerSizes];
        _p = [.. _n.Select(size => (size + 7) & ~7)];
        _samples = samples;
        int L = _n.Length - 1;
        _W = new double[L][];
        _b = new double[L][];
        _dCdW = new double[L][];
        _dCdb = new double[L][];
        for (int l = 0; l < L; l++)
        {
            _W[l] = new double[_p[l + 1] * _p[l]];
            _dCdW[l] = new double[_p[l + 1] * _p[l]];
            _b[l] = new double[_p[l + 1]];
            _dCdb[l] = new double[_p[l + 1]];
        }
        _a = [.. _p.Select(p => new double[p * Stride])];
        _aT = [.. _p.Select(p => new double[TileSamples * p])];
        _delta = new double[_p.Max() * Stride];
        _deltaPrev = new double[_p.Max() * Stride];
        _output = new Matrix(_n[L], samples);
        Gradients = new Gradients(layerSizes);
    }

    /// <summary>The cost and Jacobians of the last <see cref="Compute"/>.</summary>
    public Gradients Gradients { get; }

    /// <summary>a⁽ᴸ⁾ (n_L × N) of the last <see cref="Compute"/> that captured outputs.</summary>
    public Matrix Output => _output;

    private int L => _n.Length - 1;

    /// <summary>Feed x forward and record every z⁽ⁿ⁾ and a⁽ⁿ⁾ in <paramref name="trace"/>.</summary>
    public void Forward(IReadOnlyList<Layer> layers, Matrix x, ForwardTrace trace)
    {
        LoadParameters(layers);
        trace.Activation(0).CopyFrom(x);
        for (int t0 = 0; t0 < _samples; t0 += TileSamples)
            ForwardTile(x, t0, Math.Min(TileSamples, _samples - t0), trace);
    }

    /// <summary>
    /// One forward and one backward sweep over all samples: fill <see cref="Gradients"/> with C, ∂C/∂W⁽ⁿ⁾ and
    /// ∂C/∂b⁽ⁿ⁾ at the layers' current weights, and return C. With <paramref name="captureOutputs"/>, also keep a⁽ᴸ⁾ in <see cref="Output"/>.
    /// </summary>
    public double Compute(IReadOnlyList<Layer> layers, DataSet data, bool captureOutputs = false)
    {
        LoadParameters(layers);
        for (int l = 0; l < L; l++)
        {
            Array.Clear(_dCdW[l]);
            Array.Clear(_dCdb[l]);
        }
        double sumOfSquares = 0;
        for (int t0 = 0; t0 < _samples; t0 += TileSamples)
        {
            int count = Math.Min(TileSamples, _samples - t0);
            ForwardTile(data.Inputs, t0, count, trace: null);
            if (captureOutputs) CopyOut(_a[L], _n[L], t0, count, _output);
            sumOfSquares += BackwardTile(data.Targets, t0, count);
        }
        StoreGradients(sumOfSquares / _samples);
        return Gradients.Cost;
    }

    // z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, a⁽ⁿ⁾ = σ(z⁽ⁿ⁾), for samples t0 .. t0 + count − 1.
    private void ForwardTile(Matrix x, int t0, int count, ForwardTrace? trace)
    {
        int T = (count + 7) & ~7;
        CopyIn(x, t0, count, T, _a[0]);
        for (int n = 1; n <= L; n++)
        {
            double[] a = _a[n], b = _b[n - 1];
            for (int j = 0; j < _p[n]; j++) a.AsSpan(j * Stride, T).Fill(b[j]);                       // b⁽ⁿ⁾
            MatrixKernels.MultiplyAdd(_p[n], T, _n[n - 1], _W[n - 1], _p[n - 1], 1, _a[n - 1], Stride, a, Stride);   // + W⁽ⁿ⁾a⁽ⁿ⁻¹⁾
            if (trace is not null) CopyOut(a, _n[n], t0, count, trace.WeightedSum(n));
            Span<double> z = a.AsSpan(0, (_n[n] - 1) * Stride + T);
            TensorPrimitives.Sigmoid<double>(z, z);                                                    // a⁽ⁿ⁾ = σ(z⁽ⁿ⁾)
            if (trace is not null) CopyOut(a, _n[n], t0, count, trace.Activation(n));
        }
    }

    // Walk back through the tile's activations; return its share of Σ‖a⁽ᴸ⁾ − y‖².
    private double BackwardTile(Matrix y, int t0, int count)
    {
        int T = (count + 7) & ~7;
        double scale = 2.0 / _samples;

        // Output layer. C = (1/N) Σ ‖a⁽ᴸ⁾ − y‖², so ∂C/∂a⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y), and
        // δ⁽ᴸ⁾ = ∂C/∂a⁽ᴸ⁾ ⊙ ∂a⁽ᴸ⁾/∂z⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y) ⊙ σ'(z⁽ᴸ⁾), with σ'(z) = a(1 − a). Padded samples get δ = 0.
        double sumOfSquares = 0;
        for (int m = 0; m < _n[L]; m++)
            sumOfSquares += OutputDelta(_a[L].AsSpan(m * Stride, T), y.Row(m).Slice(t0, count), scale, _delta.AsSpan(m * Stride, T));
        _delta.AsSpan(_n[L] * Stride, (_p[L] - _n[L]) * Stride).Clear();

        for (int n = L; n >= 1; n--)
        {
            int l = n - 1;
            // ∂z⁽ⁿ⁾/∂b⁽ⁿ⁾ = 1, so ∂C/∂b⁽ⁿ⁾ = δ⁽ⁿ⁾ summed over samples.
            for (int j = 0; j < _n[n]; j++) _dCdb[l][j] += TensorPrimitives.Sum<double>(_delta.AsSpan(j * Stride, T));
            // ∂z⁽ⁿ⁾/∂W⁽ⁿ⁾ = a⁽ⁿ⁻¹⁾, so ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ · a⁽ⁿ⁻¹⁾ᵀ, summed over samples (1/N is inside δ).
            Transpose(_a[n - 1], _p[n - 1], T, _aT[n - 1]);
            MatrixKernels.MultiplyAdd(_p[n], _p[n - 1], T, _delta, Stride, 1, _aT[n - 1], _p[n - 1], _dCdW[l], _p[n - 1]);
            if (n == 1) break;

            // One layer back: ∂a⁽ⁿ⁾/∂a⁽ⁿ⁻¹⁾ = σ'(z⁽ⁿ⁾) W⁽ⁿ⁾, so
            // δ⁽ⁿ⁻¹⁾ = (W⁽ⁿ⁾ᵀ · δ⁽ⁿ⁾) ⊙ σ'(z⁽ⁿ⁻¹⁾), with σ'(z⁽ⁿ⁻¹⁾) = a⁽ⁿ⁻¹⁾(1 − a⁽ⁿ⁻¹⁾).
            for (int k = 0; k < _p[n - 1]; k++) _deltaPrev.AsSpan(k * Stride, T).Clear();
            MatrixKernels.MultiplyAdd(_p[n - 1], T, _n[n], _W[l], 1, _p[n - 1], _delta, Stride, _deltaPrev, Stride);
            for (int k = 0; k < _n[n - 1]; k++)
                MultiplyBySigmoidDerivative(_deltaPrev.AsSpan(k * Stride, T), _a[n - 1].AsSpan(k * Stride, T));
            (_delta, _deltaPrev) = (_deltaPrev, _delta);
        }
        return sumOfSquares;
    }

    // δ = scale · (a − y) ⊙ a(1 − a) on the tile's samples and 0 on its padding; returns Σ (a − y)².
    private static double OutputDelta(ReadOnlySpan<double> a, ReadOnlySpan<double> y, double scale, Span<double> delta)
    {
        double sumOfSquares = 0;
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var sum = Vector512<double>.Zero;
            for (; j + 8 <= y.Length; j += 8)
            {
                Vector512<double> aj = Vector512.Create(a.Slice(j, 8)), e = aj - Vector512.Create(y.Slice(j, 8));
                sum += e * e;
                (scale * e * aj * (Vector512<double>.One - aj)).CopyTo(delta.Slice(j, 8));
            }
            sumOfSquares = Vector512.Sum(sum);
        }
        for (; j < y.Length; j++)
        {
            double e = a[j] - y[j];
            sumOfSquares += e * e;
            delta[j] = scale * e * Logistic.DerivativeFromValue(a[j]);
        }
        delta[y.Length..].Clear();
        return sumOfSquares;
    }

    // δ ⊙= a(1 − a)
    private static void MultiplyBySigmoidDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 8 <= delta.Length; j += 8)
            {
                Vector512<double> aj = Vector512.Create(a.Slice(j, 8));
                (Vector512.Create((ReadOnlySpan<double>)delta.Slice(j, 8)) * aj * (Vector512<double>.One - aj)).CopyTo(delta.Slice(j, 8));
            }
        for (; j < delta.Length; j++) delta[j] *= Logistic.DerivativeFromValue(a[j]);
    }

    private void LoadParameters(IReadOnlyList<Layer> layers)
    {
        for (int l = 0; l < L; l++)
        {
            Matrix W = layers[l].Weights;
            for (int j = 0; j < W.Rows; j++) W.Row(j).CopyTo(_W[l].AsSpan(j * _p[l], W.Columns));
            layers[l].Biases.CopyTo(_b[l], 0);
        }
    }

    private void StoreGradients(double cost)
    {
        Gradients.Cost = cost;
        for (int l = 0; l < L; l++)
        {
            Layer gradient = Gradients.Layers[l];
            for (int j = 0; j < _n[l + 1]; j++) _dCdW[l].AsSpan(j * _p[l], _n[l]).CopyTo(gradient.Weights.Row(j));
            _dCdb[l].AsSpan(0, _n[l + 1]).CopyTo(gradient.Biases);
        }
    }

    // Rows of x, samples t0 .. t0 + count − 1, into a tile; padding samples up to T become 0.
    private static void CopyIn(Matrix x, int t0, int count, int T, double[] tile)
    {
        for (int i = 0; i < x.Rows; i++)
        {
            x.Row(i).Slice(t0, count).CopyTo(tile.AsSpan(i * Stride));
            tile.AsSpan(i * Stride + count, T - count).Clear();
        }
    }

    // The first rows of a tile (its real samples) into columns t0 .. t0 + count − 1 of a matrix.
    private static void CopyOut(double[] tile, int rows, int t0, int count, Matrix destination)
    {
        for (int i = 0; i < rows; i++) tile.AsSpan(i * Stride, count).CopyTo(destination.Row(i).Slice(t0, count));
    }

    // aT[j, k] = a[k, j] for the tile's T samples and all padded rows.
    private static void Transpose(double[] a, int rows, int T, double[] aT)
    {
        for (int k = 0; k < rows; k++)
        {
            ReadOnlySpan<double> row = a.AsSpan(k * Stride, T);
            for (int j = 0; j < T; j++) aT[j * rows + k] = row[j];
        }
    }
}
