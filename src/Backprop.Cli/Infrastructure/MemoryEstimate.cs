using System.Globalization;
using Backprop.Cli.Commands;

namespace Backprop.Cli;

/// <summary>
/// What a command will hold in memory, estimated from sizes known before the work, so that a run that cannot fit is
/// refused at once with what to change, not after minutes or by the operating system's out-of-memory killer.
/// </summary>
/// <remarks>
/// Counted from what is really allocated, and checked against peak resident memory (/usr/bin/time, AMD EPYC, 1,000,000
/// heart samples on [1,6,7,2]): 181 bytes a sample measured for 184 estimated without a figure; a CSV file of 50.5 MB
/// took 278 MB to parse (5.5 times its size).
/// </remarks>
internal static class MemoryEstimate
{
    /// <summary>Bytes a CSV file takes to read: its fields as strings, some 5.5 times the file's size (6 here).</summary>
    public static double CsvParsing(string path) =>
        File.Exists(path) ? 6.0 * new FileInfo(path).Length : 0;   // a device or FIFO has no length: its lines are bounded instead

    /// <summary>
    /// Bytes a training run holds: the data and its padded copies, outputs, snapshots, parameters and optimizer state,
    /// and what it keeps of its history, which is bounded whatever the iteration count (<see cref="CostHistory"/>, the
    /// thinned evaluations).
    /// </summary>
    public static double Training(int[] layerSizes, int samples, TrainSettings settings, RunLength length)
    {
        int inputs = layerSizes[0], outputs = layerSizes[^1];
        double perSample = inputs + outputs                       // the data
            + (settings.StandardizesInputs ? inputs : 0)                 // its standardised copy
            + Padded(inputs) + Padded(outputs)                    // the pass's padded, transposed copies
            + 2 * outputs;                                        // outputs captured at a snapshot, and the final ones
        if (!settings.NoFigure)
        {
            double snapshots = Math.Min(length.Iterations / (double)length.SnapshotEvery + 2, 2 * TrainingFigure.MaxSnapshots);
            perSample += snapshots * outputs + 8;                 // the snapshots kept, and the figure's sorted copies
        }
        double evaluations = Math.Min(length.Iterations / (double)length.SnapshotEvery + 2, 2 * Trainer.MaxEvaluations);
        return 8 * (perSample * samples + 6 * Parameters(layerSizes)) + CostHistory.MaxBytes(length.Iterations) + 48 * evaluations;
    }

    /// <summary>Bytes a prediction holds: the inputs, their padded copy, and the outputs.</summary>
    public static double Prediction(IReadOnlyList<int> layerSizes, int samples) =>
        8.0 * samples * (layerSizes[0] + Padded(layerSizes[0]) + 2 * layerSizes[^1]) + 8 * 3 * Parameters(layerSizes);

    /// <summary>The share of the available memory a command may plan to use: the rest is the system's and the estimate's margin.</summary>
    public const double UsableShare = 0.8;

    /// <summary>Refuse <paramref name="bytes"/> beyond <see cref="UsableShare"/> of the memory available to the process, saying the rule and what to change.</summary>
    public static void Check(double bytes, string advice)
    {
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available * UsableShare)
            throw new CommandFailure(string.Create(CultureInfo.InvariantCulture,
                $"this needs about {Size(bytes)}, more than the {Size(available * UsableShare)} a run may take ({UsableShare * 100:0}% of the {Size(available)} available); {advice}"));
    }

    // Bytes in GiB (or MiB below one GiB), with enough digits that the two sides of the rule never read alike.
    private static string Size(double bytes) => bytes >= 1 << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 30):0.0##} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.#} MiB");

    // A layer's width in the pass's buffers, as Backpropagation pads it.
    private static double Padded(int neurons) => Backpropagation<double>.RowStride(neurons);

    private static double Parameters(IReadOnlyList<int> layerSizes)
    {
        double parameters = 0;
        for (int n = 1; n < layerSizes.Count; n++) parameters += (double)layerSizes[n] * (layerSizes[n - 1] + 1);
        return parameters;
    }
}
