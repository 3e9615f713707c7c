namespace Backprop;

/// <summary>
/// A feed-forward network with layer sizes [n₀, n₁, …, n_L]; the worksheet's is [1, 6, 7, 2], logistic throughout.
/// </summary>
/// <remarks>
/// Feed-forward: a⁽ⁿ⁾ = fₙ(z⁽ⁿ⁾), z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, with each layer's own activation fₙ (σ unless said), and
/// a⁽⁰⁾ the inputs (or their <see cref="InputFeatures"/>), standardised first when the network has an <see cref="InputScaling"/>; a regression's layers may learn
/// standardised targets (<see cref="TargetScaling"/>), whose predictions are turned back to the targets' scale. Cost: the network's
/// <see cref="Loss"/>, by default the worksheet's C = (1/N) Σₖ ‖a⁽ᴸ⁾ₖ − yₖ‖².
/// Train it with <see cref="Trainer"/> (or <see cref="SteepestDescent"/>, the worksheet's way); save and load it with
/// <see cref="ModelFile"/>.
/// </remarks>
public sealed partial class Network
{
    private readonly Layer[] _layers;
    private readonly int[] _layerSizes;
    private readonly int _widest;           // the largest layer size: a single-sample prediction's scratch

    /// <summary>Create a network from its layers, first to last, with its loss, input scaling and class labels.</summary>
    /// <param name="layers">The layers 1..L.</param>
    /// <param name="loss">The loss; squared when null.</param>
    /// <param name="inputScaling">The standardisation applied to inputs before layer 1, if any.</param>
    /// <param name="classes">The class label of each output, when the outputs are class probabilities.</param>
    /// <param name="targetScaling">The standardisation of the targets the layers learn, if any (regression only).</param>
    /// <param name="inputFeatures">The features made from a sample's inputs that layer 1 takes (before any scaling), if any.</param>
    /// <param name="precision">The element type the network computes in; float32 rounds the layers' weights and biases to float32 values, in place.</param>
    /// <exception cref="ArgumentException">There are no layers, a layer's inputs differ from the previous layer's neurons,
    /// softmax is used before the output layer, the loss does not suit the output activation, or the features, scaling or
    /// labels do not match the sizes.</exception>
    public Network(IEnumerable<Layer> layers, Loss? loss = null, InputScaling? inputScaling = null, IReadOnlyList<string>? classes = null,
        TargetScaling? targetScaling = null, InputFeatures? inputFeatures = null, Precision precision = Precision.Float64)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0) throw new ArgumentException("a network needs at least one layer", nameof(layers));
        for (int n = 1; n <= _layers.Length; n++)
            if (_layers[n - 1] is null) throw new ArgumentException($"layer {n} is null", nameof(layers));
        for (int n = 2; n <= _layers.Length; n++)
            if (_layers[n - 1].InputSize != _layers[n - 2].OutputSize)
                throw new ArgumentException(
                    $"layer {n} takes {_layers[n - 1].InputSize} inputs but layer {n - 1} has {_layers[n - 2].OutputSize} neurons", nameof(layers));
        _layerSizes = [_layers[0].InputSize, .. _layers.Select(layer => layer.OutputSize)];
        if (inputFeatures is not null && inputFeatures.Count != _layerSizes[0])
            throw new ArgumentException($"{inputFeatures.Count} input features, but layer 1 takes {_layerSizes[0]} inputs", nameof(inputFeatures));
        InputFeatures = inputFeatures;
        _widest = Math.Max(_layerSizes.Max(), InputSize);
        for (int n = 1; n < _layers.Length; n++)
            if (!_layers[n - 1].Activation.IsElementWise)
                throw new ArgumentException($"layer {n} is {_layers[n - 1].Activation}, which only an output layer can be", nameof(layers));
        if (_layers[^1].Activation == Activation.Softmax && _layers[^1].OutputSize == 1)
            throw new ArgumentException("a softmax over one output is always 1; use a logistic output for a single probability", nameof(layers));
        Loss = loss ?? Loss.Squared;
        if (!Loss.Supports(_layers[^1].Activation))
            throw new ArgumentException($"the {Loss} loss needs a logistic or softmax output, not {_layers[^1].Activation}", nameof(loss));
        if (inputScaling is not null && inputScaling.InputSize != _layerSizes[0])
            throw new ArgumentException($"the input scaling is for {inputScaling.InputSize} inputs but layer 1 takes {_layerSizes[0]}", nameof(inputScaling));
        InputScaling = inputScaling;
        if (classes is not null && classes.Count != OutputSize)
            throw new ArgumentException($"{classes.Count} class labels for {OutputSize} outputs", nameof(classes));
        if (classes is not null && classes.Distinct().Count() != classes.Count)
            throw new ArgumentException("the class labels are not all different", nameof(classes));
        Classes = classes?.ToArray();
        if (targetScaling is not null && targetScaling.OutputSize != OutputSize)
            throw new ArgumentException($"the target scaling is for {targetScaling.OutputSize} outputs but the network has {OutputSize}", nameof(targetScaling));
        if (targetScaling is not null && classes is not null)
            throw new ArgumentException("class probabilities are not standardised: a target scaling is for a regression", nameof(targetScaling));
        TargetScaling = targetScaling;
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "not a precision");
        Precision = precision;
        RoundToPrecision();
    }

    /// <summary>
    /// Create a network with random weights and biases, drawn as the worksheet's <c>reset_network</c> draws them:
    /// W⁽¹⁾ … W⁽ᴸ⁾ then b⁽¹⁾ … b⁽ᴸ⁾, each <c>randn(rows, columns) / 2</c> filled row by row.
    /// </summary>
    /// <param name="layerSizes">[n₀, n₁, …, n_L], for example [1, 6, 7, 2].</param>
    /// <param name="random">The generator; <c>new NumpyRandom(s)</c> matches <c>np.random.seed(s); reset_network()</c>.</param>
    /// <exception cref="ArgumentException">Fewer than two sizes, or a size below 1.</exception>
    public static Network CreateRandom(IReadOnlyList<int> layerSizes, NumpyRandom random) => CreateRandom(layerSizes, random, new NetworkOptions());

    /// <summary>
    /// Create a network with random weights drawn as <see cref="NetworkOptions.Initialization"/> says, and the
    /// activations, loss, scaling and labels of <paramref name="options"/>.
    /// </summary>
    /// <param name="layerSizes">[n₀, n₁, …, n_L], for example [64, 32, 10].</param>
    /// <param name="random">The generator the weights are drawn from.</param>
    /// <param name="options">The design; <c>new NetworkOptions()</c> is the worksheet's.</param>
    /// <exception cref="ArgumentException">Fewer than two sizes, a size below 1, or a design that does not fit (see the constructor).</exception>
    public static Network CreateRandom(IReadOnlyList<int> layerSizes, NumpyRandom random, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        CheckLayerSizes(layerSizes);
        int L = layerSizes.Count - 1;
        Matrix[] weights;
        double[][] biases;
        if (options.Initialization == Initialization.Worksheet) (weights, biases) = DrawAsWorksheet(layerSizes, random);
        else (weights, biases) = DrawScaled(layerSizes, random, options.Initialization);
        var layers = new Layer[L];
        for (int n = 1; n <= L; n++) layers[n - 1] = new Layer(weights[n - 1], biases[n - 1], options.ActivationOf(n, L));
        return new Network(layers, options.Loss, options.InputScaling, options.Classes, options.TargetScaling, options.InputFeatures, options.Precision);
    }

    // reset_network: W⁽¹⁾ … W⁽ᴸ⁾, then b⁽¹⁾ … b⁽ᴸ⁾, each randn(rows, columns) / 2.
    private static (Matrix[] Weights, double[][] Biases) DrawAsWorksheet(IReadOnlyList<int> layerSizes, NumpyRandom random)
    {
        int L = layerSizes.Count - 1;
        var weights = new Matrix[L];
        for (int n = 1; n <= L; n++)
        {
            weights[n - 1] = random.NextGaussianMatrix(layerSizes[n], layerSizes[n - 1]);
            HalveInPlace(weights[n - 1].AsSpan());
        }
        var biases = new double[L][];
        for (int n = 1; n <= L; n++)
        {
            Matrix b = random.NextGaussianMatrix(layerSizes[n], 1);
            HalveInPlace(b.AsSpan());
            biases[n - 1] = b.AsSpan().ToArray();
        }
        return (weights, biases);
    }

    // Glorot: W⁽ⁿ⁾ uniform on ±√(6/(nₙ₋₁ + nₙ)), −limit + 2·limit·rand(). He: W⁽ⁿ⁾ = randn · √(2/nₙ₋₁). Layer by layer,
    // row by row; biases zero.
    private static (Matrix[] Weights, double[][] Biases) DrawScaled(IReadOnlyList<int> layerSizes, NumpyRandom random, Initialization initialization)
    {
        int L = layerSizes.Count - 1;
        var weights = new Matrix[L];
        var biases = new double[L][];
        for (int n = 1; n <= L; n++)
        {
            int fanIn = layerSizes[n - 1], fanOut = layerSizes[n];
            var W = new Matrix(fanOut, fanIn);
            Span<double> w = W.AsSpan();
            if (initialization == Initialization.Glorot)
            {
                double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.Length; i++) w[i] = -limit + 2 * limit * random.NextDouble();
            }
            else
            {
                double std = Math.Sqrt(2.0 / fanIn);
                for (int i = 0; i < w.Length; i++) w[i] = random.NextGaussian() * std;
            }
            weights[n - 1] = W;
            biases[n - 1] = new double[fanOut];
        }
        return (weights, biases);
    }

    /// <summary>The layers 1..L; <c>Layers[n - 1]</c> is layer n.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The layers as an array, for the hot loops (no interface calls).</summary>
    internal Layer[] LayerArray => _layers;

    /// <summary>The layer sizes [n₀, n₁, …, n_L].</summary>
    public IReadOnlyList<int> LayerSizes => _layerSizes;

    /// <summary>The element type the network computes in, float64 by default; a float32 network's weights and biases are float32 values.</summary>
    public Precision Precision { get; }

    /// <summary>
    /// Round every weight and bias to a float32 value when the network is <see cref="Precision.Float32"/> (after each of
    /// training's steps, which the optimizers take in float64); nothing for float64.
    /// </summary>
    internal void RoundToPrecision()
    {
        if (Precision != Precision.Float32) return;
        foreach (Layer layer in _layers)
        {
            Elementwise.RoundToSingle(layer.Weights.AsSpan());
            Elementwise.RoundToSingle(layer.Biases);
        }
    }

    /// <summary>The loss the network is trained on and its cost is measured by.</summary>
    public Loss Loss { get; }

    /// <summary>The features layer 1 takes, made from a sample's inputs (before any scaling), or null: layer 1 takes the inputs themselves.</summary>
    public InputFeatures? InputFeatures { get; }

    /// <summary>The standardisation applied to inputs (or their features) before layer 1, or null for none.</summary>
    public InputScaling? InputScaling { get; }

    /// <summary>The standardisation of the targets the layers learn, or null for none: <see cref="Predict(Matrix)"/> undoes it.</summary>
    public TargetScaling? TargetScaling { get; }

    /// <summary>The class label of each output, when the outputs are class probabilities; otherwise null.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>The activation of the output layer.</summary>
    public Activation OutputActivation => _layers[^1].Activation;

    /// <summary>The number of inputs a sample has (the data's columns): n₀, or the inputs the <see cref="InputFeatures"/> are made from.</summary>
    public int InputSize => InputFeatures?.InputSize ?? _layerSizes[0];

    /// <summary>The number of outputs n_L.</summary>
    public int OutputSize => _layerSizes[^1];

    /// <summary>Return a deep copy.</summary>
    public Network Clone() => WithPrecision(Precision);

    /// <summary>Return a copy that computes in <paramref name="precision"/> (PyTorch's <c>model.float()</c>, <c>model.double()</c>): to float32, the weights rounded.</summary>
    public Network WithPrecision(Precision precision) =>
        new(_layers.Select(layer => layer.Clone()), Loss, InputScaling, Classes, TargetScaling, InputFeatures, precision);

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

    /// <summary>
    /// Check that the output activation can reach the data's targets, from its <see cref="Activation.Lowest"/> to its
    /// <see cref="Activation.Highest"/> ([0, 1] for logistic, [−1, 1] for tanh, 0 or more for relu, …), and for softmax
    /// targets of each sample that sum to 1. With a <see cref="TargetScaling"/>, the standardised targets are checked: those the layers learn.
    /// </summary>
    /// <exception cref="ArgumentException">A target cannot be reached; the message names the sample and the target.</exception>
    public void CheckTargets(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Activation f = OutputActivation;
        (double low, double high, string range) = (f.Lowest, f.Highest, f.RangeInWords);
        Matrix y = TargetScaling?.Apply(data.Targets) ?? data.Targets;
        for (int s = 0; s < y.Columns; s++)
        {
            double sum = 0;
            for (int j = 0; j < y.Rows; j++)
            {
                double v = y[j, s];
                sum += v;
                if (v < low || v > high)
                    throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"target {j + 1} of sample {s + 1} is {v}, but a {f} output is {range}"), nameof(data));
            }
            if (f == Activation.Softmax && Math.Abs(sum - 1) > 1e-6)
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the targets of sample {s + 1} sum to {sum}, but a softmax output's sum to 1"), nameof(data));
        }
    }

    internal static void CheckLayerSizes(IReadOnlyList<int> layerSizes)
    {
        if (layerSizes.Count < 2)
            throw new ArgumentException($"a network needs at least two layer sizes (inputs and outputs), not {layerSizes.Count}", nameof(layerSizes));
        for (int n = 0; n < layerSizes.Count; n++)
            if (layerSizes[n] < 1)
                throw new ArgumentException($"layer size {n + 1} is {layerSizes[n]}; every layer needs at least one neuron", nameof(layerSizes));
        for (int n = 1; n < layerSizes.Count; n++)
            if ((long)layerSizes[n] * layerSizes[n - 1] > Array.MaxLength)
                throw new ArgumentException($"layers {n} and {n + 1} ({layerSizes[n - 1]} × {layerSizes[n]}) need more weights than an array holds", nameof(layerSizes));
    }

    private static void HalveInPlace(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] /= 2;
    }
}
