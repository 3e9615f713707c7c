namespace Backprop;

/// <summary>
/// One layer n of a network: weights W⁽ⁿ⁾ (nₙ × nₙ₋₁), biases b⁽ⁿ⁾ (nₙ) and an activation f (σ unless said), feeding
/// z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾ and a⁽ⁿ⁾ = f(z⁽ⁿ⁾).
/// </summary>
public sealed class Layer
{
    /// <summary>Create a layer from its weights (one row per neuron, one column per input), biases (one per neuron) and activation.</summary>
    /// <param name="weights">W⁽ⁿ⁾, nₙ × nₙ₋₁.</param>
    /// <param name="biases">b⁽ⁿ⁾, nₙ.</param>
    /// <param name="activation">f; the logistic σ when null.</param>
    /// <exception cref="ArgumentException">The bias count differs from the weight rows, or a layer is empty.</exception>
    public Layer(Matrix weights, double[] biases, Activation? activation = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (weights.Rows == 0 || weights.Columns == 0)
            throw new ArgumentException($"a layer needs at least one neuron and one input, not {weights.Rows}×{weights.Columns} weights", nameof(weights));
        if (biases.Length != weights.Rows)
            throw new ArgumentException($"{biases.Length} biases for {weights.Rows} neurons", nameof(biases));
        Weights = weights;
        Biases = biases;
        Activation = activation ?? Activation.Logistic;
    }

    /// <summary>Create a layer of zeros with the given numbers of inputs and neurons.</summary>
    public Layer(int inputs, int neurons, Activation? activation = null) : this(new Matrix(neurons, inputs), new double[neurons], activation) { }

    /// <summary>The weights W⁽ⁿ⁾: element (j, k) connects input k to neuron j.</summary>
    public Matrix Weights { get; }

    /// <summary>The biases b⁽ⁿ⁾, one per neuron.</summary>
    public double[] Biases { get; }

    /// <summary>The activation f, a⁽ⁿ⁾ = f(z⁽ⁿ⁾).</summary>
    public Activation Activation { get; }

    /// <summary>The number of inputs nₙ₋₁.</summary>
    public int InputSize => Weights.Columns;

    /// <summary>The number of neurons nₙ.</summary>
    public int OutputSize => Weights.Rows;

    /// <summary>Return a deep copy.</summary>
    public Layer Clone() => new(Weights.Clone(), (double[])Biases.Clone(), Activation);

    /// <summary>Return whether every weight and bias is a finite number.</summary>
    public bool IsFinite() => Weights.IsFinite() && Array.TrueForAll(Biases, double.IsFinite);
}
