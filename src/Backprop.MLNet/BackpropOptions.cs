namespace Backprop.MLNet;

/// <summary>
/// What a Backprop trainer in ML.NET reads and how it trains: the label and feature columns (ML.NET's usual names), the
/// <see cref="Backprop.Recipe"/> (hidden layers, activation, optimizer, learning rate, epochs, batch size, weight decay,
/// validation fraction and patience, precision; by default the library's recipe for a user's own data) and the seed.
/// </summary>
public sealed class BackpropOptions
{
    /// <summary>The label column: a key (multiclass, as <c>MapValueToKey</c> makes it), Boolean (binary) or Single (regression).</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column: a vector of Single of known size (as <c>Concatenate</c> makes it).</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>How to train: <see cref="DataDefaults"/>' recipe for a user's own data unless changed (one hidden layer
    /// of 100 relu neurons, Adam at 0.001, batches of 64, a tenth held out to stop on after 10 epochs without a better
    /// validation cost, at most 200 epochs).</summary>
    public Recipe Recipe { get; set; } = new();

    /// <summary>The seed of the held-out split, the initial weights and the batches' order: the same seed and data train
    /// the same network. ML.NET's own <c>MLContext</c> seed cannot reach a trainer outside ML.NET, so it is set here.</summary>
    public int Seed { get; set; } = 1;
}
