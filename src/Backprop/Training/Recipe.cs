namespace Backprop;

/// <summary>
/// How to train a network on a user's own data, whole: the hidden layers, their activation, the optimizer, its learning
/// rate, weight decay, batch size, epochs and held-out fraction. Every part not set is the data defaults'
/// (<see cref="DataDefaults"/>); the design follows the data (<see cref="DataDefaults.Design"/>: standardised inputs,
/// and targets for numbers, the output the targets call for). <c>backprop train --data FILE</c> with options and
/// <c>backprop tune</c>'s trials are recipes.
/// </summary>
public sealed record Recipe
{
    /// <summary>The hidden layer sizes (one layer of <see cref="DataDefaults.HiddenNeurons"/>).</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = DataDefaults.HiddenLayers;

    /// <summary>The hidden layers' activation (relu).</summary>
    public Activation HiddenActivation { get; init; } = DataDefaults.HiddenActivation;

    /// <summary>The optimizer with its settings (Adam at its defaults).</summary>
    public Optimizer Optimizer { get; init; } = new Adam();

    /// <summary>The step size η (<see cref="DataDefaults.LearningRate"/>).</summary>
    public double LearningRate { get; init; } = DataDefaults.LearningRate;

    /// <summary>λ added to the gradient times each parameter (0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Rows per step (<see cref="DataDefaults.BatchSize"/>).</summary>
    public int BatchSize { get; init; } = DataDefaults.BatchSize;

    /// <summary>Passes over the training rows; null for <see cref="DataDefaults.Epochs"/> of the data's size.</summary>
    public int? Epochs { get; init; }

    /// <summary>The element type the network computes in (float64 by default; float32 is about twice as fast on big layers).</summary>
    public Precision Precision { get; init; }

    /// <summary>
    /// The fraction of rows held out to stop on after <see cref="DataDefaults.PatienceEpochs"/> epochs without a better
    /// validation cost (<see cref="DataDefaults.ValidationFraction"/>, when there are enough rows); 0 trains on every row
    /// for every epoch.
    /// </summary>
    public double ValidationFraction { get; init; } = DataDefaults.ValidationFraction;

    /// <summary>Epochs without a lower validation cost before the run stops and keeps its best weights
    /// (<see cref="DataDefaults.PatienceEpochs"/>); only with a validation fraction.</summary>
    public int Patience { get; init; } = DataDefaults.PatienceEpochs;

    /// <summary>
    /// Train a new network on <paramref name="data"/> by this recipe, as <c>backprop train --data FILE</c> does with the
    /// same options: hold out the fraction (stratified for classes, by its own generator of <paramref name="seed"/>),
    /// design the network for the training rows, draw its weights and train.
    /// </summary>
    /// <param name="data">Inputs and targets: one-hot rows for <paramref name="classes"/>, or numbers.</param>
    /// <param name="classes">The class labels of the targets' rows, or null for numbers to predict.</param>
    /// <param name="seed">The seed of the split, the weights and the batches' order.</param>
    /// <param name="cancellationToken">Stops the run at its next step; the network keeps what it learned.</param>
    /// <returns>The trained network and what the run did.</returns>
    /// <exception cref="ArgumentException">The classes do not match the targets, or a setting is out of range.</exception>
    public (Network Network, TrainingResult Result) Train(DataSet data, IReadOnlyList<string>? classes = null, uint seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (classes is not null && classes.Count != data.OutputSize)
            throw new ArgumentException($"{classes.Count} class labels for {data.OutputSize} targets per sample", nameof(classes));
        (DataSet training, DataSet? validation) = ValidationFraction > 0 && DataDefaults.HoldsOut(data.Count)
            ? data.Split(ValidationFraction, new NumpyRandom(seed), stratify: classes is not null) : (data, null);
        var random = new NumpyRandom(seed);   // the split has its own generator, as on the command line
        int[] sizes = [data.InputSize, .. HiddenLayers, data.OutputSize];
        Network network = Network.CreateRandom(sizes, random, DataDefaults.Design(training, classes) with { HiddenActivation = HiddenActivation, Precision = Precision });
        int steps = DataDefaults.StepsPerEpoch(training.Count, BatchSize);
        var options = new TrainingOptions
        {
            Optimizer = Optimizer,
            LearningRate = LearningRate,
            WeightDecay = WeightDecay,
            BatchSize = BatchSize,
            Iterations = (Epochs ?? DataDefaults.Epochs(training.Count, sizes)) * steps,
            SnapshotEvery = steps,
            Patience = validation is null ? null : Patience,
        };
        return (network, Trainer.Train(network, training, random, options, validation, cancellationToken: cancellationToken));
    }
}
