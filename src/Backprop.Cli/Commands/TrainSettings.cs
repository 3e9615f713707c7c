using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary>The options of <c>backprop train</c>; with none, the worksheet's own cell.</summary>
/// <remarks>
/// Files: this one holds the run's own options; TrainSettings.Design.cs the network's design (activations, loss,
/// initialisation, classes, scaling); TrainSettings.Optimizer.cs the optimizer and its settings;
/// TrainSettings.Validation.cs held-out data and early stopping.
/// </remarks>
internal sealed partial class TrainSettings : DataSettings
{
    /// <summary>The hidden layer sizes of a new network in the worksheet's recipe, when none are given.</summary>
    public const string DefaultLayers = "6,7";

    /// <summary>The recipes --recipe names: the worksheet's, and the defaults for a user's own data.</summary>
    public const string WorksheetRecipe = "worksheet", DataRecipe = "data";

    [CommandOption("--recipe <NAME>")]
    [Description("The defaults of every option not given: data (with --data: standardized inputs and targets, relu 100, adam 0.001, batches of 64, a tenth held out, early stopping after 10 epochs, up to 200 epochs) or worksheet (logistic 6,7, steepest descent at 5 with noise 0.8, 50000 full-batch steps; the default without --data).")]
    public string? Recipe { get; init; }

    /// <summary>Whether options not given take the data defaults (<see cref="DataDefaults"/>) rather than the worksheet's.</summary>
    public bool UsesDataDefaults => (Recipe ?? (DataFile is null ? WorksheetRecipe : DataRecipe)) == DataRecipe;

    [CommandOption("--layers <SIZES>")]
    [Description("Hidden layer sizes, comma-separated (default 100 with --data, else 6,7); input and output sizes come from the data.")]
    public string? Layers { get; init; }

    /// <summary>--layers as given, or the recipe's.</summary>
    private string LayersInForce => Layers ?? (UsesDataDefaults ? string.Join(',', DataDefaults.HiddenLayers) : DefaultLayers);

    [CommandOption("--iterations <N>")]
    [Description("How many steps to take (one batch each). Default 50000 (with --data, epochs instead).")]
    public int? Iterations { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("How many passes over the training rows to make instead (an epoch is ⌈rows / batch size⌉ steps); --log-every, --checkpoint-every and --patience then count epochs. Default with --data: 200, fewer for data too large to make 200 in seconds.")]
    public int? Epochs { get; init; }

    /// <summary>The steps a run takes when neither --iterations nor --epochs is given (the worksheet's cell's).</summary>
    public const int DefaultIterations = 50_000;

    [CommandOption("--seed <S>")]
    [Description("Seed of the numpy-compatible generator: --seed 1 draws as np.random.seed(1); reset_network() does.")]
    [DefaultValue(1u)]
    public uint Seed { get; init; } = 1;

    [CommandOption("--resume <MODEL>")]
    [Description("Continue training a saved model instead of starting from random weights.")]
    public string? Resume { get; init; }

    [CommandOption("--model-out <FILE>")]
    [Description("Where to write the trained model (JSON; backprop export makes ONNX of it).")]
    [DefaultValue("model.json")]
    public string ModelOut { get; init; } = "model.json";

    [CommandOption("--figure-out|--plot <FILE>")]
    [Description("Where to draw the figure: .png or .svg. (--plot is its old name.)")]
    [DefaultValue("training.png")]
    public string FigureOut { get; init; } = "training.png";

    [CommandOption("--no-figure|--no-plot")]
    [Description("Draw no figure. (--no-plot is its old name.)")]
    public bool NoFigure { get; init; }

    [CommandOption("--log-every <N>")]
    [Description("Take a snapshot for the figure and report the cost every N iterations (epochs, with --epochs). Default 1000 iterations, or every epoch.")]
    public int? LogEvery { get; init; }

    [CommandOption("--checkpoint-every <N>")]
    [Description("Also write the model (atomically, to --model-out) every N iterations (epochs, with --epochs), so a long run that is killed loses at most N; a multiple of --log-every.")]
    public int? CheckpointEvery { get; init; }

    /// <summary>Whether the run counts epochs: --epochs, or the data defaults without --iterations.</summary>
    private bool CountsEpochs => Epochs is not null || (Iterations is null && UsesDataDefaults);

    /// <summary>--log-every in force, in its own unit: as given, or 1000 iterations, or 1 epoch.</summary>
    private int LogInterval => LogEvery ?? (CountsEpochs ? 1 : 1000);

