using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// One training iteration, the fused forward and backward pass and then the step, on the three workloads of the C
/// yardstick (shared/reference/c-limit): seed [1,6,7,2] N=100, wide [1,50,50,2] N=100, large [1,128,128,2] N=4096
/// (heart data, seed-1 weights, steepest descent, noise 0); and on classes [64,32,10] N=1347 (relu, softmax,
/// cross-entropy, Adam), whole-set and in mini-batches of 64. MemoryDiagnoser shows an iteration allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class TrainingIterationBenchmarks
{
    private TrainingRun _run = null!;

    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "seed";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    /// <summary>Samples per step: 0 for the whole set.</summary>
    [Params(0, 64)]
    public int BatchSize { get; set; }

    public static IEnumerable<string> Workloads => BenchmarkWorkload.All.Select(w => w.Name);

    [GlobalSetup]
    public void Setup()
    {
        var (network, data, random, options) = BenchmarkWorkload.All.Single(w => w.Name == Workload).Create();
        _run = new TrainingRun(network, network.Scale(data), null, random, options with { Threads = Threads, BatchSize = BatchSize == 0 ? null : BatchSize });
    }

    [Benchmark(Description = "one training iteration")]
    public bool TrainingIteration()
    {
        _run.ComputeGradients();
        return _run.TryStep();
    }
}
