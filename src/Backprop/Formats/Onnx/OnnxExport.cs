using System.Text.Json;
using Google.Protobuf;
using Onnx;

namespace Backprop;

/// <summary>
/// Writes a network as a standard ONNX model, so it runs on any engine that serves ONNX (ONNX Runtime in C#, Python, C++,
/// the browser; ML.NET; …).
/// </summary>
/// <remarks>
/// <para>The graph takes one input, <see cref="InputName"/> (<c>input</c>), of shape [N, d] (d = n₀ unless the model has
/// <see cref="Network.InputFeatures"/>, then the inputs they are made from): one sample per row, N free
/// (the batch dimension is named <c>N</c>). It gives one output, <see cref="OutputName"/> (<c>output</c>), of shape
/// [N, n_L]: what <see cref="Network.Predict(Matrix)"/> gives, one sample per row; for a classifier the class
/// probabilities, in the order of <see cref="Network.Classes"/>, which the model's metadata also lists (<c>classes</c>,
/// a JSON array). A classifier's graph gives a second output, <see cref="LabelName"/> (<c>label</c>), [N] strings: the
/// label of each sample's most probable class (<c>ArgMax</c>, then <c>Gather</c> from the labels), as sklearn-onnx
/// gives <c>label</c> beside the probabilities.</para>
/// <para>Nodes: the input features, when the model has some, as a <c>Gather</c> of each input column used, each feature
/// from them (<c>Identity</c>, <c>Mul</c> for a square or product, <c>Sin</c>) and a <c>Concat</c> in the model's order; the input scaling, when the model has one, as <c>Sub</c> (the means) then <c>Div</c> (the standard
/// deviations); then per layer n a <c>Gemm</c> (z = a·W⁽ⁿ⁾ᵀ + b⁽ⁿ⁾, initializers <c>W1</c>, <c>b1</c>, …) and its
/// activation's nodes (each activation adds its own: <c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>, <c>LeakyRelu</c>,
/// <c>Softplus</c>, <c>Identity</c>, <c>Softmax</c> over each sample's outputs; in float64, where ONNX Runtime has no
/// LeakyRelu or Softplus, their formulas in ops it has). Opset 17 and IR version 8, as PyTorch exports by default and ONNX Runtime, ML.NET and onnx 1.12's checker
/// accept. The messages are ONNX's own (onnx.proto, generated C#) written by Google.Protobuf.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The graph's input: [N, d], one sample per row (the data's columns: n₀, or the inputs features are made from).</summary>
    public const string InputName = "input";

    /// <summary>The graph's output: [N, n_L], one sample per row.</summary>
    public const string OutputName = "output";

    /// <summary>A classifier's second output: [N] strings, the label of each sample's most probable class (the first on a tie).</summary>
    public const string LabelName = "label";

    /// <summary>The name of the free batch dimension.</summary>
    public const string BatchDimension = "N";

    /// <summary>The ONNX operator set the graph uses.</summary>
    public const long Opset = 17;

    /// <summary>The ONNX IR version of the file.</summary>
    public const long IrVersion = 8;

    /// <summary>Write <paramref name="network"/> to <paramref name="path"/> as an ONNX model, atomically.</summary>
    /// <remarks>The graph computes in <c>precision</c>: float64 (<c>tensor(double)</c>, the weights exactly), or float32
    /// (<c>tensor(float)</c>: half the size, faster on most engines, outputs to about 1e-6 of float64's); by default in the
    /// network's own <see cref="Network.Precision"/>.</remarks>
    /// <exception cref="ArgumentException">A weight or bias is not finite, or (float32) beyond float32's range.</exception>
    public static void Save(Network network, string path, Precision? precision = null)
    {
        ModelProto model = ToModel(network, precision);
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>Write <paramref name="network"/> as an ONNX model to a stream.</summary>
    /// <remarks>The graph computes in <c>precision</c>: float64 (<c>tensor(double)</c>, the weights exactly), or float32
    /// (<c>tensor(float)</c>: half the size, faster on most engines, outputs to about 1e-6 of float64's); by default in the
    /// network's own <see cref="Network.Precision"/>.</remarks>
    /// <exception cref="ArgumentException">A weight or bias is not finite, or (float32) beyond float32's range.</exception>
    public static void Write(Network network, Stream stream, Precision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToModel(network, precision).WriteTo(stream);
    }

    /// <summary>Return <paramref name="network"/> as the bytes of an ONNX model.</summary>
    /// <remarks>The graph computes in <c>precision</c>: float64 (<c>tensor(double)</c>, the weights exactly), or float32
    /// (<c>tensor(float)</c>: half the size, faster on most engines, outputs to about 1e-6 of float64's); by default in the
    /// network's own <see cref="Network.Precision"/>.</remarks>
    /// <exception cref="ArgumentException">A weight or bias is not finite, or (float32) beyond float32's range.</exception>
    public static byte[] ToBytes(Network network, Precision? precision = null) =>
        ToModel(network, precision).ToByteArray();

    /// <summary>The ONNX model of <paramref name="network"/>: the public export's layout unless told another (ML.NET's
    /// pipelines name the tensors after their columns, and take a binary classifier's margin).</summary>
    internal static ModelProto ToModel(Network network, Precision? precisionAsked, OnnxLayout? layoutAsked = null)
    {
        OnnxLayout layout = layoutAsked ?? OnnxLayout.Standard;
        ArgumentNullException.ThrowIfNull(network);
        Precision precision = precisionAsked ?? network.Precision;
        if (!network.IsFinite()) throw new ArgumentException("the network has a weight or bias that is not a finite number; ONNX would carry it on", nameof(network));
        if (precision == Precision.Float32 && !FitsFloat32(network))
            throw new ArgumentException("a weight, bias or scaling value is beyond float32's range (about 3.4 × 10³⁸); export it as float64", nameof(precision));
        var graph = new OnnxGraph(precision);
        string a = graph.Input(layout.Input, network.InputSize);
        if (network.InputFeatures is { } features) a = features.AddToOnnx(graph, a);
        if (network.InputScaling is { } scaling)
        {
            a = graph.Node("Sub", [a, graph.Constant("mean", [scaling.InputSize], scaling.Mean)], "centred");
            a = graph.Node("Div", [a, graph.Constant("std", [scaling.InputSize], scaling.StandardDeviation)], "scaled");
        }
        string output = layout.Output;
        for (int n = 1; n <= network.Layers.Count; n++)
        {
            Layer layer = network.Layers[n - 1];
            bool last = n == network.Layers.Count;
            if (last && layout.BinaryMargin)
            {
                AddBinaryMargin(graph, layer, a, output);
                break;
            }
            string w = graph.Constant($"W{n}", [layer.OutputSize, layer.InputSize], layer.Weights.AsSpan().ToArray());
            string b = graph.Constant($"b{n}", [layer.OutputSize], layer.Biases);
            string z = graph.Node("Gemm", [a, w, b], $"z{n}", OnnxGraph.Int("transB", 1));
            a = $"a{n}";
            layer.Activation.AddToOnnx(graph, z, last && network.TargetScaling is null ? output : a);
        }
        if (network.TargetScaling is { } targets)   // back to the targets' own scale: a·std + mean
        {
            a = graph.Node("Mul", [a, graph.Constant("target_std", [targets.OutputSize], targets.StandardDeviation)], "unscaled");
            graph.Node("Add", [a, graph.Constant("target_mean", [targets.OutputSize], targets.Mean)], output);
        }
        graph.Output(output, layout.BinaryMargin ? 1 : network.OutputSize);
        if (network.Classes is { } labels && layout.Label)   // the predicted label beside the probabilities, as sklearn-onnx gives it
        {
            string index = graph.Node("ArgMax", [output], "predicted_index", OnnxGraph.Int("axis", 1), OnnxGraph.Int("keepdims", 0));
            graph.Node("Gather", [graph.Strings("class_labels", labels), index], LabelName, OnnxGraph.Int("axis", 0));
            graph.StringOutput(LabelName);
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Backprop",
            ProducerVersion = BuildVersion.Number,
            Domain = "backprop",
            ModelVersion = 1,
            DocString = $"A {network} feed-forward network trained by Backprop: input [N, {network.InputSize}], output [N, {network.OutputSize}], one sample per row.",
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "layers", Value = network.ToString() });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "activations", Value = string.Join(',', network.Layers.Select(l => l.Activation.Name)) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "loss", Value = network.Loss.Name });
        if (network.Classes is { } classes)
            model.MetadataProps.Add(new StringStringEntryProto { Key = "classes", Value = JsonArray(classes) });
        return model;
    }

    // A two-class softmax's margin m = z₂ − z₁ = a·(w₂ − w₁)ᵀ + (b₂ − b₁), [N, 1]: the second class's probability is σ(m).
    private static void AddBinaryMargin(OnnxGraph graph, Layer layer, string a, string output)
    {
        if (layer.OutputSize != 2 || layer.Activation != Activation.Softmax)
            throw new ArgumentException($"a margin needs a two-class softmax output, not {layer.OutputSize} {layer.Activation.Name}", nameof(layer));
        double[] w = [.. Enumerable.Range(0, layer.InputSize).Select(i => layer.Weights[1, i] - layer.Weights[0, i])];
        string wm = graph.Constant("W_margin", [1, layer.InputSize], w);
        string bm = graph.Constant("b_margin", [1], [layer.Biases[1] - layer.Biases[0]]);
        graph.Node("Gemm", [a, wm, bm], output, OnnxGraph.Int("transB", 1));
    }

    // Whether every weight, bias and scaling value is within float32's range (a float32 model would hold ±∞ instead).
    private static bool FitsFloat32(Network network) =>
        network.Layers.All(l => l.Weights.AsSpan().ToArray().Concat(l.Biases).All(v => Math.Abs(v) <= float.MaxValue))
        && (network.InputScaling is not { } scaling || scaling.Mean.Concat(scaling.StandardDeviation).All(v => Math.Abs(v) <= float.MaxValue))
        && (network.TargetScaling is not { } targets || targets.Mean.Concat(targets.StandardDeviation).All(v => Math.Abs(v) <= float.MaxValue));

    /// <summary>How a graph names its input and output, whether a classifier's gives its label, and whether a
    /// two-class softmax gives its margin z₂ − z₁ (the logit of the second class) instead of the probabilities.</summary>
    internal sealed record OnnxLayout(string Input, string Output, bool Label = true, bool BinaryMargin = false)
    {
        /// <summary>The public export's layout: <c>input</c>, <c>output</c> and a classifier's <c>label</c>.</summary>
        public static OnnxLayout Standard { get; } = new(InputName, OutputName);
    }

    // ["setosa","versicolor"]: labels may hold commas, so a JSON array rather than a list.
    private static string JsonArray(IReadOnlyList<string> labels)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string label in labels) json.WriteStringValue(label);
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
