using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

// The rows a trainer learns from: each row's features (as float64) and target, skipping rows with a missing label or
// a feature that is not a number (NaN, as ML.NET writes missing values), as ML.NET's own trainers skip them.
internal static class TrainingRows
{
    public static DataSet Read(IDataView data, DataViewSchema.Column features, DataViewSchema.Column label,
        Func<DataViewRowCursor, DataViewSchema.Column, TargetReader> targetReader, int outputs)
    {
        var inputs = new List<double[]>();
        var targets = new List<double[]>();
        using DataViewRowCursor cursor = data.GetRowCursor([features, label]);
        ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        TargetReader readTarget = targetReader(cursor, label);
        VBuffer<float> row = default;
        while (cursor.MoveNext())
        {
            double[] target = new double[outputs];
            if (!readTarget(target)) continue;
            getFeatures(ref row);
            double[] input = new double[row.Length];
            int i = 0;
            foreach (float x in row.DenseValues()) input[i++] = x;
            if (Array.Exists(input, double.IsNaN)) continue;
            inputs.Add(input);
            targets.Add(target);
        }
        if (inputs.Count == 0)
            throw new InvalidOperationException($"no row to train on: every row lacks the label '{label.Name}' or a feature of '{features.Name}'");
        return DataSet.FromRows(inputs, targets);
    }
}
