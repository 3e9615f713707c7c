using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop tune</c>: search for a good recipe on a user's file (<see cref="Tuner"/>), write the leaderboard, retrain
/// the best on the whole file, print the <c>backprop train</c> command that makes that model, and end with one
/// parseable line: <c>tuned: trials=N best_score=S metric=accuracy|r2 seconds=T</c>.
/// </summary>
internal sealed class TuneCommand(Terminal terminal, Interruption interruption) : Command<TuneCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <FILE>")]
        [Description("Required. The CSV file to tune on: a header row, then one sample per row, inputs first, then the target (text labels are classes).")]
        public string? DataFile { get; init; }

        [CommandOption("--inputs <K>")]
        [Description("How many leading columns are inputs. Default: those before the target columns the header names (y…, target…, label, class), else all but the last.")]
        public int? Inputs { get; init; }

        [CommandOption("--classes")]
        [Description("The target column holds class labels even though they are numbers.")]
        public bool Classes { get; init; }

        [CommandOption("--trials <N>")]
        [Description("Trials drawn at the first rung of successive halving (the best third go on, three times longer, to the last rung's full epochs). Default 27, or with --budget, rounds of 27 until the time is up.")]
        public int? Trials { get; init; }

        [CommandOption("--budget <SECONDS>")]
        [Description("Stop searching after this many seconds and keep what was found (what finishes then depends on the machine).")]
        public double? Budget { get; init; }

        [CommandOption("--folds <K>")]
        [Description("Score each trial by K-fold cross-validation (stratified for classes). Default 3.")]
        public int? Folds { get; init; }

        [CommandOption("--validation-split <F>")]
        [Description("Score each trial on one held-out fraction F of the rows instead of folds.")]
        public double? ValidationSplit { get; init; }

        [CommandOption("--space <SPACE>")]
        [Description("What to search, as name=values parts joined by ';': layers=1,2; width=16,32,64,128,256; activation=relu,tanh; optimizer=adam,momentum; learning-rate=0.0001..0.01 (log scale; default per optimizer); weight-decay=0.000001..0.001; batch-size=32,64,128,256. Parts not named keep these defaults.")]
        public string? Space { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("Epochs of the last rung (and of the best model's training). Default: the data defaults' (200, fewer for large data).")]
        public int? Epochs { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seeds the trials' draws, the folds and every training: the same seed gives the same leaderboard for any --threads.")]
        [DefaultValue(1u)]
        public uint Seed { get; init; } = 1;

        [CommandOption("--threads <N>")]
        [Description("Trainings run at once, one thread each. Default: every core.")]
        public int? Threads { get; init; }

        [CommandOption("--precision <NAME>")]
        [NamesDescription("What every trial's network computes in: {precisions}.")]
        [DefaultValue("float64")]
        public string Precision { get; init; } = "float64";

        [CommandOption("--leaderboard <FILE>")]
        [Description("Where to write the leaderboard: one CSV row per trial, best first (settings, fold scores, mean, std, seconds, outcome).")]
        [DefaultValue("leaderboard.csv")]
        public string Leaderboard { get; init; } = "leaderboard.csv";

        [CommandOption("--model-out <FILE>")]
        [Description("Where to write the best recipe's model, trained on the whole file.")]
        [DefaultValue("model.json")]
        public string ModelOut { get; init; } = "model.json";

        [CommandOption("--quiet")]
        [Description("Print only the command that makes the best model and the closing line.")]
        public bool Quiet { get; init; }

        /// <summary>The space --space names (valid once <see cref="Validate"/> has passed).</summary>
        public SearchSpace SearchSpace => Space is null ? SearchSpace.Default : SearchSpace.Parse(Space);

        public override ValidationResult Validate()
        {
            if (DataFile is null) return ValidationResult.Error("--data FILE.csv is required: the file to tune on");
            if (Inputs is < 1) return ValidationResult.Error($"--inputs must be 1 or more, not {Inputs}");
            if (Trials is < 1 or > 100_000) return ValidationResult.Error($"--trials must be from 1 to 100000, not {Trials}");
            if (Budget is { } b && !(b > 0 && b <= 31_536_000)) return ValidationResult.Error($"--budget must be a positive number of seconds (at most a year), not {PlainNumber.Format(b)}");
            if (Folds is < 2 or > 100) return ValidationResult.Error($"--folds must be from 2 to 100, not {Folds}");
            if (ValidationSplit is { } f && !(f > 0 && f < 1)) return ValidationResult.Error($"--validation-split must be between 0 and 1, not {PlainNumber.Format(f)}");
            if (ValidationSplit is not null && Folds is not null) return ValidationResult.Error("--folds and --validation-split both say how to score: give one");
            if (Epochs is < 1 or > 1_000_000) return ValidationResult.Error($"--epochs must be from 1 to 1000000, not {Epochs}");
            if (PrecisionOption.Problem(Precision) is { } precisionError) return ValidationResult.Error(precisionError);
            if (Threads is < 1 or > 256) return ValidationResult.Error($"--threads must be from 1 to 256, not {Threads}");
            if (Space is not null)
            {
                try { _ = SearchSpace.Parse(Space); }
                catch (FormatException e) { return ValidationResult.Error($"--space: {e.Message}"); }
            }
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [("--model-out", settings.ModelOut), ("--leaderboard", settings.Leaderboard)], [("--data", settings.DataFile)]);
        Output.Check("--model-out", settings.ModelOut);
        Output.Check("--leaderboard", settings.Leaderboard);
        string path = settings.DataFile!;
        (DataSet data, IReadOnlyList<string>? classes) = Interruptible.Run(() =>
        {
            DataSettings.RequireFile(path, "--data");
            MemoryEstimate.Check(MemoryEstimate.CsvParsing(path), $"{path} is too large to read here");
            return TrainingData.LoadFile(path, settings.Inputs, settings.Classes, null, lastIsTarget: true);
        }, cancellationToken);
        var options = new TuningOptions
        {
            Trials = settings.Trials ?? new TuningOptions().Trials,
            RoundsWithBudget = settings.Trials is null,
            Budget = settings.Budget is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Folds = settings.Folds ?? new TuningOptions().Folds,
            ValidationFraction = settings.ValidationSplit,
            Seed = settings.Seed,
            Threads = settings.Threads ?? Environment.ProcessorCount,
            MaxEpochs = settings.Epochs,
            Space = settings.SearchSpace,
            Precision = PrecisionOption.Parse(settings.Precision)!.Value,
        };
        int heldOutRows = settings.ValidationSplit is { } f ? (int)Math.Round(f * data.Count) : data.Count / options.Folds;
        if (heldOutRows < 1 || data.Count - heldOutRows < 1)
            throw CommandFailure.Usage($"{path} has {data.Count} rows: too few to hold out {(settings.ValidationSplit is null ? $"one of {options.Folds} folds" : "a validation split")} and train on the rest");
        if (!settings.Quiet)
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tuning on {path} ({data.Count} samples, {(classes is null ? "numbers to predict: r2" : $"{classes.Count} classes: accuracy")}): {(settings.Trials is null && settings.Budget is not null ? "rounds of" : "")}{(settings.Trials is null && settings.Budget is not null ? " " : "")}{options.Trials} trials, {(settings.ValidationSplit is { } v ? $"a {PlainNumber.Format(v)} validation split" : $"{options.Folds}-fold cross-validation")}, {options.Threads} threads{(options.Budget is { } b ? $", a budget of {PlainNumber.Format(b.TotalSeconds)} s" : "")}, seed {options.Seed}; space {options.Space}"));

        // From here a signal stops the search, and what was found is kept.
        if (!interruption.Protect()) return ExitCodes.Interrupted;
        var clock = Stopwatch.StartNew();
        TuningResult result = RunWithProgress(data, classes, options, settings, cancellationToken);
        if (result.Best is not { } best)
        {
            WriteLeaderboard(settings.Leaderboard, result, options);
            throw new CommandFailure(result.Cancelled
                ? $"interrupted before any trial finished; wrote {settings.Leaderboard}"
                : $"no trial finished without diverging; wrote {settings.Leaderboard}; try --space with smaller learning rates");
        }
        WriteLeaderboard(settings.Leaderboard, result, options);
        if (!settings.Quiet)
        {
            WriteTopTrials(result);
            terminal.Out.WriteLine($"wrote {settings.Leaderboard}");
        }

        // The best recipe, retrained on every row for its epochs: the model `backprop train` makes with the printed command.
        Recipe chosen = best.Recipe with { ValidationFraction = 0 };
        string command = TrainCommandFor(chosen, settings);
        if (!result.Cancelled)
        {
            (Network network, TrainingResult training) = chosen.Train(data, classes, settings.Seed, cancellationToken);
            if (training.Outcome == TrainingOutcome.Cancelled)
                terminal.Error.WriteLine("backprop: interrupted while training the best recipe on the whole file: no model written");
            else
            {
                ModelFile.Save(network, settings.ModelOut);
                if (!settings.Quiet) terminal.Out.WriteLine($"wrote {settings.ModelOut} (the best recipe trained on all {data.Count} samples)");
            }
        }
        terminal.Out.WriteLine(result.Cancelled ? $"interrupted; the best so far is made by: {command}" : $"the same model: {command}");
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tuned: trials={result.Leaderboard.Count} best_score={best.Mean:0.######} metric={result.Metric} seconds={clock.Elapsed.TotalSeconds:F2}"));
        return result.Cancelled ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>The <c>backprop train</c> command that trains <paramref name="recipe"/> on the tuned file, exactly.</summary>
    internal static string TrainCommandFor(Recipe recipe, Settings settings)
    {
        var words = new List<string> { "backprop train --data", Playground.SessionSettings.ShellWord(settings.DataFile!) };
        if (settings.Inputs is { } inputs) words.Add($"--inputs {inputs}");
        if (settings.Classes) words.Add("--classes");
        words.Add($"--layers {string.Join(',', recipe.HiddenLayers)} --activation {recipe.HiddenActivation.Name}");
        words.Add(TrainSettings.Arguments(new TrainingOptions
        {
            Optimizer = recipe.Optimizer,
            LearningRate = recipe.LearningRate,
            WeightDecay = recipe.WeightDecay,
            BatchSize = recipe.BatchSize,
        }));
        words.Add(string.Create(CultureInfo.InvariantCulture, $"--epochs {recipe.Epochs} --validation-split 0 --seed {settings.Seed}"));
        if (recipe.Precision != Backprop.Precision.Float64) words.Add($"--precision {Catalog.PrecisionOf(recipe.Precision).Name}");
        return string.Join(' ', words);
    }

    private TuningResult RunWithProgress(DataSet data, IReadOnlyList<string>? classes, TuningOptions options, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Quiet || !terminal.IsInteractive)
        {
            // One line as each rung (of each round) begins.
            (int Trials, int Rung) last = (0, 0);
            var reporting = new Lock();
            return Tuner.Search(data, classes, options, p =>
            {
                if (settings.Quiet) return;
                lock (reporting)
                {
                    if ((p.Trials, p.Rung) == last) return;
                    last = (p.Trials, p.Rung);
                    terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"rung {p.Rung} of {p.Rungs}: {p.TrialsInRung} trial{(p.TrialsInRung == 1 ? "" : "s")} of {p.Epochs} epochs (trials drawn: {p.Trials})"));
                }
            }, cancellationToken);
        }
        TuningResult? result = null;
        int planned = PlannedTrainings(options);
        terminal.Console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 15 }, new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                ProgressTask task = progress.AddTask("tuning", maxValue: planned);
                result = Tuner.Search(data, classes, options, p =>
                {
                    task.Description = $"rung {p.Rung}/{p.Rungs} · {p.TrialsInRung} trials of {p.Epochs} epochs · {p.Trials} drawn";
                    task.Value = options.Budget is null ? p.Trainings : Math.Min(planned, p.Trainings % (planned + 1));
                }, cancellationToken);
                task.Value = planned;
                task.StopTask();
            });
        return result!;
    }

    // Trainings in one round: each rung's trials times the folds.
    private static int PlannedTrainings(TuningOptions options)
    {
        int folds = options.ValidationFraction is null ? options.Folds : 1, trials = options.Trials, total = 0;
        foreach (int _ in Tuner.RungEpochs(options.Trials, options.Reduction, 1))
        {
            total += trials * folds;
            trials = (trials + options.Reduction - 1) / options.Reduction;
        }
        return total;
    }

    // The five best, as a table on a terminal (four columns, to fit 80) and as lines otherwise.
    private void WriteTopTrials(TuningResult result)
    {
        if (terminal.IsInteractive)
        {
            var table = new Table().Title($"best trials ({result.Metric})");
            foreach (string column in new[] { "trial", "rung", "recipe", result.Metric }) table.AddColumn(column);
            foreach (TrialResult trial in result.Leaderboard.Take(5))
                table.AddRow(Markup.Escape($"{trial.Trial}"), Markup.Escape($"{trial.Rung}"), Markup.Escape(RecipeInWords(trial.Recipe)),
                    Markup.Escape($"{Score(trial.Mean)} ± {Score(trial.StandardDeviation)}"));
            terminal.Console.Write(table);
        }
        else
            foreach (TrialResult trial in result.Leaderboard.Take(5))
                terminal.Out.WriteLine($"trial {trial.Trial}: rung {trial.Rung}, {RecipeInWords(trial.Recipe)}: {result.Metric} {Score(trial.Mean)} ± {Score(trial.StandardDeviation)}");
    }

    // "200 epochs, layers 128,128, tanh, adam, learning rate 0.0095, weight decay 0.000176, batch 256"
    private static string RecipeInWords(Recipe r) =>
        $"{r.Epochs} epoch{(r.Epochs == 1 ? "" : "s")}, layers {string.Join(',', r.HiddenLayers)}, {r.HiddenActivation.Name}, {r.Optimizer.Name}, learning rate {PlainNumber.Format(r.LearningRate, "G3")}, "
        + $"weight decay {PlainNumber.Format(r.WeightDecay, "G3")}, batch {r.BatchSize}";

    private static string Score(double value) => double.IsNaN(value) ? "nan" : value.ToString("0.####", CultureInfo.InvariantCulture);

    // rank,trial,rung,epochs,layers,activation,optimizer,learning_rate,weight_decay,batch_size,fold1…foldK,mean,std,seconds,outcome
    private static void WriteLeaderboard(string path, TuningResult result, TuningOptions options)
    {
        int folds = options.ValidationFraction is null ? options.Folds : 1;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), bufferSize: -1, leaveOpen: true);
            writer.WriteLine(string.Join(',', ["rank", "trial", "rung", "epochs", "layers", "activation", "optimizer", "learning_rate", "weight_decay", "batch_size",
                .. Enumerable.Range(1, folds).Select(f => $"fold{f}"), "mean", "std", "seconds", "outcome"]));
            int rank = 0;
            foreach (TrialResult trial in result.Leaderboard)
            {
                Recipe r = trial.Recipe;
                string Number(double v) => double.IsNaN(v) ? "nan" : PlainNumber.Format(v);
                writer.WriteLine(string.Join(',', [$"{++rank}", $"{trial.Trial}", $"{trial.Rung}", $"{r.Epochs}", $"\"{string.Join(',', r.HiddenLayers)}\"",
                    r.HiddenActivation.Name, r.Optimizer.Name, Number(r.LearningRate), Number(r.WeightDecay), $"{r.BatchSize}",
                    .. trial.FoldScores.Select(Number), Number(trial.Mean), Number(trial.StandardDeviation),
                    trial.Seconds.ToString("0.###", CultureInfo.InvariantCulture), trial.Outcome]));
            }
        });
    }
}
