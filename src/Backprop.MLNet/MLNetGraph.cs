using Google.Protobuf;
using Onnx;

namespace Backprop.MLNet;

// A network's ONNX graph as ML.NET's ONNX step reads it: the input named after the feature column, float32, and for
// classes the Score column ML.NET's own multiclass trainers give (Vector<Single, k> with the class names as its slot
// names) by ML.NET's own conventions.
internal static class MLNetGraph
{
    /// <summary>The graph's output column for binary and regression, a one-element vector the task's mapping reads.</summary>
    public static byte[] Of(Network network, string featureColumn, string output, bool binaryMargin) =>
        OnnxExport.ToModel(network, Precision.Float32, new OnnxExport.OnnxLayout(featureColumn, output, Label: false, BinaryMargin: binaryMargin)).ToByteArray();

    /// <summary>
    /// The multiclass graph: the probabilities as <c>Score</c>, declared [k] and reshaped to it (ML.NET runs the graph
    /// one row at a time, and a [N, k] output would be a Vector&lt;Single, 1, k&gt;), and an <c>ai.onnx.ml</c>
    /// LabelEncoder named <c>mlnet.Score.SlotNames</c> whose keys are the class names, which ML.NET's ONNX step gives
    /// the column as its slot names (the form ML.NET's own ONNX converter writes).
    /// </summary>
    public static byte[] Multiclass(Network network, string featureColumn, IReadOnlyList<string> classes)
    {
        const string probabilities = "Backprop.Probabilities", shape = "Backprop.ScoreShape";
        ModelProto model = OnnxExport.ToModel(network, Precision.Float32, new OnnxExport.OnnxLayout(featureColumn, probabilities, Label: false));
        var graph = new OnnxGraph(Precision.Float32, model.Graph);
        graph.Node("Reshape", [probabilities, graph.Indices(shape, [-1])], Score);
        graph.Proto.Output.Clear();
        graph.Proto.Output.Add(Tensor(Score, TensorProto.Types.DataType.Float, [classes.Count]));

        string slotNames = $"mlnet.{Score}.SlotNames", unusedInput = $"mlnet.{Score}.unusedInput", unusedOutput = $"mlnet.{Score}.unusedOutput";
        var one = new TensorProto { Name = unusedInput, DataType = (int)TensorProto.Types.DataType.String };
        one.Dims.AddRange([1, 1]);
        one.StringData.Add(ByteString.CopyFromUtf8("one"));
        graph.Proto.Initializer.Add(one);
        var encoder = new NodeProto { OpType = "LabelEncoder", Name = slotNames, Domain = MLDomain, Input = { unusedInput }, Output = { unusedOutput } };
        encoder.Attribute.Add(new AttributeProto { Name = "keys_strings", Type = AttributeProto.Types.AttributeType.Strings, Strings = { classes.Select(ByteString.CopyFromUtf8) } });
        encoder.Attribute.Add(new AttributeProto { Name = "values_int64s", Type = AttributeProto.Types.AttributeType.Ints, Ints = { Enumerable.Range(0, classes.Count).Select(i => (long)i) } });
        graph.Proto.Node.Add(encoder);
        graph.Proto.Output.Add(Tensor(unusedOutput, TensorProto.Types.DataType.Int64, [1, 1]));
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = MLDomain, Version = 2 });
        return model.ToByteArray();
    }

    /// <summary>The multiclass graph's output column.</summary>
    public const string Score = "Score";

    private const string MLDomain = "ai.onnx.ml";

    // An output of fixed dimensions (no free batch dimension: ML.NET runs one row at a time).
    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}