    /// <summary>
    /// How long the run is and how often it reports, in steps, for a training set of <paramref name="trainingRows"/>
    /// rows through a network of <paramref name="layerSizes"/>: --iterations and --log-every as given, or --epochs (the
    /// data defaults' epochs when not given; --log-every, --checkpoint-every in epochs) times the steps of an epoch. Too
    /// many steps for a run are refused, naming the options.
    /// </summary>
    public RunLength RunLengthFor(int trainingRows, IReadOnlyList<int> layerSizes)
    {
        if (!CountsEpochs) return new(Iterations ?? DefaultIterations, LogInterval, CheckpointEvery, null);
        int epochs = Epochs ?? DataDefaults.Epochs(trainingRows, layerSizes);
        int steps = DataDefaults.StepsPerEpoch(trainingRows, BatchSizeInForce);
        long total = (long)epochs * steps;
        if (total > MaxIterations)
            throw CommandFailure.Usage($"--epochs {epochs} of {steps} steps each are {total} steps, more than the {MaxIterations} a run may take");
        int Steps(long n) => (int)Math.Min(n, int.MaxValue);
        return new((int)total, Steps((long)LogInterval * steps), CheckpointEvery is { } every ? Steps((long)every * steps) : null, steps, epochs);
    }


    [CommandOption("--threads <N>")]
    [Description("Threads that share each pass over the samples; pays off for thousands of samples. Results are the same run to run for a given N.")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    [CommandOption("--quiet")]
    [Description("Print only the closing summary line.")]
    public bool Quiet { get; init; }

    /// <summary>The hidden layer sizes, parsed (valid once <see cref="Validate"/> has passed).</summary>
    public int[] HiddenSizes => ParseSizes(LayersInForce) ?? [];

    public override ValidationResult Validate()
    {
        if (Recipe is not null and not WorksheetRecipe and not DataRecipe)
            return ValidationResult.Error($"--recipe must be {DataRecipe} or {WorksheetRecipe}, not \"{Recipe}\"");
        if (ParseSizes(LayersInForce) is null)
            return ValidationResult.Error(TooWide(LayersInForce) is { } size
                ? $"--layers {Layers}: a layer of {size} neurons is more than the {MaxNeurons} a layer may have"
                : $"--layers \"{Layers}\" is not a list of positive whole numbers such as 6,7");
        if (Iterations < 0) return ValidationResult.Error($"--iterations must be 0 or more, not {Iterations}");
        if (Iterations > MaxIterations) return ValidationResult.Error($"--iterations must be at most {MaxIterations}, not {Iterations}");
        if (Epochs is not null && Iterations is not null) return ValidationResult.Error("--epochs and --iterations both say how long to train: give one");
        if (Epochs is < 1) return ValidationResult.Error($"--epochs must be 1 or more, not {Epochs}");
        if (ValidateOptimizer() is { } optimizerError) return ValidationResult.Error(optimizerError);
        if (ValidateDesign() is { } designError) return ValidationResult.Error(designError);
        if (ValidateValidation() is { } validationError) return ValidationResult.Error(validationError);
        if (Threads is < 1 or > 256) return ValidationResult.Error($"--threads must be from 1 to 256, not {Threads}");
        if (LogEvery < 1) return ValidationResult.Error($"--log-every must be 1 or more, not {LogEvery}");
        if (CheckpointEvery is { } every && (every < 1 || every % LogInterval != 0))
            return ValidationResult.Error($"--checkpoint-every must be a positive multiple of --log-every ({LogInterval}), not {every}");
        if (!NoFigure && string.IsNullOrWhiteSpace(FigureOut)) return ValidationResult.Error("--figure-out: the file name is empty");
        if (!NoFigure && !TrainingFigure.IsSupported(FigureOut)) return ValidationResult.Error($"--figure-out {FigureOut}: the figure must be a .png or .svg file");
        return base.Validate();
    }

    /// <summary>The most iterations a run takes.</summary>
    public const int MaxIterations = 1_000_000_000;

    /// <summary>The most neurons in one hidden layer.</summary>
    public const int MaxNeurons = 100_000;

    // A size in the list beyond MaxNeurons (a whole number, but too large), or null.
    private static string? TooWide(string text) =>
        text.Split(',').Select(part => part.Trim()).FirstOrDefault(part => part.Length > 0 && part.All(char.IsAsciiDigit)
            && (part.Length > 9 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > MaxNeurons));

    private static int[]? ParseSizes(string text)
    {
        if (text.Trim().Length == 0) return [];   // no hidden layers: inputs straight to outputs
        var sizes = new List<int>();
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size)
                || size < 1 || size > MaxNeurons) return null;
            sizes.Add(size);
        }
        return [.. sizes];
    }
}

/// <summary>A run's length and report intervals in steps, as <see cref="TrainSettings.RunLengthFor"/> works them out.</summary>
/// <param name="Iterations">The steps to take.</param>
/// <param name="SnapshotEvery">Steps between snapshots (reports, figure, early stopping).</param>
/// <param name="CheckpointEvery">Steps between checkpoints, or null for none.</param>
/// <param name="StepsPerEpoch">Steps in an epoch when the run counts epochs (--epochs), else null.</param>
/// <param name="Epochs">The epochs to make, when the run counts them.</param>
internal readonly record struct RunLength(int Iterations, int SnapshotEvery, int? CheckpointEvery, int? StepsPerEpoch, int? Epochs = null)
{
    /// <summary>The epoch a step ends (with --epochs), for reports.</summary>
    public int? EpochOf(int iteration) => StepsPerEpoch is { } steps ? iteration / steps : null;
}
