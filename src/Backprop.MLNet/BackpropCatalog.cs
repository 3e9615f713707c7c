using Microsoft.ML;

namespace Backprop.MLNet;

/// <summary>
/// <c>Trainers.Backprop()</c> in ML.NET's multiclass, binary and regression catalogs: a feed-forward network trained by
/// Backprop, used as ML.NET's own trainers are.
/// </summary>
/// <example><code>
/// var pipeline = mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
///     .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"))
///     .Append(mlContext.MulticlassClassification.Trainers.Backprop())
///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
/// </code></example>
public static class BackpropCatalog
{
    /// <summary>A Backprop network for classes, trained by the library's recipe for a user's data unless told otherwise.</summary>
    /// <param name="catalog">The multiclass trainers' catalog.</param>
    /// <param name="labelColumnName">The label: a key (<c>MapValueToKey</c>).</param>
    /// <param name="featureColumnName">The features: a known-size vector of Single.</param>
    /// <param name="hiddenLayers">The hidden layers' sizes; null for one of 100.</param>
    /// <param name="epochs">The most passes over the training rows; null for the recipe's (200, fewer for large data).</param>
    public static BackpropMulticlassTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int[]? hiddenLayers = null, int? epochs = null) =>
        Backprop(catalog, Options(labelColumnName, featureColumnName, hiddenLayers, epochs));

    /// <summary>A Backprop network for classes, with every setting in <paramref name="options"/>.</summary>
    /// <param name="catalog">The multiclass trainers' catalog.</param>
    /// <param name="options">The columns, the recipe and the seed.</param>
    public static BackpropMulticlassTrainer Backprop(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BackpropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropMulticlassTrainer(options);
    }

    /// <summary>A Backprop network for a Boolean label, trained by the library's recipe for a user's data unless told otherwise.</summary>
    /// <param name="catalog">The binary trainers' catalog.</param>
    /// <param name="labelColumnName">The label: Boolean.</param>
    /// <param name="featureColumnName">The features: a known-size vector of Single.</param>
    /// <param name="hiddenLayers">The hidden layers' sizes; null for one of 100.</param>
    /// <param name="epochs">The most passes over the training rows; null for the recipe's (200, fewer for large data).</param>
    public static BackpropBinaryTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int[]? hiddenLayers = null, int? epochs = null) =>
        Backprop(catalog, Options(labelColumnName, featureColumnName, hiddenLayers, epochs));

    /// <summary>A Backprop network for a Boolean label, with every setting in <paramref name="options"/>.</summary>
    /// <param name="catalog">The binary trainers' catalog.</param>
    /// <param name="options">The columns, the recipe and the seed.</param>
    public static BackpropBinaryTrainer Backprop(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, BackpropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropBinaryTrainer(options);
    }

    /// <summary>A Backprop network for numbers, trained by the library's recipe for a user's data unless told otherwise.</summary>
    /// <param name="catalog">The regression trainers' catalog.</param>
    /// <param name="labelColumnName">The label: Single.</param>
    /// <param name="featureColumnName">The features: a known-size vector of Single.</param>
    /// <param name="hiddenLayers">The hidden layers' sizes; null for one of 100.</param>
    /// <param name="epochs">The most passes over the training rows; null for the recipe's (200, fewer for large data).</param>
    public static BackpropRegressionTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = "Label", string featureColumnName = "Features", int[]? hiddenLayers = null, int? epochs = null) =>
        Backprop(catalog, Options(labelColumnName, featureColumnName, hiddenLayers, epochs));

    /// <summary>A Backprop network for numbers, with every setting in <paramref name="options"/>.</summary>
    /// <param name="catalog">The regression trainers' catalog.</param>
    /// <param name="options">The columns, the recipe and the seed.</param>
    public static BackpropRegressionTrainer Backprop(this RegressionCatalog.RegressionTrainers catalog, BackpropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BackpropRegressionTrainer(options);
    }

    private static BackpropOptions Options(string labelColumnName, string featureColumnName, int[]? hiddenLayers, int? epochs)
    {
        var recipe = new Recipe { Epochs = epochs };
        return new BackpropOptions
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            Recipe = hiddenLayers is null ? recipe : recipe with { HiddenLayers = hiddenLayers },
        };
    }
}
