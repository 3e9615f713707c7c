namespace Backprop;

/// <summary>
/// The inputs layer 1 sees, made from a sample's own d inputs: for example x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂ (all
/// of TensorFlow Playground's) from two. Kept with the model and applied first, before <see cref="InputScaling"/>, by
/// every prediction, so a model trained on features takes the data's own columns.
/// </summary>
/// <remarks>
/// A sample's path through the network: x (d inputs) → features φ(x) (n₀ values, <see cref="Apply(Matrix)"/>) →
/// standardised (x − mean)/std when the model has a scaling → layer 1.
/// </remarks>
public sealed class InputFeatures
{
    private readonly InputFeature[] _features;

    /// <summary>Create the features of samples with <paramref name="inputSize"/> inputs, in the order layer 1 takes them.</summary>
    /// <exception cref="ArgumentException">No features, one repeated, or one that uses an input beyond <paramref name="inputSize"/>.</exception>
    public InputFeatures(int inputSize, IEnumerable<InputFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        _features = [.. features];
        if (Problem(inputSize, _features) is { } problem) throw new ArgumentException(problem, nameof(features));
        InputSize = inputSize;
    }

    /// <summary>What is wrong with these features of samples with d inputs, in words, or null when nothing is.</summary>
    internal static string? Problem(int inputSize, IReadOnlyList<InputFeature?> features)
    {
        if (features.Count == 0) return "give at least one feature";
        if (features.Any(f => f is null)) return "a feature is null";
        if (features.FirstOrDefault(f => f!.HighestInput > inputSize) is { } beyond)
            return $"{beyond} uses input {beyond.HighestInput}, but the data has {inputSize} input{(inputSize == 1 ? "" : "s")}";
        if (features.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1) is { } twice) return $"{twice.Key} is named twice";
        return null;
    }

    /// <summary>
    /// The features TensorFlow Playground offers for <paramref name="inputSize"/> inputs, in its order: x₁, x₂, x₁², x₂², x₁x₂,
    /// sin x₁, sin x₂ for two; x₁, x₁², sin x₁ for one; for more, each input, its square, each product, each sine.
    /// </summary>
    public static IReadOnlyList<InputFeature> Offered(int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        IEnumerable<int> inputs = Enumerable.Range(1, inputSize);
        return [.. inputs.Select(InputFeature.Input), .. inputs.Select(InputFeature.Square),
            .. inputs.SelectMany(i => Enumerable.Range(i + 1, inputSize - i).Select(j => InputFeature.Product(i, j))),
            .. inputs.Select(InputFeature.Sine)];
    }

    /// <summary>
    /// Read features as the command line gives them, names separated by commas (<c>x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)</c>),
    /// for samples with <paramref name="inputSize"/> inputs.
    /// </summary>
    /// <exception cref="FormatException">A name is not a feature, uses an input the data does not have, or is named twice; the message says which.</exception>
    public static InputFeatures Parse(string names, int inputSize)
    {
        ArgumentNullException.ThrowIfNull(names);
        var features = new List<InputFeature>();
        foreach (string name in names.Split(',', StringSplitOptions.TrimEntries))
        {
            InputFeature feature = InputFeature.FromName(name)
                ?? throw new FormatException($"\"{name}\" is not a feature: each is xi, xi^2, xi*xj or sin(xi), inputs numbered from 1 (x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2))");
            features.Add(feature);
        }
        return Problem(inputSize, features) is { } problem ? throw new FormatException(problem) : new InputFeatures(inputSize, features);
    }

    /// <summary>The features, in the order layer 1 takes them.</summary>
    public IReadOnlyList<InputFeature> Features => _features;

    /// <summary>The number of inputs d a sample has (the data's columns).</summary>
    public int InputSize { get; }

    /// <summary>The number of features n₀, the inputs of layer 1.</summary>
    public int Count => _features.Length;

    /// <summary>Return the features φ(x) (n₀ × N) of inputs x (d × N), one column per sample.</summary>
    /// <exception cref="ArgumentException">The inputs do not have d rows.</exception>
    public Matrix Apply(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows != InputSize) throw new ArgumentException($"the inputs have {inputs.Rows} rows but the features are of {InputSize}", nameof(inputs));
        var features = new Matrix(Count, inputs.Columns);
        Span<double> x = inputs.Rows <= 256 ? stackalloc double[inputs.Rows] : new double[inputs.Rows];
        for (int s = 0; s < inputs.Columns; s++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = inputs[i, s];
            for (int f = 0; f < Count; f++) features[f, s] = _features[f].Of(x);
        }
        return features;
    }

    /// <summary>Compute one sample's features φ(x) (n₀ values) into <paramref name="features"/>, which must not overlap x.</summary>
    public void Apply(ReadOnlySpan<double> input, Span<double> features)
    {
        for (int f = 0; f < Count; f++) features[f] = _features[f].Of(input);
    }

    /// <summary>Add the ONNX nodes that make the features, [N, n₀], from the graph's input x, [N, d]; returns their name.</summary>
    internal string AddToOnnx(OnnxGraph graph, string x)
    {
        var columns = new Dictionary<int, string>();
        string Column(int i) => columns.TryGetValue(i, out string? name) ? name
            : columns[i] = graph.Node("Gather", [x, graph.Indices($"input{i}_index", [i - 1])], $"x{i}", OnnxGraph.Int("axis", 1));
        string[] features = [.. _features.Select((feature, f) => feature.AddToOnnx(graph, Column, $"feature{f + 1}"))];
        return graph.Node("Concat", features, "features", OnnxGraph.Int("axis", 1));
    }

    /// <summary>Return the names separated by commas, as the command line takes them: <c>x1,x2,x1^2</c>.</summary>
    public override string ToString() => string.Join(',', _features.Select(f => f.Name));
}
