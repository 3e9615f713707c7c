using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet;

/// <summary>
/// Trains a Backprop network on an ML.NET data view, as ML.NET's own trainers do: it reads the feature and label
/// columns, trains by the options' <see cref="Recipe"/>, and gives a transformer that adds the task's output columns.
/// Made by the catalogs' <c>Trainers.Backprop()</c> (<see cref="BackpropCatalog"/>).
/// </summary>
public abstract class BackpropTrainer : IEstimator<BackpropPredictionTransformer>
{
    private readonly PredictionTask _task;

    private protected BackpropTrainer(BackpropOptions options, PredictionTask task)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Recipe);
        ArgumentException.ThrowIfNullOrEmpty(options.LabelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.FeatureColumnName);
        Options = options;
        _task = task;
    }

    /// <summary>The columns, recipe and seed this trainer uses.</summary>
    public BackpropOptions Options { get; }

    /// <summary>Train a network on <paramref name="input"/>'s rows (rows with a missing label or feature are skipped).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    /// <exception cref="InvalidOperationException">No row has both a label and every feature.</exception>
    public BackpropPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        VectorDataViewType featureType = Schema.Features(input.Schema, Options.FeatureColumnName);
        DataViewSchema.Column label = Schema.Find(input.Schema, Schema.LabelRole, Options.LabelColumnName);
        _task.Check(label);
        IReadOnlyList<string>? classes = _task.Classes(label);
        DataSet rows = TrainingRows.Read(input, input.Schema[Options.FeatureColumnName], label, _task.Targets, classes?.Count ?? 1);
        (Network network, TrainingResult training) = Options.Recipe.Train(rows, classes, unchecked((uint)Options.Seed));
        ITransformer steps = PredictionSteps(input, network, label);
        return new BackpropPredictionTransformer(steps, network, training, Options.FeatureColumnName, featureType);
    }

    /// <summary>The schema <see cref="Fit"/>'s transformer gives: the input's columns and the task's outputs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Schema.Features(inputSchema, Options.FeatureColumnName);
        SchemaShape.Column label = Schema.Find(inputSchema, Schema.LabelRole, Options.LabelColumnName);
        _task.Check(label);
        return _task.OutputSchema(new MLContext(), inputSchema, Options.LabelColumnName, Options.FeatureColumnName);
    }

    // The network as ML.NET's steps: its ONNX graph (float32, the feature column its input), then the task's own steps.
    // The steps are saved to memory and loaded back: ML.NET's ONNX step keeps reading the file it was made from, and a
    // loaded one owns a copy it deletes itself, so the temporary file can go at once (and the model is known to load).
    private ITransformer PredictionSteps(IDataView input, Network network, DataViewSchema.Column label)
    {
        var context = new MLContext(Options.Seed);
        string graph = Path.Combine(Path.GetTempPath(), $"backprop-mlnet-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(graph, _task.Graph(network, Options.FeatureColumnName));
            IEstimator<ITransformer> steps = context.Transforms.ApplyOnnxModel([_task.GraphOutput], [Options.FeatureColumnName], graph)
                .Append(_task.Outputs(context, label));
            ITransformer made = steps.Fit(input);
            using var saved = new MemoryStream();
            context.Model.Save(made, input.Schema, saved);
            (made as IDisposable)?.Dispose();
            saved.Position = 0;
            return context.Model.Load(saved, out _);
        }
        finally
        {
            File.Delete(graph);
        }
    }
}

/// <summary>What differs between multiclass, binary and regression: the label, the targets, the graph's output and the
/// steps that make ML.NET's columns from it.</summary>
internal abstract class PredictionTask
{
    /// <summary>The label types the task takes, as an error names them.</summary>
    public abstract string ExpectedLabel { get; }

    public abstract bool Accepts(DataViewType label);

    public abstract bool Accepts(SchemaShape.Column label);

    public void Check(DataViewSchema.Column label)
    {
        if (!Accepts(label.Type)) throw Schema.Mismatch(Schema.LabelRole, label.Name, ExpectedLabel, label.Type);
    }

    public void Check(SchemaShape.Column label)
    {
        if (!Accepts(label)) throw Schema.Mismatch(Schema.LabelRole, label.Name, ExpectedLabel, Schema.TypeOf(label));
    }

    /// <summary>The class labels of the label column, or null for numbers.</summary>
    public abstract IReadOnlyList<string>? Classes(DataViewSchema.Column label);

    /// <summary>A reader of the current row's target (one-hot for classes), false for a missing label.</summary>
    public abstract TargetReader Targets(DataViewRowCursor cursor, DataViewSchema.Column label);

    /// <summary>The ONNX graph's output, which becomes a column of that name.</summary>
    public abstract string GraphOutput { get; }

    /// <summary>The network's ONNX graph as ML.NET's ONNX step reads it (<see cref="MLNetGraph"/>).</summary>
    public abstract byte[] Graph(Network network, string featureColumn);

    /// <summary>The steps after the graph that make the task's columns.</summary>
    public abstract IEstimator<ITransformer> Outputs(MLContext context, DataViewSchema.Column label);

    /// <summary>The output columns' shapes, made by ML.NET's own estimators (a schema column cannot be made directly).</summary>
    public abstract SchemaShape OutputSchema(MLContext context, SchemaShape input, string label, string features);
}

/// <summary>Writes the current row's target into a span; false when the label is missing.</summary>
internal delegate bool TargetReader(Span<double> target);
