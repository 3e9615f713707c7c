using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// A Backprop network for a Single label: standardised targets and an identity output (a logistic one for labels all in
/// [0, 1]) trained by squared error. Adds <c>Score</c>, the prediction in the label's own scale, as ML.NET's regression
/// trainers do.
/// </summary>
public sealed class BackpropRegressionTrainer : BackpropTrainer
{
    internal BackpropRegressionTrainer(BackpropOptions options) : base(options, new RegressionTask()) { }
}

internal sealed class RegressionTask : PredictionTask
{
    public override string ExpectedLabel => "Single";

    public override bool Accepts(DataViewType label) => label == NumberDataViewType.Single;

    public override bool Accepts(SchemaShape.Column label) =>
        label.ItemType == NumberDataViewType.Single && label.Kind == SchemaShape.Column.VectorKind.Scalar;

    public override IReadOnlyList<string>? Classes(DataViewSchema.Column label) => null;

    public override TargetReader Targets(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        ValueGetter<float> get = cursor.GetGetter<float>(label);
        float value = 0;
        return target =>
        {
            get(ref value);
            target[0] = value;
            return !float.IsNaN(value);
        };
    }

    public override string GraphOutput => RegressionMapping.OutputColumn;

    public override byte[] Graph(Network network, string featureColumn) => MLNetGraph.Of(network, featureColumn, GraphOutput, binaryMargin: false);

    public override IEstimator<ITransformer> Outputs(MLContext context, DataViewSchema.Column label) =>
        context.Transforms.CustomMapping<RegressionMapping.Output, RegressionMapping.Prediction>(RegressionMapping.Map, RegressionMapping.ContractName)
            .Append(context.Transforms.DropColumns(RegressionMapping.OutputColumn));

    public override SchemaShape OutputSchema(MLContext context, SchemaShape input, string label, string features) =>
        context.Transforms.CopyColumns("Score", label).GetOutputSchema(input);
}
