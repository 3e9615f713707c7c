using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop bench</c>: times the training loop on the yardstick's workloads and the classifier workload, one line each.</summary>
internal sealed class BenchCommand(Terminal terminal) : InterruptibleCommand<BenchCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--workload <NAME>")]
        [Description("seed, wide, large (the C yardstick's heart workloads), classes ([[64,32,10]] relu, softmax, Adam on 1,347 digit-shaped samples), binary ([[30,16,1]], 426 samples, logistic output), mnist ([[784,128,10]], 10,000 samples) or all.")]
        [DefaultValue("all")]
        public string Workload { get; init; } = "all";

        [CommandOption("--threads <N>")]
        [Description("Threads that share each pass over the samples.")]
        [DefaultValue(1)]
        public int Threads { get; init; } = 1;

        [CommandOption("--precision <NAME>")]
        [NamesDescription("What the networks compute in: {precisions}.")]
        [DefaultValue("float64")]
        public string Precision { get; init; } = "float64";

        [CommandOption("--rounds <N>")]
        [Description("Timed runs per workload; the median is reported.")]
        [DefaultValue(5)]
        public int Rounds { get; init; } = 5;

        public override ValidationResult Validate()
        {
            if (Workload != "all" && BenchmarkWorkload.All.All(w => w.Name != Workload))
                return ValidationResult.Error($"--workload must be seed, wide, large, classes, binary, mnist or all, not \"{Workload}\"");
            if (PrecisionOption.Problem(Precision) is { } precisionError) return ValidationResult.Error(precisionError);
            if (Threads is < 1 or > 256) return ValidationResult.Error($"--threads must be from 1 to 256, not {Threads}");
            return Rounds < 1 ? ValidationResult.Error($"--rounds must be 1 or more, not {Rounds}") : ValidationResult.Success();
        }
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Precision precision = PrecisionOption.Parse(settings.Precision)!.Value;
        foreach (BenchmarkWorkload workload in BenchmarkWorkload.All.Where(w => settings.Workload == "all" || w.Name == settings.Workload))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Warm up for a quarter of a second at least: the JIT promotes methods only after they have run a while.
            for (var warmUp = Stopwatch.StartNew(); warmUp.Elapsed.TotalSeconds < 0.25;)
                Run(workload, Math.Max(1, workload.Iterations / 10), settings.Threads, precision);
            double[] times = new double[settings.Rounds];
            double cost = 0;
            for (int r = 0; r < times.Length; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (times[r], cost) = Run(workload, workload.Iterations, settings.Threads, precision);
            }
            Array.Sort(times);
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: workload={workload.Name} layers={string.Join(',', workload.LayerSizes)} points={workload.Points} iterations={workload.Iterations} us_per_iteration={times[times.Length / 2]:0.###} cost={PlainNumber.Format(cost)} threads={settings.Threads} precision={settings.Precision} kernel={BenchmarkWorkload.Kernel}"));
        }
        return ExitCodes.Success;
    }

    // The time of an iteration (a pass and a step), as the yardstick and PyTorch's loop time it: a run of the workload's
    // iterations less a run of none, so that the run's setup (the data scaled and laid out for the pass, buffers made)
    // and its closing pass for the final cost are not spread over the iterations (for mnist, 20 of them, they would add
    // a tenth).
    private static (double MicrosecondsPerIteration, double Cost) Run(BenchmarkWorkload workload, int iterations, int threads, Precision precision)
    {
        (double microseconds, double cost) = Time(workload, iterations, threads, precision);
        (double setup, _) = Time(workload, 0, threads, precision);
        return ((microseconds - setup) / iterations, cost);
    }

    private static (double Microseconds, double Cost) Time(BenchmarkWorkload workload, int iterations, int threads, Precision precision)
    {
        var (network, data, random, options) = workload.Create(iterations, precision);
        options = options with { Threads = threads };
        var clock = Stopwatch.StartNew();
        TrainingResult result = Trainer.Train(network, data, random, options);
        return (clock.Elapsed.TotalMicroseconds, result.FinalCost);
    }
}
