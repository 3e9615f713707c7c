using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Backprop.MLNet;

// The steps a trained Backprop model adds after its ONNX graph, which ML.NET's own steps cannot do: turn the graph's
// one-element vectors into the scalar columns ML.NET's trainers give, and find a multiclass prediction's index. They
// hold no state, so a saved model records only their contract names and this assembly's name; ML.NET loads both back
// by itself. A contract name never changes meaning: a new behaviour takes a new name (…v2), and the old one stays.
// The row types are public because ML.NET binds their fields by reflection.

/// <summary>Multiclass: the index of the highest class probability in <c>Score</c> (the first on a tie).</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ArgMaxMapping : CustomMappingFactory<ArgMaxMapping.Scores, ArgMaxMapping.Index>
{
    /// <summary>The name a saved model knows this step by.</summary>
    public const string ContractName = "Backprop.MLNet.ArgMax.v1";

    /// <summary>The column the index is written to, dropped after the predicted label is made from it.</summary>
    public const string IndexColumn = "Backprop.PredictedIndex";

    /// <summary>The class probabilities.</summary>
    public sealed class Scores
    {
        /// <summary>One probability per class, in the label's key order.</summary>
        [ColumnName("Score")] public float[] Score = [];
    }

    /// <summary>The predicted class's index.</summary>
    public sealed class Index
    {
        /// <summary>0 for the first class.</summary>
        [ColumnName(IndexColumn)] public uint Value;
    }

    /// <summary>Write the index of the highest probability.</summary>
    public static void Map(Scores scores, Index index)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(index);
        float[] p = scores.Score;
        int best = 0;
        for (int k = 1; k < p.Length; k++) if (p[k] > p[best]) best = k;
        index.Value = (uint)best;
    }

    /// <inheritdoc/>
    public override Action<Scores, Index> GetMapping() => Map;
}

/// <summary>Binary: from the graph's margin m (the logit of the positive class), <c>Score</c> = m,
/// <c>Probability</c> = σ(m) and <c>PredictedLabel</c> = m &gt; 0, as ML.NET's calibrated binary trainers give them.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BinaryMapping : CustomMappingFactory<BinaryMapping.Margin, BinaryMapping.Prediction>
{
    /// <summary>The name a saved model knows this step by.</summary>
    public const string ContractName = "Backprop.MLNet.Binary.v1";

    /// <summary>The graph's output column, dropped after the mapping.</summary>
    public const string MarginColumn = "Backprop.Margin";

    /// <summary>The graph's output.</summary>
    public sealed class Margin
    {
        /// <summary>One value: z(true) − z(false).</summary>
        [ColumnName(MarginColumn)] public float[] Value = [];
    }

    /// <summary>The columns ML.NET's binary trainers give.</summary>
    public sealed class Prediction
    {
        /// <summary>The margin, whose sign is the prediction.</summary>
        public float Score;

        /// <summary>The probability of true.</summary>
        public float Probability;

        /// <summary>Whether the margin is positive.</summary>
        public bool PredictedLabel;
    }

    /// <summary>Write the score, probability and label of a margin.</summary>
    public static void Map(Margin margin, Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(margin);
        ArgumentNullException.ThrowIfNull(prediction);
        float m = margin.Value[0];
        prediction.Score = m;
        prediction.Probability = 1f / (1f + MathF.Exp(-m));
        prediction.PredictedLabel = m > 0;
    }

    /// <inheritdoc/>
    public override Action<Margin, Prediction> GetMapping() => Map;
}

/// <summary>Regression: the graph's one-element output as the scalar <c>Score</c>.</summary>
[CustomMappingFactoryAttribute(ContractName)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RegressionMapping : CustomMappingFactory<RegressionMapping.Output, RegressionMapping.Prediction>
{
    /// <summary>The name a saved model knows this step by.</summary>
    public const string ContractName = "Backprop.MLNet.Regression.v1";

    /// <summary>The graph's output column, dropped after the mapping.</summary>
    public const string OutputColumn = "Backprop.Output";

    /// <summary>The graph's output.</summary>
    public sealed class Output
    {
        /// <summary>One value: the prediction, in the label's own scale.</summary>
        [ColumnName(OutputColumn)] public float[] Value = [];
    }

    /// <summary>The column ML.NET's regression trainers give.</summary>
    public sealed class Prediction
    {
        /// <summary>The predicted value.</summary>
        public float Score;
    }

    /// <summary>Write the prediction as a scalar.</summary>
    public static void Map(Output output, Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(prediction);
        prediction.Score = output.Value[0];
    }

    /// <inheritdoc/>
    public override Action<Output, Prediction> GetMapping() => Map;
}
