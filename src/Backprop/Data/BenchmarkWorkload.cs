namespace Backprop;

/// <summary>
/// The timing workloads shared by <c>backprop bench</c> and the BenchmarkDotNet suite: three of the C yardstick
/// (<c>shared/reference/c-limit</c>; heart data, seed-1 weights, full batch, steepest descent with noise 0), and three
/// classifiers of the shapes of common real data (digit-shaped data, relu then softmax or logistic, cross-entropy, Adam).
/// </summary>
/// <param name="Name">seed, wide, large, classes, binary or mnist.</param>
/// <param name="LayerSizes">For example [1, 6, 7, 2].</param>
/// <param name="Points">The number of samples N.</param>
/// <param name="LearningRate">The step size.</param>
/// <param name="Iterations">How many steps one timed run takes.</param>
/// <param name="IsClassifier">Whether this is the classifier workload rather than the heart.</param>
internal sealed record BenchmarkWorkload(string Name, int[] LayerSizes, int Points, double LearningRate, int Iterations, bool IsClassifier = false)
{
    /// <summary>The worksheet's network: [1, 6, 7, 2], 100 points, aggression 7, 10,000 steps.</summary>
    public static BenchmarkWorkload Seed { get; } = new("seed", [1, 6, 7, 2], 100, 7.0, 10_000);

    /// <summary>[1, 50, 50, 2], 100 points, aggression 3.5, 2,000 steps.</summary>
    public static BenchmarkWorkload Wide { get; } = new("wide", [1, 50, 50, 2], 100, 3.5, 2_000);

    /// <summary>[1, 128, 128, 2], 4,096 points, aggression 3.5, 100 steps.</summary>
    public static BenchmarkWorkload Large { get; } = new("large", [1, 128, 128, 2], 4096, 3.5, 100);

    /// <summary>
    /// [64, 32, 10], 1,347 samples of 8 × 8 digit-shaped data (the size of scikit-learn's digits training split), relu
    /// then softmax, cross-entropy, standardised inputs, He initialisation, Adam at 0.001, 500 full-batch steps.
    /// </summary>
    public static BenchmarkWorkload Classes { get; } = new("classes", [64, 32, 10], 1347, 0.001, 500, IsClassifier: true);

    /// <summary>
    /// [30, 16, 1], 426 samples of two classes (the shape of scikit-learn's breast-cancer training split): relu then a
    /// logistic output, binary cross-entropy, otherwise as <see cref="Classes"/>; 2,000 steps.
    /// </summary>
    public static BenchmarkWorkload Binary { get; } = new("binary", [30, 16, 1], 426, 0.001, 2_000, IsClassifier: true);

    /// <summary>[784, 128, 10], 10,000 samples of 28 × 28 digit-shaped data (the size of MNIST's test set), as <see cref="Classes"/>; 20 steps.</summary>
    public static BenchmarkWorkload Mnist { get; } = new("mnist", [784, 128, 10], 10_000, 0.001, 20, IsClassifier: true);

    /// <summary>
    /// The vectors and register block the products use on this machine: <c>512-bit-8x16</c> with AVX-512,
    /// <c>256-bit-6x8</c> with AVX2, <c>128-bit-6x4</c> with ARM's NEON, <c>scalar-1x1</c> elsewhere.
    /// </summary>
    public static string Kernel => MatrixKernels.Description;

    /// <summary>All six, the yardstick's first.</summary>
    public static IReadOnlyList<BenchmarkWorkload> All { get; } = [Seed, Wide, Large, Classes, Binary, Mnist];

    /// <summary>Return a fresh seed-1 network in <paramref name="precision"/>, its data (raw: the classifier standardises its inputs itself) and its options, ready to train.</summary>
    public (Network Network, DataSet Data, NumpyRandom Random, TrainingOptions Options) Create(int? iterations = null, Precision precision = Precision.Float64)
    {
        var random = new NumpyRandom(1);
        if (!IsClassifier)
            return (Network.CreateRandom(LayerSizes, random, new NetworkOptions { Precision = precision }), HeartData.Create(Points), random,
                new TrainingOptions { Iterations = iterations ?? Iterations, LearningRate = LearningRate, Optimizer = new Sgd { Noise = 0 }, SnapshotEvery = int.MaxValue });
        DataSet data = DigitShapedData(Points, LayerSizes[0], LayerSizes[^1], random);
        Network network = Network.CreateRandom(LayerSizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.Relu,
            OutputActivation = LayerSizes[^1] == 1 ? Activation.Logistic : Activation.Softmax,
            Loss = Loss.CrossEntropy,
            Initialization = Initialization.He,
            InputScaling = InputScaling.Fit(data.Inputs),
            Precision = precision,
        });
        return (network, data, random,
            new TrainingOptions { Optimizer = new Adam(), Iterations = iterations ?? Iterations, LearningRate = LearningRate, SnapshotEvery = int.MaxValue });
    }

    // classes × inputs "pixels" from 0 to 16: each class a random prototype of lit pixels, each sample its prototype at a
    // random intensity with noise, rounded and clipped; one-hot targets, the classes in turn (one output: two classes,
    // the target 0 or 1).
    private static DataSet DigitShapedData(int samples, int inputs, int outputs, NumpyRandom random)
    {
        int classes = Math.Max(outputs, 2);
        var prototype = new double[classes, inputs];
        for (int k = 0; k < classes; k++)
            for (int i = 0; i < inputs; i++) prototype[k, i] = random.NextDouble() < 0.35 ? 8 + 8 * random.NextDouble() : 0;
        var x = new Matrix(inputs, samples);
        var y = new Matrix(outputs, samples);
        for (int s = 0; s < samples; s++)
        {
            int k = s % classes;
            if (outputs == 1) y[0, s] = k;
            else y[k, s] = 1;
            double gain = 0.6 + 0.8 * random.NextDouble();
            for (int i = 0; i < inputs; i++)
                x[i, s] = Math.Clamp(Math.Round(gain * prototype[k, i] + 4 * random.NextGaussian() * (prototype[k, i] > 0 ? 1 : 0.3)), 0, 16);
        }
        return new DataSet(x, y);
    }
}
