using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet.LoadCheck;

/// <summary>Usage: <c>Backprop.MLNet.LoadCheck MODEL.zip DATA.csv</c>: load the model in a new MLContext, read the CSV
/// by the model's saved input schema (its columns in order, a header line) and print one line per row.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: Backprop.MLNet.LoadCheck MODEL.zip DATA.csv");
            return 2;
        }
        var context = new MLContext();
        ITransformer model = context.Model.Load(args[0], out DataViewSchema inputSchema);
        foreach (string line in Predictions(context, model, inputSchema, args[1])) Console.WriteLine(line);
        return 0;
    }

    /// <summary>Each row's <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>, those the model gives, as text
    /// (numbers round-trip exactly): the same lines in the process that trained the model and in this one.</summary>
    public static IEnumerable<string> Predictions(MLContext context, ITransformer model, DataViewSchema inputSchema, string csv)
    {
        TextLoader loader = context.Data.CreateTextLoader(
            [.. inputSchema.Select((column, i) => new TextLoader.Column(column.Name, KindOf(column.Type), i))], separatorChar: ',', hasHeader: true);
        IDataView scored = model.Transform(loader.Load(csv));
        string[] names = [.. new[] { "Score", "Probability", "PredictedLabel" }.Where(n => scored.Schema.GetColumnOrNull(n) is not null)];
        DataViewSchema.Column[] columns = [.. names.Select(n => scored.Schema[n])];
        using DataViewRowCursor cursor = scored.GetRowCursor(columns);
        Func<string>[] readers = [.. columns.Select(c => Reader(cursor, c))];
        while (cursor.MoveNext()) yield return string.Join(" | ", readers.Select(read => read()));
    }

    private static DataKind KindOf(DataViewType type) =>
        type == NumberDataViewType.Single ? DataKind.Single : type == BooleanDataViewType.Instance ? DataKind.Boolean : DataKind.String;

    private static Func<string> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case VectorDataViewType:
            {
                var get = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> v = default;
                return () => { get(ref v); return string.Join(" ", v.DenseValues().Select(x => x.ToString("R", CultureInfo.InvariantCulture))); };
            }
            case NumberDataViewType when column.Type == NumberDataViewType.Single:
            {
                var get = cursor.GetGetter<float>(column);
                float v = 0;
                return () => { get(ref v); return v.ToString("R", CultureInfo.InvariantCulture); };
            }
            case BooleanDataViewType:
            {
                var get = cursor.GetGetter<bool>(column);
                bool v = false;
                return () => { get(ref v); return v ? "true" : "false"; };
            }
            case KeyDataViewType:
            {
                var get = cursor.GetGetter<uint>(column);
                uint v = 0;
                return () => { get(ref v); return $"key {v}"; };
            }
            default:
            {
                var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> v = default;
                return () => { get(ref v); return v.ToString(); };
            }
        }
    }
}
