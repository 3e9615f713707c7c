using System.Diagnostics;
using System.Numerics;

namespace Backprop.Benchmarks;

/// <summary>
/// The two tile layouts (one row per sample, neurons padded to the vector width; one row per neuron, samples along the
/// vectors) side by side on the yardstick's workloads and on small networks of other shapes, activations and losses, in
/// both precisions: the measurements behind <c>Backpropagation&lt;T&gt;.LayoutFor</c>. Each round times a few
/// milliseconds of fused passes in one layout, then in the other (in turn first), and the ratio of the pair is kept: on
/// a shared machine whose speed drifts by more than the difference measured, one after the other (as BenchmarkDotNet
/// runs them) compares two moments of the machine, a pair compares the layouts. Prints each layout's best and median
/// time per pass and the median and quartiles of the ratios neuron rows / sample rows (below 1: neuron rows faster),
/// and the layout <c>LayoutFor</c> picks.
/// <c>dotnet run -c Release --project bench/Backprop.Benchmarks -- layouts [ROUNDS]</c>
/// </summary>
internal static class TileLayoutComparison
{
    private static readonly (string Name, int[] Sizes, int Samples, string Hidden, string Output, string Loss)[] Networks =
    [
        ("seed [1,6,7,2]", [1, 6, 7, 2], 100, "logistic", "logistic", "squared"),
        ("wide [1,50,50,2]", [1, 50, 50, 2], 100, "logistic", "logistic", "squared"),
        ("large [1,128,128,2]", [1, 128, 128, 2], 4096, "logistic", "logistic", "squared"),
        ("[13,5,3]", [13, 5, 3], 300, "logistic", "logistic", "squared"),
        ("[2,10,10,1] tanh", [2, 10, 10, 1], 500, "tanh", "identity", "squared"),
        ("[3,30,30,2] tanh", [3, 30, 30, 2], 1000, "tanh", "logistic", "squared"),
        ("[5,20,3] relu", [5, 20, 3], 800, "relu", "logistic", "cross-entropy"),
        ("[8,25,25,1] relu", [8, 25, 25, 1], 2000, "relu", "identity", "squared"),
        ("[8,32,1] relu", [8, 32, 1], 1000, "relu", "identity", "squared"),
        ("[30,16,1] relu", [30, 16, 1], 426, "relu", "logistic", "cross-entropy"),
        ("[4,200,1] relu", [4, 200, 1], 1000, "relu", "identity", "squared"),
        ("[64,24,10] relu", [64, 24, 10], 1347, "relu", "logistic", "cross-entropy"),
        ("[200,12,1] relu", [200, 12, 1], 1000, "relu", "logistic", "cross-entropy"),
        ("[784,50,10] relu", [784, 50, 10], 2000, "relu", "logistic", "cross-entropy"),
    ];

    public static void Run(int rounds)
    {
        Console.WriteLine($"{Environment.ProcessorCount} logical cores, kernel {MatrixKernels.Description}, {rounds} rounds; µs per fused pass");
        Console.WriteLine("| network | precision | sample rows: best, median | neuron rows: best, median | neuron / sample: median (quartiles) | picked |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, sizes, samples, hidden, output, loss) in Networks)
        {
            var random = new NumpyRandom(3);
            Network network = Network.CreateRandom(sizes, random, new NetworkOptions
            {
                HiddenActivation = Activation.FromName(hidden)!, OutputActivation = Activation.FromName(output)!, Loss = Loss.FromName(loss)!,
            });
            var x = new Matrix(sizes[0], samples);
            var y = new Matrix(sizes[^1], samples);
            for (int s = 0; s < samples; s++)
            {
                for (int i = 0; i < sizes[0]; i++) x[i, s] = random.NextGaussian();
                for (int j = 0; j < sizes[^1]; j++) y[j, s] = random.NextDouble() < 0.5 ? 0 : 1;
            }
            var data = new DataSet(x, y);
            Compare<double>(name, "float64", network, data, rounds);
            Compare<float>(name, "float32", network, data, rounds);
        }
    }

    private static void Compare<T>(string name, string precision, Network network, DataSet data, int rounds) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sampleRows = new Backpropagation<T>(network, data.Count, 1, TileLayout.SampleRows);
        var neuronRows = new Backpropagation<T>(network, data.Count, 1, TileLayout.NeuronRows);
        // passes per timing: about 2 ms of them, after 100 ms of warming up
        var clock = Stopwatch.StartNew();
        int warm = 0;
        for (; clock.Elapsed.TotalMilliseconds < 100; warm++)
        {
            sampleRows.Compute(network, data);
            neuronRows.Compute(network, data);
        }
        int passes = Math.Max(1, warm / 100);
        double Time(Backpropagation pass)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < passes; i++) pass.Compute(network, data);
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / passes;
        }
        var sampleTimes = new List<double>();
        var neuronTimes = new List<double>();
        var ratios = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            double sample, neuron;
            if (round % 2 == 0) { sample = Time(sampleRows); neuron = Time(neuronRows); }
            else { neuron = Time(neuronRows); sample = Time(sampleRows); }
            sampleTimes.Add(sample);
            neuronTimes.Add(neuron);
            ratios.Add(neuron / sample);
        }
        sampleTimes.Sort();
        neuronTimes.Sort();
        ratios.Sort();
        double Quantile(List<double> sorted, double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];
        Console.WriteLine($"| {name} | {precision} | {sampleTimes[0]:F1}, {Quantile(sampleTimes, 0.5):F1} | {neuronTimes[0]:F1}, {Quantile(neuronTimes, 0.5):F1} | " +
            $"{Quantile(ratios, 0.5):F3} ({Quantile(ratios, 0.25):F3}–{Quantile(ratios, 0.75):F3}) | {Backpropagation<T>.LayoutFor(network)} |");
    }
}
