using System.Diagnostics;
using System.Globalization;
using Backprop.Cli.Plotting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop train</c>: the worksheet's training cell as a command.</summary>
internal sealed class TrainCommand(Terminal terminal) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        Network? resumed = settings.Resume is null ? null : LoadResumed(settings);
        if (settings.DataFile is null)   // the heart's sizes are known before its data is made
            CheckMemory(resumed is null ? [1, .. settings.HiddenSizes, 2] : [.. resumed.LayerSizes], settings.Points ?? DataSettings.DefaultPoints, settings);
        DataSet data = settings.LoadData();
        CheckMemory(resumed is null ? [data.InputSize, .. settings.HiddenSizes, data.OutputSize] : [.. resumed.LayerSizes], data.Count, settings);
        var random = new NumpyRandom(settings.Seed);
        Network network = resumed ?? Network.CreateRandom([data.InputSize, .. settings.HiddenSizes, data.OutputSize], random);
        if (network.InputSize != data.InputSize || network.OutputSize != data.OutputSize)
            throw new CommandFailure($"{settings.Resume} is a {network} network, but {settings.DataDescription} has {data.InputSize} inputs and {data.OutputSize} targets per sample");

        Task warmUp = settings.NoPlot ? Task.CompletedTask : Task.Run(TrainingFigure.WarmUp);   // overlaps training on another core
        var figure = new TrainingFigure(data);
        var finalOutputs = new Matrix(data.OutputSize, data.Count);
        var options = new TrainingOptions
        {
            Iterations = settings.Iterations,
            LearningRate = settings.LearningRate,
            Noise = settings.Noise,
            SnapshotEvery = settings.LogEvery,
            Threads = settings.Threads,
        };
        if (!settings.Quiet)
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training {network} on {settings.DataDescription}: {options.Iterations} iterations, learning rate {options.LearningRate}, noise {options.Noise}, seed {settings.Seed}"));

        var clock = Stopwatch.StartNew();
        TrainingResult result = RunWithProgress(settings, options, (report, token) =>
            SteepestDescent.Train(network, data, random, options, snapshot =>
            {
                finalOutputs.CopyFrom(snapshot.Outputs);   // the last snapshot is the trained network's
                if (!settings.NoPlot && snapshot.Iteration != options.Iterations) figure.AddSnapshot(snapshot.Outputs);
                report(snapshot);
            }, token), cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;

        if (result.Outcome == TrainingOutcome.Diverged)
            throw new CommandFailure($"training diverged: {result.StopReason}; no model or figure written");

        ModelFile.Save(network, settings.ModelOut);
        if (!settings.Quiet) terminal.Out.WriteLine($"wrote {settings.ModelOut}");
        if (!settings.NoPlot)
        {
            warmUp.Wait();
            figure.Save(settings.Plot, finalOutputs, result.CostHistory);
            if (!settings.Quiet) terminal.Out.WriteLine($"wrote {settings.Plot}");
        }
        if (result.Outcome == TrainingOutcome.Cancelled && !settings.Quiet)
            terminal.Out.WriteLine($"interrupted: saved the model after {result.Iterations} iterations");

        double perIteration = result.Iterations == 0 ? 0 : seconds * 1e6 / result.Iterations;
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained: iterations={result.Iterations} cost={result.FinalCost:G9} seconds={seconds:F2} us_per_iteration={perIteration:0.###}"));
        return result.Outcome == TrainingOutcome.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    private static Network LoadResumed(TrainSettings settings)
    {
        if (!File.Exists(settings.Resume)) throw new CommandFailure($"{settings.Resume}: no such file (--resume)");
        Network network = ModelFile.Load(settings.Resume!);
        int[] hidden = network.LayerSizes.Skip(1).SkipLast(1).ToArray();
        if (settings.Layers is not null && !hidden.SequenceEqual(settings.HiddenSizes))
            throw CommandFailure.Usage($"--layers {settings.Layers} differs from the hidden layers {string.Join(',', hidden)} of {settings.Resume}");
        return network;
    }

    // Refuse up front what cannot fit: activations, deltas and gradients, the cost history and the snapshots.
    private static void CheckMemory(int[] layerSizes, int samples, TrainSettings settings)
    {
        double neurons = layerSizes.Sum(), parameters = 0;
        for (int n = 1; n < layerSizes.Length; n++) parameters += (double)layerSizes[n] * (layerSizes[n - 1] + 1);
        double snapshots = settings.NoPlot ? 0 : (settings.Iterations / (double)settings.LogEvery + 2) * layerSizes[^1] * samples;
        double bytes = 8 * (3 * neurons * samples + 2 * parameters + settings.Iterations + 1 + snapshots);
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available * 0.8)
            throw new CommandFailure(string.Create(CultureInfo.InvariantCulture,
                $"this run needs about {bytes / (1 << 30):F1} GiB but {available / (1 << 30):F1} GiB is available; use fewer --points, smaller --layers, fewer --iterations or a larger --log-every"));
    }

    private TrainingResult RunWithProgress(TrainSettings settings, TrainingOptions options,
        Func<Action<TrainingSnapshot>, CancellationToken, TrainingResult> train, CancellationToken cancellationToken)
    {
        if (settings.Quiet) return train(_ => { }, cancellationToken);
        var clock = Stopwatch.StartNew();
        if (!terminal.IsInteractive)
            return train(s => terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"iteration={s.Iteration} cost={s.Cost:G9}")), cancellationToken);

        TrainingResult? result = null;
        terminal.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                ProgressTask task = progress.AddTask("training", maxValue: Math.Max(1, options.Iterations));
                result = train(s =>
                {
                    double rate = s.Iteration / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"iteration {s.Iteration} cost {s.Cost:G4} ({rate:N0}/s)");
                    task.Value = s.Iteration;
                }, cancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }
}
