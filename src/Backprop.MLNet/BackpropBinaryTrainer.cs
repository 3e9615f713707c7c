using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// A Backprop network for a Boolean label: a two-class softmax trained by cross-entropy. Adds <c>Score</c> (the margin,
/// the log-odds of true), <c>Probability</c> (of true) and <c>PredictedLabel</c> (Score &gt; 0), as ML.NET's calibrated
/// binary trainers do.
/// </summary>
public sealed class BackpropBinaryTrainer : BackpropTrainer
{
    internal BackpropBinaryTrainer(BackpropOptions options) : base(options, new BinaryTask()) { }
}

internal sealed class BinaryTask : PredictionTask
{
    public override string ExpectedLabel => "Boolean";

    public override bool Accepts(DataViewType label) => label == BooleanDataViewType.Instance;

    public override bool Accepts(SchemaShape.Column label) =>
        label.ItemType == BooleanDataViewType.Instance && label.Kind == SchemaShape.Column.VectorKind.Scalar;

    public override IReadOnlyList<string> Classes(DataViewSchema.Column label) => ["false", "true"];

    public override TargetReader Targets(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        ValueGetter<bool> get = cursor.GetGetter<bool>(label);
        bool value = false;
        return target =>
        {
            get(ref value);
            target[value ? 1 : 0] = 1;
            return true;
        };
    }

    public override string GraphOutput => BinaryMapping.MarginColumn;

    public override byte[] Graph(Network network, string featureColumn) => MLNetGraph.Of(network, featureColumn, GraphOutput, binaryMargin: true);

    public override IEstimator<ITransformer> Outputs(MLContext context, DataViewSchema.Column label) =>
        context.Transforms.CustomMapping<BinaryMapping.Margin, BinaryMapping.Prediction>(BinaryMapping.Map, BinaryMapping.ContractName)
            .Append(context.Transforms.DropColumns(BinaryMapping.MarginColumn));

    public override SchemaShape OutputSchema(MLContext context, SchemaShape input, string label, string features) =>
        context.Transforms.CopyColumns("PredictedLabel", label)
            .Append(context.Transforms.Conversion.ConvertType([new InputOutputColumnPair("Score", label), new InputOutputColumnPair("Probability", label)], DataKind.Single))
            .GetOutputSchema(input);
}
