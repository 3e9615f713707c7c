using Onnx;

namespace Backprop;

/// <summary>
/// An ONNX graph being built, all of one element type: its input and output, initializers and nodes. The export and
/// each activation's own nodes (<see cref="Activation"/>) add to it.
/// </summary>
internal sealed class OnnxGraph(Precision precision, GraphProto? proto = null)
{
    private readonly TensorProto.Types.DataType _type = precision == Precision.Float64 ? TensorProto.Types.DataType.Double : TensorProto.Types.DataType.Float;

    /// <summary>The element type the graph computes in.</summary>
    public Precision Precision => precision;

    /// <summary>The graph: a new one, or one to add to (an export's, which ML.NET's pipelines extend).</summary>
    public GraphProto Proto { get; } = proto ?? new() { Name = "backprop" };

    public string Input(string name, int width)
    {
        Proto.Input.Add(Value(name, (int)_type, width));
        return name;
    }

    public void Output(string name, int width) => Proto.Output.Add(Value(name, (int)_type, width));

    /// <summary>An initializer of the graph's element type; returns its name.</summary>
    public string Constant(string name, long[] shape, IReadOnlyList<double> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)_type };
        tensor.Dims.AddRange(shape);
        if (_type == TensorProto.Types.DataType.Double) tensor.DoubleData.AddRange(values);
        else tensor.FloatData.AddRange(values.Select(v => (float)v));
        Proto.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A one-dimensional int64 initializer (indices for Gather, axes); returns its name.</summary>
    public string Indices(string name, IReadOnlyList<long> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Count);
        tensor.Int64Data.AddRange(values);
        Proto.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A one-dimensional string initializer (a classifier's labels); returns its name.</summary>
    public string Strings(string name, IReadOnlyList<string> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.String };
        tensor.Dims.Add(values.Count);
        tensor.StringData.AddRange(values.Select(Google.Protobuf.ByteString.CopyFromUtf8));
        Proto.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An output of one string per sample, shape [N].</summary>
    public void StringOutput(string name) => Proto.Output.Add(Value(name, (int)TensorProto.Types.DataType.String, width: null));

    /// <summary>A scalar initializer (shape []), broadcast by the nodes that use it; returns its name.</summary>
    public string Scalar(string name, double value) => Constant(name, [], [value]);

    /// <summary>A node computing <paramref name="output"/> from <paramref name="inputs"/>; returns the output's name.</summary>
    public string Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{Proto.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return output;
    }

    /// <summary>An integer attribute of a node.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute of a node (ONNX's attributes are float32).</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    // A [N, width] tensor (or [N] without a width) of an element type, N free.
    private static ValueInfoProto Value(string name, int elementType, int? width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxExport.BatchDimension });
        if (width is { } w) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = w });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }
}
