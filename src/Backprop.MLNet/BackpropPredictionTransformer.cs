using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// A Backprop network trained in an ML.NET pipeline: it adds the columns ML.NET's own trainers add (multiclass
/// <c>Score</c> and <c>PredictedLabel</c>; binary <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>;
/// regression <c>Score</c>), and saves with <c>mlContext.Model.Save</c>.
/// </summary>
/// <remarks>
/// The network runs as ML.NET's ONNX step (float32, on ONNX Runtime), followed by small steps of this assembly that
/// make the scalar columns. A saved model holds only ML.NET's steps and those steps' names, so
/// <c>mlContext.Model.Load</c> gives it back in a fresh process that references this package, with no registration;
/// the loaded model is ML.NET's <c>TransformerChain</c> of those steps, not this type, so <see cref="Model"/> and
/// <see cref="Training"/> are only on the trained object.
/// </remarks>
public sealed class BackpropPredictionTransformer : ISingleFeaturePredictionTransformer<Network>, IDisposable
{
    private readonly ITransformer _steps;

    internal BackpropPredictionTransformer(ITransformer steps, Network network, TrainingResult training, string featureColumnName, DataViewType featureColumnType)
    {
        _steps = steps;
        Model = network;
        Training = training;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = featureColumnType;
    }

    /// <summary>The trained network (float64 or float32 as trained; ML.NET runs it in float32).</summary>
    public Network Model { get; }

    /// <summary>What the training run did: its costs, outcome and best epoch.</summary>
    public TrainingResult Training { get; }

    /// <inheritdoc/>
    public string FeatureColumnName { get; }

    /// <inheritdoc/>
    public DataViewType FeatureColumnType { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _steps.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _steps.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => _steps.Transform(input);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _steps.GetRowToRowMapper(inputSchema);

    /// <summary>Saved as the ML.NET steps it runs, which any process with this package loads.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _steps.Save(ctx);

    /// <summary>Release the ONNX Runtime session.</summary>
    public void Dispose() => (_steps as IDisposable)?.Dispose();
}
