namespace Backprop;

/// <summary>
/// A feed-forward network of logistic layers with sizes [n₀, n₁, …, n_L]; the worksheet's is [1, 6, 7, 2].
/// </summary>
/// <remarks>
/// Feed-forward: a⁽ⁿ⁾ = σ(z⁽ⁿ⁾), z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, with σ the logistic function on every layer,
/// the output included. Cost: C = (1/N) Σₖ ‖a⁽ᴸ⁾ₖ − yₖ‖².
/// Train it with <see cref="SteepestDescent"/>; save and load it with <see cref="ModelFile"/>.
/// </remarks>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly int[] _layerSizes;

    /// <summary>Create a network from its layers, first to last.</summary>
    /// <exception cref="ArgumentException">There are no layers, or a layer's inputs differ from the previous layer's neurons.</exception>
    public Network(IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0) throw new ArgumentException("a network needs at least one layer", nameof(layers));
        for (int n = 2; n <= _layers.Length; n++)
            if (_layers[n - 1].InputSize != _layers[n - 2].OutputSize)
                throw new ArgumentException(
                    $"layer {n} takes {_layers[n - 1].InputSize} inputs but layer {n - 1} has {_layers[n - 2].OutputSize} neurons", nameof(layers));
        _layerSizes = [_layers[0].InputSize, .. _layers.Select(layer => layer.OutputSize)];
    }

    /// <summary>
    /// Create a network with random weights and biases, drawn as the worksheet's <c>reset_network</c> draws them:
    /// W⁽¹⁾ … W⁽ᴸ⁾ then b⁽¹⁾ … b⁽ᴸ⁾, each <c>randn(rows, columns) / 2</c> filled row by row.
    /// </summary>
    /// <param name="layerSizes">[n₀, n₁, …, n_L], for example [1, 6, 7, 2].</param>
    /// <param name="random">The generator; <c>new NumpyRandom(s)</c> matches <c>np.random.seed(s); reset_network()</c>.</param>
    /// <exception cref="ArgumentException">Fewer than two sizes, or a size below 1.</exception>
    public static Network CreateRandom(IReadOnlyList<int> layerSizes, NumpyRandom random)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        ArgumentNullException.ThrowIfNull(random);
        CheckLayerSizes(layerSizes);
        int L = layerSizes.Count - 1;
        var weights = new Matrix[L];
        for (int n = 1; n <= L; n++)
        {
            weights[n - 1] = random.NextGaussianMatrix(layerSizes[n], layerSizes[n - 1]);
            HalveInPlace(weights[n - 1].AsSpan());
        }
        var layers = new Layer[L];
        for (int n = 1; n <= L; n++)
        {
            Matrix b = random.NextGaussianMatrix(layerSizes[n], 1);
            HalveInPlace(b.AsSpan());
            layers[n - 1] = new Layer(weights[n - 1], b.AsSpan().ToArray());
        }
        return new Network(layers);
    }

    /// <summary>The layers 1..L; <c>Layers[n - 1]</c> is layer n.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The layers as an array, for the hot loops (no interface calls).</summary>
    internal Layer[] LayerArray => _layers;

    /// <summary>The layer sizes [n₀, n₁, …, n_L].</summary>
    public IReadOnlyList<int> LayerSizes => _layerSizes;

    /// <summary>The number of inputs n₀.</summary>
    public int InputSize => _layerSizes[0];

    /// <summary>The number of outputs n_L.</summary>
    public int OutputSize => _layerSizes[^1];

    /// <summary>Feed a batch forward and return every weighted sum and activation (the worksheet's <c>network_function</c>).</summary>
    /// <param name="inputs">a⁽⁰⁾: n₀ × N, one column per sample.</param>
    /// <exception cref="ArgumentException">The inputs do not have n₀ rows, or have no columns.</exception>
    public ForwardTrace Forward(Matrix inputs)
    {
        CheckInputs(inputs);
        var trace = new ForwardTrace(_layerSizes, inputs.Columns);
        new Backpropagation(_layerSizes, inputs.Columns).Forward(this, inputs, trace);
        return trace;
    }

    /// <summary>Return the network's outputs a⁽ᴸ⁾ (n_L × N) for a batch of inputs (n₀ × N).</summary>
    /// <exception cref="ArgumentException">The inputs do not have n₀ rows, or have no columns.</exception>
    public Matrix Predict(Matrix inputs) => Forward(inputs).Output;

    /// <summary>Return the cost C = (1/N) Σₖ ‖a⁽ᴸ⁾ₖ − yₖ‖² over a data set (the worksheet's <c>cost</c>).</summary>
    /// <exception cref="ArgumentException">The data does not fit the network's input or output size.</exception>
    public double Cost(DataSet data) => Backpropagate(data).Cost;

    /// <summary>Return the cost and its Jacobians ∂C/∂W⁽ⁿ⁾, ∂C/∂b⁽ⁿ⁾ for every layer, by one forward and one backward pass.</summary>
    /// <exception cref="ArgumentException">The data does not fit the network's input or output size.</exception>
    public Gradients Backpropagate(DataSet data)
    {
        CheckData(data);
        var pass = new Backpropagation(_layerSizes, data.Count);
        pass.Compute(this, data);
        return pass.Gradients;
    }

    /// <summary>Return a deep copy.</summary>
    public Network Clone() => new(_layers.Select(layer => layer.Clone()));

    /// <summary>Return whether every weight and bias is a finite number.</summary>
    public bool IsFinite() => Array.TrueForAll(_layers, layer => layer.IsFinite());

    /// <summary>Return the layer sizes written as on the command line, for example <c>1,6,7,2</c>.</summary>
    public override string ToString() => string.Join(',', _layerSizes);

    /// <summary>Check that a data set fits this network.</summary>
    /// <exception cref="ArgumentException">The data's input or output size differs from the network's.</exception>
    public void CheckData(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputSize != InputSize)
            throw new ArgumentException($"the data has {data.InputSize} inputs per sample but the network {this} takes {InputSize}", nameof(data));
        if (data.OutputSize != OutputSize)
            throw new ArgumentException($"the data has {data.OutputSize} targets per sample but the network {this} gives {OutputSize} outputs", nameof(data));
    }

    internal static void CheckLayerSizes(IReadOnlyList<int> layerSizes)
    {
        if (layerSizes.Count < 2)
            throw new ArgumentException($"a network needs at least two layer sizes (inputs and outputs), not {layerSizes.Count}", nameof(layerSizes));
        for (int n = 0; n < layerSizes.Count; n++)
            if (layerSizes[n] < 1)
                throw new ArgumentException($"layer size {n + 1} is {layerSizes[n]}; every layer needs at least one neuron", nameof(layerSizes));
    }

    private void CheckInputs(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows != InputSize)
            throw new ArgumentException($"the inputs have {inputs.Rows} rows but the network {this} takes {InputSize}", nameof(inputs));
        if (inputs.Columns == 0) throw new ArgumentException("the inputs have no samples", nameof(inputs));
    }

    private static void HalveInPlace(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] /= 2;
    }
}
