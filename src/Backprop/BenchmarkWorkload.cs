namespace Backprop;

/// <summary>
/// The three timing workloads shared by <c>backprop bench</c>, the BenchmarkDotNet suite and the C yardstick
/// (<c>shared/reference/c-limit</c>): heart data, seed-1 weights, full batch, noise 0.
/// </summary>
/// <param name="Name">seed, wide or large.</param>
/// <param name="LayerSizes">For example [1, 6, 7, 2].</param>
/// <param name="Points">The number of heart points N.</param>
/// <param name="LearningRate">The step size.</param>
/// <param name="Iterations">How many steps one timed run takes.</param>
public sealed record BenchmarkWorkload(string Name, int[] LayerSizes, int Points, double LearningRate, int Iterations)
{
    /// <summary>The worksheet's network: [1, 6, 7, 2], 100 points, aggression 7, 10,000 steps.</summary>
    public static BenchmarkWorkload Seed { get; } = new("seed", [1, 6, 7, 2], 100, 7.0, 10_000);

    /// <summary>[1, 50, 50, 2], 100 points, aggression 3.5, 2,000 steps.</summary>
    public static BenchmarkWorkload Wide { get; } = new("wide", [1, 50, 50, 2], 100, 3.5, 2_000);

    /// <summary>[1, 128, 128, 2], 4,096 points, aggression 3.5, 100 steps.</summary>
    public static BenchmarkWorkload Large { get; } = new("large", [1, 128, 128, 2], 4096, 3.5, 100);

    /// <summary>All three, smallest first.</summary>
    public static IReadOnlyList<BenchmarkWorkload> All { get; } = [Seed, Wide, Large];

    /// <summary>Return a fresh seed-1 network, its data and its options, ready to train.</summary>
    public (Network Network, DataSet Data, NumpyRandom Random, TrainingOptions Options) Create(int? iterations = null)
    {
        var random = new NumpyRandom(1);
        return (Network.CreateRandom(LayerSizes, random), HeartData.Create(Points), random,
            new TrainingOptions { Iterations = iterations ?? Iterations, LearningRate = LearningRate, Noise = 0, SnapshotEvery = int.MaxValue });
    }
}
