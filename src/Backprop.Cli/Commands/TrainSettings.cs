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
    /// <summary>The hidden layer sizes of a new network, when none are given.</summary>
    public const string DefaultLayers = "6,7";

    [CommandOption("--layers <SIZES>")]
    [Description("Hidden layer sizes, comma-separated (default 6,7); input and output sizes come from the data.")]
    public string? Layers { get; init; }

    [CommandOption("--iterations <N>")]
    [Description("How many steps to take (one batch each).")]
    [DefaultValue(50_000)]
    public int Iterations { get; init; } = 50_000;

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
    [Description("Take a snapshot for the figure and report the cost every N iterations.")]
    [DefaultValue(1000)]
    public int LogEvery { get; init; } = 1000;

    [CommandOption("--checkpoint-every <N>")]
    [Description("Also write the model (atomically, to --model-out) every N iterations, so a long run that is killed loses at most N; a multiple of --log-every.")]
    public int? CheckpointEvery { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Threads that share each pass over the samples; pays off for thousands of samples. Results are the same run to run for a given N.")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    [CommandOption("--quiet")]
    [Description("Print only the closing summary line.")]
    public bool Quiet { get; init; }

    /// <summary>The hidden layer sizes, parsed (valid once <see cref="Validate"/> has passed).</summary>
    public int[] HiddenSizes => ParseSizes(Layers ?? DefaultLayers) ?? [];

    public override ValidationResult Validate()
    {
        if (ParseSizes(Layers ?? DefaultLayers) is null)
            return ValidationResult.Error(TooWide(Layers ?? DefaultLayers) is { } size
                ? $"--layers {Layers}: a layer of {size} neurons is more than the {MaxNeurons} a layer may have"
                : $"--layers \"{Layers}\" is not a list of positive whole numbers such as 6,7");
        if (Iterations < 0) return ValidationResult.Error($"--iterations must be 0 or more, not {Iterations}");
        if (Iterations > MaxIterations) return ValidationResult.Error($"--iterations must be at most {MaxIterations}, not {Iterations}");
        if (ValidateOptimizer() is { } optimizerError) return ValidationResult.Error(optimizerError);
        if (ValidateDesign() is { } designError) return ValidationResult.Error(designError);
        if (ValidateValidation() is { } validationError) return ValidationResult.Error(validationError);
        if (Threads is < 1 or > 256) return ValidationResult.Error($"--threads must be from 1 to 256, not {Threads}");
        if (LogEvery < 1) return ValidationResult.Error($"--log-every must be 1 or more, not {LogEvery}");
        if (CheckpointEvery is { } every && (every < 1 || every % LogEvery != 0))
            return ValidationResult.Error($"--checkpoint-every must be a positive multiple of --log-every ({LogEvery}), not {every}");
        if (!NoFigure && string.IsNullOrWhiteSpace(FigureOut)) return ValidationResult.Error("--figure-out: the file name is empty");
        if (!NoFigure && !Plotting.TrainingFigure.IsSupported(FigureOut)) return ValidationResult.Error($"--figure-out {FigureOut}: the figure must be a .png or .svg file");
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
