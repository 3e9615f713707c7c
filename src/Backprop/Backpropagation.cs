using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// The forward pass and the backward pass, once each per iteration, over buffers made once.
/// </summary>
/// <remarks>
/// Notation, as in the worksheet: layers n = 1..L; W⁽ⁿ⁾ is nₙ × nₙ₋₁, z⁽ⁿ⁾ and a⁽ⁿ⁾ are nₙ × N with one
/// column per sample, a⁽⁰⁾ = x. In code, layer n lives at index l = n − 1 of every per-layer array
/// except activations, which are indexed by n itself (a[0] is the input).
/// <para>
/// The worksheet's six J_* functions each redo the whole forward pass. Here the forward pass runs once,
/// stores every z⁽ⁿ⁾ and a⁽ⁿ⁾, and the backward pass walks back through them, computing
/// δ⁽ⁿ⁾ = ∂C/∂z⁽ⁿ⁾ once per layer.
/// </para>
/// </remarks>
internal sealed class Backpropagation
{
    private readonly ForwardTrace _trace;
    private readonly Matrix[] _delta;   // _delta[l] = δ⁽ⁿ⁾ = ∂C/∂z⁽ⁿ⁾, n = l + 1

    public Backpropagation(IReadOnlyList<int> layerSizes, int samples)
    {
        _trace = new ForwardTrace(layerSizes, samples);
        _delta = new Matrix[layerSizes.Count - 1];
        for (int l = 0; l < _delta.Length; l++) _delta[l] = new Matrix(layerSizes[l + 1], samples);
        Gradients = new Gradients(layerSizes);
    }

    /// <summary>The trace of the last forward pass.</summary>
    public ForwardTrace Trace => _trace;

    /// <summary>The Jacobians of the last backward pass.</summary>
    public Gradients Gradients { get; }

    /// <summary>Feed x forward: a⁽⁰⁾ = x, then z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾ and a⁽ⁿ⁾ = σ(z⁽ⁿ⁾) for n = 1..L.</summary>
    public void Forward(IReadOnlyList<Layer> layers, Matrix x)
    {
        _trace.Activation(0).CopyFrom(x);
        for (int n = 1; n <= layers.Count; n++)
        {
            Layer layer = layers[n - 1];
            Matrix z = _trace.WeightedSum(n), a = _trace.Activation(n);
            MatrixKernels.MultiplyAddBias(layer.Weights, _trace.Activation(n - 1), layer.Biases, z);  // z⁽ⁿ⁾ = W⁽ⁿ⁾a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾
            Logistic.Value(z.AsSpan(), a.AsSpan());                                                   // a⁽ⁿ⁾ = σ(z⁽ⁿ⁾)
        }
    }

    /// <summary>
    /// Walk back through the last forward pass and fill <see cref="Gradients"/> with C, ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾.
    /// </summary>
    public void Backward(IReadOnlyList<Layer> layers, Matrix y)
    {
        int L = layers.Count;
        int N = _trace.SampleCount;
        Matrix aL = _trace.Activation(L), deltaL = _delta[L - 1];

        // Output layer. C = (1/N) Σ ‖a⁽ᴸ⁾ − y‖², so ∂C/∂a⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y), and
        // δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ = ∂C/∂a⁽ᴸ⁾ ⊙ ∂a⁽ᴸ⁾/∂z⁽ᴸ⁾ = (2/N)(a⁽ᴸ⁾ − y) ⊙ σ'(z⁽ᴸ⁾), with σ'(z) = a(1 − a).
        double sumOfSquares = 0;
        for (int j = 0; j < aL.Rows; j++)
        {
            Span<double> a = aL.Row(j), delta = deltaL.Row(j);
            ReadOnlySpan<double> target = y.Row(j);
            TensorPrimitives.Subtract(a, target, delta);                        // a⁽ᴸ⁾ − y
            sumOfSquares += TensorPrimitives.SumOfSquares<double>(delta);
            for (int k = 0; k < delta.Length; k++)
                delta[k] *= 2.0 / N * Logistic.DerivativeFromValue(a[k]);      // (2/N)(a − y) ⊙ σ'(z⁽ᴸ⁾)
        }
        Gradients.Cost = sumOfSquares / N;

        for (int n = L; n >= 1; n--)
        {
            Layer gradient = Gradients.Layers[n - 1];
            Matrix delta = _delta[n - 1], aPrev = _trace.Activation(n - 1);

            // ∂z⁽ⁿ⁾/∂W⁽ⁿ⁾ = a⁽ⁿ⁻¹⁾, so ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ · a⁽ⁿ⁻¹⁾ᵀ (summed over samples; 1/N is inside δ).
            MatrixKernels.MultiplyByTranspose(delta, aPrev, gradient.Weights);
            // ∂z⁽ⁿ⁾/∂b⁽ⁿ⁾ = 1, so ∂C/∂b⁽ⁿ⁾ = δ⁽ⁿ⁾ summed over samples.
            MatrixKernels.SumRows(delta, gradient.Biases);

            if (n == 1) break;
            // One layer back: ∂a⁽ⁿ⁾/∂a⁽ⁿ⁻¹⁾ = σ'(z⁽ⁿ⁾) W⁽ⁿ⁾, so
            // δ⁽ⁿ⁻¹⁾ = (W⁽ⁿ⁾ᵀ · δ⁽ⁿ⁾) ⊙ σ'(z⁽ⁿ⁻¹⁾), with σ'(z⁽ⁿ⁻¹⁾) = a⁽ⁿ⁻¹⁾(1 − a⁽ⁿ⁻¹⁾).
            Matrix deltaPrev = _delta[n - 2];
            MatrixKernels.MultiplyTransposed(layers[n - 1].Weights, delta, deltaPrev);
            MultiplyBySigmoidDerivative(deltaPrev.AsSpan(), aPrev.AsSpan());
        }
    }

    private static void MultiplyBySigmoidDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= Logistic.DerivativeFromValue(a[i]);
    }
}
