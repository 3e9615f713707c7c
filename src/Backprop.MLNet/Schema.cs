using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

// Finding a trainer's columns, and refusing the wrong ones in ML.NET's own words.
internal static class Schema
{
    public static DataViewSchema.Column Find(DataViewSchema schema, string role, string name) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find {role} column '{name}'");

    public static SchemaShape.Column Find(SchemaShape schema, string role, string name) =>
        schema.Where(c => c.Name == name).Select(c => (SchemaShape.Column?)c).FirstOrDefault()
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"Could not find {role} column '{name}'");

    // As ML.NET writes a column's type in its messages: Single, Vector<Single>, Key<UInt32>.
    public static string TypeOf(SchemaShape.Column column)
    {
        string item = column.IsKey ? $"Key<{column.ItemType.RawType.Name}>" : column.ItemType.ToString()!;
        return column.Kind == SchemaShape.Column.VectorKind.Scalar ? item : $"Vector<{item}>";
    }

    public static Exception Mismatch(string role, string name, string expected, object actual) =>
        new ArgumentOutOfRangeException("inputSchema", $"Schema mismatch for {role} column '{name}': expected {expected}, got {actual}");

    public const string FeatureRole = "feature";
    public const string LabelRole = "label";
    public const string ExpectedFeatures = "known-size vector of Single";

    // Features: a vector of Single whose size is known (Concatenate's), as ML.NET's trainers take them.
    public static VectorDataViewType Features(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = Find(schema, FeatureRole, name);
        return column.Type is VectorDataViewType { IsKnownSize: true } vector && vector.ItemType == NumberDataViewType.Single
            ? vector : throw Mismatch(FeatureRole, name, ExpectedFeatures, column.Type);
    }

    public static void Features(SchemaShape schema, string name)
    {
        SchemaShape.Column column = Find(schema, FeatureRole, name);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw Mismatch(FeatureRole, name, ExpectedFeatures, TypeOf(column));
    }
}
