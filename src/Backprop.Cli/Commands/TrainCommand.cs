using System.Diagnostics;
using System.Globalization;

using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop train</c>: the worksheet's training cell as a command.</summary>
internal sealed class TrainCommand(Terminal terminal, Interruption interruption) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        // Every output is checked before any work, so a long run never ends in "cannot write" or replaces its own data.
        Output.CheckSeparate(terminal, [("--model-out", settings.ModelOut), ("--figure-out", settings.NoFigure ? null : settings.FigureOut)],
            [("--data", settings.DataFile), ("--validation", settings.ValidationFile), ("--resume", settings.Resume)],
            allowed: ("--resume", "--model-out"));   // continuing in place, documented
        Output.Check("--model-out", settings.ModelOut);
        if (!settings.NoFigure) Output.Check("--figure-out", settings.FigureOut);
        // Reading may block (a FIFO with no writer) or take long (a large file): Ctrl-C stops it at once.
        Network? resumed = settings.Resume is null ? null : Interruptible.Run(() => LoadResumed(settings), cancellationToken);
        if (settings.DataFile is null)   // the heart's sizes are known before its data is made
        {
            int[] heartSizes = resumed is null ? [1, .. settings.HiddenSizes, 2] : [.. resumed.LayerSizes];
            int points = settings.Points ?? DataSettings.DefaultPoints;
            CheckMemory(heartSizes, points, settings, settings.RunLengthFor(points, heartSizes));
        }
        TrainingData loaded = Interruptible.Run(() => TrainingData.Load(settings, resumed), cancellationToken);
        DataSet data = loaded.Training;
        InputFeatures? features = resumed is null ? settings.InputFeaturesFor(data.InputSize) : null;
        int[] layerSizes = resumed is null ? [features?.Count ?? data.InputSize, .. settings.HiddenSizes, data.OutputSize] : [.. resumed.LayerSizes];
        RunLength length = settings.RunLengthFor(data.Count, layerSizes);
        CheckMemory(layerSizes, data.Count, settings, length);
        if (resumed is null && settings.Output == "softmax" && data.OutputSize == 1)
            throw CommandFailure.Usage($"--output softmax: {loaded.Description} has one target per sample, and a softmax over one output is always 1; use --output logistic");
        if (resumed is null && loaded.Classes is null && !settings.Quiet && FewWholeValues(data.Targets) is { } values)
            terminal.Error.WriteLine($"backprop: note: the target takes only the whole values {values}: trained as a number to predict; give --classes to train a classifier");
        var random = new NumpyRandom(settings.Seed);
        Network network = resumed ?? Network.CreateRandom(layerSizes, random,
            settings.Design(data, loaded.Classes, features, settings.StandardizesInputs ? Scaling(features?.Apply(data.Inputs) ?? data.Inputs, settings) : null));
        if (network.InputSize != data.InputSize || network.OutputSize != data.OutputSize)
            throw new CommandFailure($"{settings.Resume} is a {network} network, but {loaded.Description} has {data.InputSize} inputs and {data.OutputSize} targets per sample");
        CheckTargets(network, data, loaded.Description);
        if (loaded.Validation is { } held) CheckTargets(network, held, settings.ValidationFile ?? loaded.Description);

        Task warmUp = settings.NoFigure ? Task.CompletedTask : Task.Run(TrainingFigure.WarmUp);   // overlaps training on another core
        var figure = new TrainingFigure(data);
        var finalOutputs = new Matrix(data.OutputSize, data.Count);
        TrainingOptions options = settings.ToTrainingOptions(length, withValidation: loaded.Validation is not null);
        if (!settings.Quiet) terminal.Out.WriteLine(Description(network, loaded, options, settings, length));

        // From the first step on, a signal stops training at the next iteration, and what was trained is saved.
        if (!interruption.Protect()) return ExitCodes.Interrupted;
        var clock = Stopwatch.StartNew();
        TrainingResult result = RunWithProgress(settings, options, length, (report, token) =>
            Trainer.Train(network, data, random, options, loaded.Validation, snapshot =>
            {
                Matrix outputs = network.Unscale(snapshot.Outputs);   // on the targets' scale (the same matrix without a target scaling)
                finalOutputs.CopyFrom(outputs);   // the last snapshot is the trained network's
                if (!settings.NoFigure && snapshot.Iteration != options.Iterations) figure.AddSnapshot(outputs);
                if (length.CheckpointEvery is { } every && snapshot.Iteration > 0 && snapshot.Iteration % every == 0 && snapshot.Iteration != options.Iterations)
                    ModelFile.Save(network, settings.ModelOut);
                report(snapshot);
            }, token), cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;

        if (result.Outcome == TrainingOutcome.Diverged)
            throw new CommandFailure($"training diverged: {result.StopReason}; no model or figure written; {WhatToChange(network, options)}");
        if (result.Outcome == TrainingOutcome.Cancelled && result.Iterations == 0)
        {
            terminal.Error.WriteLine("backprop: interrupted before the first step: nothing was trained, nothing written");
            return ExitCodes.Interrupted;
        }
        if (result.Outcome == TrainingOutcome.Stalled && settings.Resume is not null && Output.SameFile(settings.Resume, settings.ModelOut))
        {
            terminal.Out.WriteLine(Summary(result, seconds, length));
            terminal.Error.WriteLine($"backprop: not trained: {result.StopReason}; {settings.ModelOut} is left as it was");
            return ExitCodes.NotTrained;
        }

        // The model first: it is the expensive part, and a figure that cannot be written must not lose it.
        ModelFile.Save(network, settings.ModelOut);
        if (!settings.Quiet) terminal.Out.WriteLine($"wrote {settings.ModelOut}");
        if (!settings.NoFigure)
        {
            // A run stopped by Ctrl-C still gets its figure (drawing is bounded); a Ctrl-C that comes while drawing
            // stops the drawing at once, the model already saved.
            CancellationToken whileDrawing = result.Outcome == TrainingOutcome.Cancelled ? CancellationToken.None : cancellationToken;
            try
            {
                Interruptible.Run(() =>
                {
                    warmUp.Wait();
                    if (result.KeptIteration is not null) finalOutputs = network.Predict(data.Inputs);   // the best snapshot's weights
                    // With mini-batches the cost of each step is its batch's: the figure draws the whole set's, at the snapshots.
                    figure.Save(settings.FigureOut, finalOutputs, options.BatchSize < data.Count ? null : result.CostHistory, result.Evaluations, network);
                    return 0;
                }, whileDrawing);
            }
            catch (OperationCanceledException)
            {
                throw new CommandFailure($"the model is saved in {settings.ModelOut}; interrupted while drawing, so no figure was written", ExitCodes.Interrupted);
            }
            catch (Exception e) when (e is not CommandFailure)
            {
                throw new CommandFailure($"the model is saved in {settings.ModelOut}, but the figure could not be written: {TrainingFigure.WhyNot(e)}");
            }
            if (!settings.Quiet) terminal.Out.WriteLine($"wrote {settings.FigureOut}");
        }
        if (result.Outcome == TrainingOutcome.Cancelled && !settings.Quiet)
            terminal.Out.WriteLine($"interrupted: saved the model after {result.Iterations} iterations");
        if (result.Outcome == TrainingOutcome.EarlyStopped && !settings.Quiet)
            terminal.Out.WriteLine(length.EpochOf(result.KeptIteration ?? 0) is { } bestEpoch
                ? $"early stop: the validation cost has not improved for {options.Patience} epochs; kept the weights of epoch {bestEpoch}"
                : $"early stop: {result.StopReason}");
        else if (result.KeptIteration is { } kept && result.Outcome == TrainingOutcome.Completed && !settings.Quiet)
            terminal.Out.WriteLine($"kept the weights of iteration {kept}, where the validation cost was lowest");

        terminal.Out.WriteLine(Summary(result, seconds, length));
        if (result.Outcome == TrainingOutcome.Stalled)
        {
            string resumedNote = settings.Resume is null ? "" : " (or the resumed model was already at its best)";
            terminal.Error.WriteLine($"backprop: not trained: {result.StopReason}{resumedNote}");
            return ExitCodes.NotTrained;
        }
        return result.Outcome == TrainingOutcome.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    // trained: iterations=… cost=… seconds=… us_per_iteration=… [validation_cost=… [validation_accuracy=…]] outcome=…
    private static string Summary(TrainingResult result, double seconds, RunLength length)
    {
        double perIteration = result.Iterations == 0 ? 0 : seconds * 1e6 / result.Iterations;
        var line = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"trained: iterations={result.Iterations}{(length.EpochOf(result.Iterations) is { } epochs ? $" epochs={epochs}" : "")} cost={PlainNumber.Format(result.FinalCost, "G9")} seconds={seconds:F2} us_per_iteration={perIteration:0.###}"));
        TrainingEvaluation? best = result.FinalEvaluation;
        if (best?.ValidationCost is { } validationCost) line.Append(CultureInfo.InvariantCulture, $" validation_cost={PlainNumber.Format(validationCost, "G9")}");
        if (best?.ValidationAccuracy is { } accuracy) line.Append(CultureInfo.InvariantCulture, $" validation_accuracy={accuracy:0.####}");
        return line.Append(" outcome=").Append(OutcomeName(result.Outcome)).ToString();
    }

    // What to try after a divergence: a lower learning rate, and what the run did not have of standardised inputs and Adam.
    private static string WhatToChange(Network network, TrainingOptions options)
    {
        var tries = new List<string> { $"a lower --learning-rate than {PlainNumber.Format(options.LearningRate)}" };
        if (network.InputScaling is null) tries.Add("--standardize");
        if (options.Optimizer is not Adam) tries.Add("--optimizer adam");
        return $"try {NamesDescriptionAttribute.Either(tries)}";
    }

    private static string OutcomeName(TrainingOutcome outcome) => outcome switch
    {
        TrainingOutcome.EarlyStopped => "early-stopped",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    // training 1,6,7,2 on heart data (100 points): 50000 iterations, learning rate 5, noise 0.8, seed 1 — plus what differs from the worksheet
    private static string Description(Network network, TrainingData loaded, TrainingOptions options, TrainSettings settings, RunLength length)
    {
        var text = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"training {network} on {loaded.Description}: {(length.StepsPerEpoch is { } steps ? $"{length.Epochs} epochs of {steps} step{(steps == 1 ? "" : "s")} ({options.Iterations} iterations)" : $"{options.Iterations} iterations")}"));
        Optimizer optimizer = options.Optimizer;
        if (optimizer.Name != Catalog.Optimizers[0].Name) text.Append(", ").Append(optimizer.Name);
        text.Append(", learning rate ").Append(PlainNumber.Format(options.LearningRate));
        foreach (string words in optimizer.SettingWords()) text.Append(", ").Append(words);   // noise 0.8; momentum 0.9, nesterov; …
        if (options.BatchSize is { } batch) text.Append(CultureInfo.InvariantCulture, $", batches of {batch}");
        if (options.WeightDecay != 0) text.Append(", weight decay ").Append(PlainNumber.Format(options.WeightDecay));
        text.Append(CultureInfo.InvariantCulture, $", seed {settings.Seed}");
        bool worksheetDesign = network.Layers.All(l => l.Activation == Activation.Logistic) && network.Loss == Loss.Squared;
        if (!worksheetDesign)
            text.Append(" (").Append(string.Join(',', network.Layers.Select(l => l.Activation.Name))).Append(", ").Append(network.Loss.Name).Append(" loss)");
        if (network.InputFeatures is { } features) text.Append(", features ").Append(features);
        if (network.InputScaling is not null) text.Append(network.InputFeatures is null ? ", inputs standardized" : ", features standardized");
        if (network.TargetScaling is not null) text.Append(", targets standardized");
        if (network.Precision != Precision.Float64) text.Append(", in ").Append(Catalog.PrecisionOf(network.Precision).Name);
        if (settings.UsesDataDefaults && settings.DataFile is not null) text.Append(" (the data defaults; --recipe worksheet for the worksheet's)");
        return text.ToString();
    }

    // The scaling of --standardize, fitted to what layer 1 takes (the inputs, or their features); a constant input is said once.
    private InputScaling Scaling(Matrix layerInputs, TrainSettings settings)
    {
        IReadOnlyList<int> constant = InputScaling.ConstantInputs(layerInputs);
        if (constant.Count > 0 && !settings.Quiet)
            terminal.Out.WriteLine($"standardize: input {string.Join(", ", constant.Select(i => i + 1))} {(constant.Count == 1 ? "is" : "are")} constant: centred, not scaled");
        return InputScaling.Fit(layerInputs);
    }

    // "0 and 1", "0, 1, … 9": a single target column of few whole values, class labels as likely as numbers; else null.
    private static string? FewWholeValues(Matrix targets)
    {
        if (targets.Rows != 1 || !targets.AsSpan().ToArray().All(y => y == Math.Floor(y))) return null;
        double[] values = [.. targets.AsSpan().ToArray().Distinct().Order()];
        if (values.Length > DataSettings.MaxClassesOfAnyShare || values.Length > targets.Columns / 2) return null;
        string Text(double v) => PlainNumber.Format(v);
        return values.Length switch
        {
            1 => null,
            2 => $"{Text(values[0])} and {Text(values[1])}",
            <= 4 => $"{string.Join(", ", values[..^1].Select(Text))} and {Text(values[^1])}",
            _ => $"{Text(values[0])}, {Text(values[1])}, … {Text(values[^1])} ({values.Length} of them)",
        };
    }

    // Targets the output cannot reach are refused before any work, with what to do about it.
    private static void CheckTargets(Network network, DataSet data, string source)
    {
        try
        {
            network.CheckTargets(data);
        }
        catch (ArgumentException e)
        {
            string hint = network.OutputActivation == Activation.Softmax
                ? "give --classes for a column of class labels, or rows of probabilities"
                : "use --output identity, or scale the targets into the output's range";
            throw new CommandFailure($"{source}: {CommandFailure.MessageOf(e)}; {hint}");
        }
    }

    private static Network LoadResumed(TrainSettings settings)
    {
        Network network = ModelFile.Load(DataSettings.RequireFile(settings.Resume!, "--resume"));
        int[] hidden = network.LayerSizes.Skip(1).SkipLast(1).ToArray();
        if (settings.Layers is not null && !hidden.SequenceEqual(settings.HiddenSizes))
            throw CommandFailure.Usage($"--layers {settings.Layers} differs from the hidden layers {string.Join(',', hidden)} of {settings.Resume}");
        if (settings.Classes && network.Classes is null)
            throw CommandFailure.Usage($"--classes: {settings.Resume} has no class labels; a classifier is trained from the start with --classes");
        return settings.PrecisionGiven is { } precision && precision != network.Precision ? network.WithPrecision(precision) : network;
    }

    // Refuse up front what cannot fit (MemoryEstimate).
    private static void CheckMemory(int[] layerSizes, int samples, TrainSettings settings, RunLength length) =>
        MemoryEstimate.Check(MemoryEstimate.Training(layerSizes, samples, settings, length),
            "use fewer --points or smaller --layers");

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> characters, ending in "…" when cut (markup escaped for the progress line).</summary>
    internal static string Fit(string text, int width) =>
        Markup.Escape(text.Length <= width ? text : string.Concat(text.AsSpan(0, Math.Max(0, width - 1)), "…"));

    private static string Validation(TrainingSnapshot s) => string.Create(CultureInfo.InvariantCulture,
        $"{(s.ValidationCost is { } v ? $" validation {PlainNumber.Format(v, "G4")}" : "")}{(s.ValidationAccuracy is { } a ? $" accuracy {a:P1}" : "")}");

    private TrainingResult RunWithProgress(TrainSettings settings, TrainingOptions options, RunLength length,
        Func<Action<TrainingSnapshot>, CancellationToken, TrainingResult> train, CancellationToken cancellationToken)
    {
        if (settings.Quiet) return train(_ => { }, cancellationToken);
        var clock = Stopwatch.StartNew();
        if (!terminal.IsInteractive)
            return train(s => terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(length.EpochOf(s.Iteration) is { } epoch ? $"epoch={epoch} " : "")}iteration={s.Iteration} cost={PlainNumber.Format(s.Cost, "G9")}{(s.ValidationCost is { } v ? $" validation_cost={PlainNumber.Format(v, "G9")}" : "")}{(s.ValidationAccuracy is { } a ? $" validation_accuracy={a:0.####}" : "")}")), cancellationToken);

        TrainingResult? result = null;
        // Bar and percentage take 22 columns (and the time left 10 more on a wide terminal); the description gets the
        // rest of the terminal's width, so a narrow terminal truncates it instead of wrapping the line.
        bool wide = terminal.Console.Profile.Width >= 100;
        int room = Math.Max(12, terminal.Console.Profile.Width - (wide ? 33 : 23));
        ProgressColumn[] columns = [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 15 }, new PercentageColumn()];
        terminal.Console.Progress()
            .Columns(wide ? [.. columns, new RemainingTimeColumn()] : columns)
            .Start(progress =>
            {
                ProgressTask task = progress.AddTask("training", maxValue: Math.Max(1, options.Iterations));
                result = train(s =>
                {
                    double rate = s.Iteration / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    string where = length.EpochOf(s.Iteration) is { } epoch ? $"epoch {epoch:N0}" : $"iteration {s.Iteration:N0}";
                    task.Description = Fit(string.Create(CultureInfo.InvariantCulture, $"{where} · cost {PlainNumber.Format(s.Cost, "G4")}{Validation(s)} · {rate:N0}/s"), room);
                    task.Value = s.Iteration;
                }, cancellationToken);
                task.Value = result.Iterations;   // where training stopped: all of it, or where Ctrl-C stopped it
                task.StopTask();
            });
        return result!;
    }
}
