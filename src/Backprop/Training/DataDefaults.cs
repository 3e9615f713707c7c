namespace Backprop;

/// <summary>
/// The recipe for a user's own data when they choose none, as scikit-learn's <c>MLPClassifier()</c> and
/// <c>MLPRegressor()</c> defaults are: standardised inputs (and targets, for numbers to predict), one hidden layer of
/// 100 relu neurons drawn by Glorot, Adam at 0.001 on batches of 64, a tenth of the rows held out to stop on (after
/// 10 epochs without a better validation cost, keeping the best weights), at most 200 epochs and fewer for data so
/// large that 200 would take more than seconds. The output follows the targets: softmax and cross-entropy for classes,
/// a logistic output for numbers in [0, 1], otherwise identity with standardised targets.
/// </summary>
/// <remarks>
/// Chosen by measurement on scikit-learn's bundled and generated data sets (bench/data-defaults): each setting is the one
/// that did as well as or better than its alternatives across them, not on one data set. <see cref="Train"/> is the
/// whole recipe in one call; the parts are here for those who change one and keep the rest (the command line does).
/// </remarks>
public static class DataDefaults
{
    /// <summary>Neurons in the one hidden layer (scikit-learn's <c>hidden_layer_sizes=(100,)</c>).</summary>
    public const int HiddenNeurons = 100;

    /// <summary>The hidden layers' activation.</summary>
    public static Activation HiddenActivation => Activation.Relu;

    /// <summary>How the weights are drawn (scikit-learn draws its MLPs' by Glorot too).</summary>
    public static Initialization Initialization => Initialization.Glorot;

    /// <summary>Adam's step size (PyTorch's, Keras's and scikit-learn's default).</summary>
    public const double LearningRate = 0.001;

    /// <summary>
    /// Rows per step (all of a smaller set): 64, where scikit-learn takes 200; on its bundled and generated sets 64 did as
    /// well or better (digits 0.978 against 0.974, a 4-class set of 5,000 rows 0.866 against 0.863) in the same time.
    /// </summary>
    public const int BatchSize = 64;

    /// <summary>The fraction of rows held out to stop on (scikit-learn's <c>validation_fraction</c>).</summary>
    public const double ValidationFraction = 0.1;

    /// <summary>Fewer rows than this are all trained on: a tenth of them is too few to stop on.</summary>
    public const int FewestRowsToHoldOut = 50;

    /// <summary>Epochs without a lower validation cost before the run stops (scikit-learn's <c>n_iter_no_change</c>).</summary>
    public const int PatienceEpochs = 10;

    /// <summary>The most epochs a run makes (scikit-learn's <c>max_iter</c>).</summary>
    public const int MaxEpochs = 200;

    /// <summary>
    /// The most multiply-adds a run may take, forward and backward (about 6 per weight per row): a few seconds on one
    /// core. Data so large that <see cref="MaxEpochs"/> would take more gets fewer epochs, at least one.
    /// </summary>
    public const double WorkBudget = 3e10;

    /// <summary>The hidden layer sizes for data with these inputs and outputs: one layer of <see cref="HiddenNeurons"/>.</summary>
    public static int[] HiddenLayers => [HiddenNeurons];

    /// <summary>
    /// The design for training data whose targets are <paramref name="classes"/> (one-hot), or numbers when null:
    /// relu hidden layers drawn by Glorot, inputs standardised by the training rows, and the output the targets call for.
    /// </summary>
    public static NetworkOptions Design(DataSet training, IReadOnlyList<string>? classes)
    {
        ArgumentNullException.ThrowIfNull(training);
        Activation output = OutputFor(training.Targets, classes is not null);
        return new NetworkOptions
        {
            HiddenActivation = HiddenActivation,
            OutputActivation = output,
            Loss = classes is not null ? Loss.CrossEntropy : Loss.Squared,
            Initialization = Initialization,
            InputScaling = InputScaling.Fit(training.Inputs),
            TargetScaling = output == Activation.Identity ? TargetScaling.Fit(training.Targets) : null,
            Classes = classes,
        };
    }

    /// <summary>The output a recipe gives targets: softmax for classes, logistic for numbers all in [0, 1], otherwise identity.</summary>
    public static Activation OutputFor(Matrix targets, bool classes)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (classes) return Activation.Softmax;
        foreach (double y in targets.AsSpan()) if (!(y is >= 0 and <= 1)) return Activation.Identity;
        return Activation.Logistic;
    }

    /// <summary>Whether a data set of <paramref name="rows"/> rows gets a validation split (at least <see cref="FewestRowsToHoldOut"/>).</summary>
    public static bool HoldsOut(int rows) => rows >= FewestRowsToHoldOut;

    /// <summary>
    /// The epochs for <paramref name="trainingRows"/> rows through a network of <paramref name="layerSizes"/>:
    /// <see cref="MaxEpochs"/>, or as many as <see cref="WorkBudget"/> allows, at least one.
    /// </summary>
    public static int Epochs(int trainingRows, IReadOnlyList<int> layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        double weights = 0;
        for (int n = 1; n < layerSizes.Count; n++) weights += (double)layerSizes[n] * (layerSizes[n - 1] + 1);
        double perEpoch = 6 * weights * Math.Max(1, trainingRows);
        return (int)Math.Clamp(Math.Floor(WorkBudget / perEpoch), 1, MaxEpochs);
    }

    /// <summary>Steps in one epoch of <paramref name="trainingRows"/> rows in batches of <paramref name="batchSize"/> (one when a batch holds them all).</summary>
    public static int StepsPerEpoch(int trainingRows, int? batchSize) =>
        batchSize is { } batch && batch < trainingRows ? (trainingRows + batch - 1) / batch : 1;

    /// <summary>
    /// Train a new network on <paramref name="data"/> by the whole recipe, as <c>backprop train --data FILE</c> does:
    /// hold out a tenth (stratified for classes) when there are enough rows, design, draw and train (a
    /// <see cref="Recipe"/> with nothing changed).
    /// </summary>
    /// <param name="data">Inputs and targets: one-hot rows for <paramref name="classes"/>, or numbers.</param>
    /// <param name="classes">The class labels of the targets' rows, or null for numbers to predict.</param>
    /// <param name="seed">The seed of the split, the weights and the batches' order.</param>
    /// <param name="cancellationToken">Stops the run at its next step; the network keeps what it learned.</param>
    /// <returns>The trained network and what the run did.</returns>
    /// <exception cref="ArgumentException">The classes do not match the targets.</exception>
    public static (Network Network, TrainingResult Result) Train(DataSet data, IReadOnlyList<string>? classes = null, uint seed = 1,
        CancellationToken cancellationToken = default) => new Recipe().Train(data, classes, seed, cancellationToken);
}
