using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// A Backprop network for classes: label a key (<c>MapValueToKey</c>), softmax outputs trained by cross-entropy. Adds
/// <c>Score</c> (one probability per class, in key order) and <c>PredictedLabel</c> (the label's key type, so
/// <c>MapKeyToValue</c> gives back its values), as <c>LbfgsMaximumEntropy</c> does.
/// </summary>
public sealed class BackpropMulticlassTrainer : BackpropTrainer
{
    internal BackpropMulticlassTrainer(BackpropOptions options) : base(options, new MulticlassTask()) { }
}

internal sealed class MulticlassTask : PredictionTask
{
    public override string ExpectedLabel => "Key";

    public override bool Accepts(DataViewType label) => label is KeyDataViewType { Count: >= 2 and <= int.MaxValue };

    public override bool Accepts(SchemaShape.Column label) => label.IsKey && label.Kind == SchemaShape.Column.VectorKind.Scalar;

    // The key's values as text when they are distinct ("setosa", …), otherwise the keys' numbers (1, 2, …).
    public override IReadOnlyList<string> Classes(DataViewSchema.Column label)
    {
        int count = (int)((KeyDataViewType)label.Type).Count;
        string[] numbers = [.. Enumerable.Range(1, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } }) return numbers;
        VBuffer<ReadOnlyMemory<char>> values = default;
        label.GetKeyValues(ref values);
        string[] names = [.. values.DenseValues().Select(v => v.ToString())];
        return names.Length == count && names.Distinct().Count() == count && !names.Any(string.IsNullOrEmpty) ? names : numbers;
    }

    public override TargetReader Targets(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        Func<ulong> key = KeyGetter(cursor, label);
        return target =>
        {
            ulong k = key();
            if (k == 0 || k > (ulong)target.Length) return false;   // 0 is a missing key
            target[(int)k - 1] = 1;
            return true;
        };
    }

    // A key's raw value, whatever its width.
    private static Func<ulong> KeyGetter(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        switch (label.Type.RawType)
        {
            case Type t when t == typeof(uint): { var get = cursor.GetGetter<uint>(label); uint v = 0; return () => { get(ref v); return v; }; }
            case Type t when t == typeof(ulong): { var get = cursor.GetGetter<ulong>(label); ulong v = 0; return () => { get(ref v); return v; }; }
            case Type t when t == typeof(ushort): { var get = cursor.GetGetter<ushort>(label); ushort v = 0; return () => { get(ref v); return v; }; }
            default: { var get = cursor.GetGetter<byte>(label); byte v = 0; return () => { get(ref v); return v; }; }
        }
    }

    public override string GraphOutput => MLNetGraph.Score;

    public override byte[] Graph(Network network, string featureColumn) => MLNetGraph.Multiclass(network, featureColumn, network.Classes!);

    // The arg-max index, then the label key of that index (the label's own type and key values), then drop the index.
    public override IEstimator<ITransformer> Outputs(MLContext context, DataViewSchema.Column label)
    {
        var lookupSchema = new DataViewSchema.Builder();
        lookupSchema.AddColumn("Index", NumberDataViewType.UInt32);
        lookupSchema.AddColumn("Label", label.Type, label.Annotations);
        int count = (int)((KeyDataViewType)label.Type).Count;
        IDataView lookup = context.Data.LoadFromEnumerable(
            Enumerable.Range(0, count).Select(i => new IndexToKey { Index = (uint)i, Label = (uint)i }), lookupSchema.ToSchema());
        if (label.Type.RawType != typeof(uint))
            lookup = context.Transforms.Conversion.ConvertType("Label", "Label", ToDataKind(label.Type.RawType)).Fit(lookup).Transform(lookup);
        return context.Transforms.CustomMapping<ArgMaxMapping.Scores, ArgMaxMapping.Index>(ArgMaxMapping.Map, ArgMaxMapping.ContractName)
            .Append(context.Transforms.Conversion.MapValue("PredictedLabel", lookup, lookup.Schema["Index"], lookup.Schema["Label"], ArgMaxMapping.IndexColumn))
            .Append(context.Transforms.DropColumns(ArgMaxMapping.IndexColumn));
    }

    private static DataKind ToDataKind(Type raw) =>
        raw == typeof(ulong) ? DataKind.UInt64 : raw == typeof(ushort) ? DataKind.UInt16 : DataKind.Byte;

    public override SchemaShape OutputSchema(MLContext context, SchemaShape input, string label, string features)
    {
        SchemaShape withLabel = context.Transforms.CopyColumns("PredictedLabel", label).GetOutputSchema(input);
        return context.Transforms.Conversion.ConvertType("Score", features, DataKind.Single).GetOutputSchema(withLabel);
    }

    /// <summary>A row of the index-to-key lookup.</summary>
    public sealed class IndexToKey
    {
        public uint Index;

        /// <summary>The class's 0-based index: ML.NET reads a key-typed field as the key's value minus one (key 0 is missing).</summary>
        public uint Label;
    }
}
