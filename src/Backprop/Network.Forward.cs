using System.Buffers;
using System.Numerics.Tensors;

namespace Backprop;

// Feeding data through the network: whole batches (through the fused pass) and single samples (into a span).
public sealed partial class Network
{
    /// <summary>Feed a batch forward and return every weighted sum and activation (the worksheet's <c>network_function</c>).</summary>
    /// <param name="inputs">x: d × N, one column per sample; a⁽⁰⁾ is x's <see cref="InputFeatures"/> (or x), standardised by <see cref="InputScaling"/>, if any.</param>
    /// <remarks>The trace holds the layers' own values: with a <see cref="TargetScaling"/>, a⁽ᴸ⁾ is on the standardised scale.</remarks>
    /// <exception cref="ArgumentException">The inputs do not have n₀ rows, or have no columns.</exception>
    public ForwardTrace Forward(Matrix inputs)
    {
        CheckInputs(inputs);
        Matrix a0 = Scale(inputs);
        var trace = new ForwardTrace(_layerSizes, a0.Columns);
        Backpropagation.For(this, a0.Columns).Forward(this, a0, trace);
        return trace;
    }

    /// <summary>Return the network's outputs a⁽ᴸ⁾ (n_L × N) for a batch of inputs (n₀ × N), on the targets' scale (<see cref="TargetScaling"/> undone).</summary>
    /// <exception cref="ArgumentException">The inputs do not have n₀ rows, or have no columns.</exception>
    public Matrix Predict(Matrix inputs) => Unscale(Forward(inputs).Output);

    /// <summary>Return the outputs for a batch given as rows, one sample per row (n₀ values each), as rows of n_L values.</summary>
    /// <exception cref="ArgumentException">A row does not have n₀ values, or there are none.</exception>
    public double[][] Predict(IReadOnlyList<double[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Matrix outputs = Predict(Matrix.FromSampleRows(samples, nameof(samples)));
        return [.. Enumerable.Range(0, outputs.Columns).Select(s => Enumerable.Range(0, outputs.Rows).Select(j => outputs[j, s]).ToArray())];
    }

    /// <summary>Compute the outputs of one sample into <paramref name="output"/>, allocating nothing.</summary>
    /// <param name="input">The sample's inputs (raw: the network's <see cref="InputFeatures"/> and <see cref="InputScaling"/> are applied here).</param>
    /// <param name="output">Receives the n_L outputs, on the targets' scale (<see cref="TargetScaling"/> undone).</param>
    /// <remarks>Plain dot products per neuron: equal to <see cref="Predict(Matrix)"/> to the last few bits (the batch pass sums in another order).</remarks>
    /// <exception cref="ArgumentException"><paramref name="input"/> does not hold n₀ values or <paramref name="output"/> fewer than n_L.</exception>
    public void Predict(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputSize) throw new ArgumentException($"{input.Length} inputs, but the network {this} takes {InputSize}", nameof(input));
        if (output.Length < OutputSize) throw new ArgumentException($"room for {output.Length} outputs, but the network {this} gives {OutputSize}", nameof(output));
        int width = _widest;
        double[]? rented = 2 * width <= MaxStackDoubles ? null : ArrayPool<double>.Shared.Rent(2 * width);
        Span<double> scratch = rented ?? stackalloc double[2 * width <= MaxStackDoubles ? 2 * width : 0];
        try
        {
            Span<double> a = scratch[..width], z = scratch.Slice(width, width);
            if (InputFeatures is null) input.CopyTo(a);
            else InputFeatures.Apply(input, a);   // the input is the caller's span: no overlap
            InputScaling?.Apply(a, a);
            for (int l = 0; l < _layers.Length; l++)
            {
                Layer layer = _layers[l];
                ReadOnlySpan<double> aPrev = a[..layer.InputSize];
                for (int j = 0; j < layer.OutputSize; j++) z[j] = TensorPrimitives.Dot(layer.Weights.Row(j), aPrev) + layer.Biases[j];   // z = W·a + b
                layer.Activation.Apply(z[..layer.OutputSize], a);                                                                        // a = f(z)
            }
            a[..OutputSize].CopyTo(output);
            TargetScaling?.Undo(output[..OutputSize]);
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }

    // Layers up to 2,048 neurons wide keep their scratch on the stack (32 KB); wider ones rent it from the shared pool.
    private const int MaxStackDoubles = 4096;

    /// <summary>Return the cost C (the network's <see cref="Loss"/>, averaged over the samples) over a data set (the worksheet's <c>cost</c>).</summary>
    /// <exception cref="ArgumentException">The data does not fit the network's input or output size.</exception>
    public double Cost(DataSet data) => Backpropagate(data).Cost;

    /// <summary>Return the cost and its Jacobians ∂C/∂W⁽ⁿ⁾, ∂C/∂b⁽ⁿ⁾ for every layer, by one forward and one backward pass.</summary>
    /// <remarks>With an <see cref="InputScaling"/> (or <see cref="TargetScaling"/>), the data's inputs (targets) are standardised first: the Jacobians are those of the layers as trained.</remarks>
    /// <exception cref="ArgumentException">The data does not fit the network's input or output size.</exception>
    public Gradients Backpropagate(DataSet data)
    {
        CheckData(data);
        DataSet scaled = Scale(data);
        Backpropagation pass = Backpropagation.For(this, scaled.Count);
        pass.Compute(this, scaled);
        return pass.Gradients;
    }

    /// <summary>Return inputs as layer 1 sees them, a⁽⁰⁾: their <see cref="InputFeatures"/> (or themselves) standardised by <see cref="InputScaling"/>; the same matrix when there is neither.</summary>
    internal Matrix Scale(Matrix inputs)
    {
        Matrix features = InputFeatures?.Apply(inputs) ?? inputs;
        return InputScaling?.Apply(features) ?? features;
    }

    /// <summary>Return a data set as the layers see it: inputs as <see cref="Scale(Matrix)"/> gives them (and targets standardised), or the same one when there is nothing to do.</summary>
    internal DataSet Scale(DataSet data) => InputFeatures is null && InputScaling is null && TargetScaling is null ? data
        : new DataSet(Scale(data.Inputs), TargetScaling?.Apply(data.Targets) ?? data.Targets);

    /// <summary>Return the layers' outputs on the targets' scale: <see cref="TargetScaling"/> undone, or the same matrix when there is none.</summary>
    internal Matrix Unscale(Matrix outputs) => TargetScaling?.Undo(outputs) ?? outputs;

    private void CheckInputs(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows != InputSize)
            throw new ArgumentException($"the inputs have {inputs.Rows} rows but the network {this} takes {InputSize}", nameof(inputs));
        if (inputs.Columns == 0) throw new ArgumentException("the inputs have no samples", nameof(inputs));
    }
}
