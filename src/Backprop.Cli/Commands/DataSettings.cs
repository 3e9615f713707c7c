using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary>The data options every command shares: the worksheet's heart, or a CSV file.</summary>
internal class DataSettings : CommandSettings
{
    /// <summary>The number of heart points when no file is given.</summary>
    public const int DefaultPoints = 100;

    [CommandOption("--points <N>")]
    [Description("Use the worksheet's heart data with N points (default 100).")]
    public int? Points { get; init; }

    [CommandOption("--data <FILE>")]
    [Description("Use a CSV file: a header row, then one sample per row, inputs first, then targets.")]
    public string? DataFile { get; init; }

    [CommandOption("--inputs <K>")]
    [Description("How many leading CSV columns are inputs. Default: a saved model's input count; for train, the columns before the trailing target columns named y, y1, y2…, target…, label or class, else (with --data's defaults, or for class labels) all but the last.")]
    public int? Inputs { get; init; }

    public override ValidationResult Validate()
    {
        if (Points is not null && DataFile is not null) return ValidationResult.Error("--points and --data cannot be used together");
        if (Points is < 1) return ValidationResult.Error($"--points must be 1 or more, not {Points}");
        if (Points is > 100_000_000) return ValidationResult.Error($"--points {Points} is too many (at most 100000000)");
        if (Inputs is < 1) return ValidationResult.Error($"--inputs must be 1 or more, not {Inputs}");
        return ValidationResult.Success();
    }

    /// <summary>Return <paramref name="path"/> if the file exists; otherwise fail with one line naming it and its option.</summary>
    public static string RequireFile(string path, string option) =>
        File.Exists(path) ? path
        : Directory.Exists(path) ? throw new CommandFailure($"{path}: is a folder, not a file ({option})")
        : throw new CommandFailure($"{path}: no such file ({option})");

    /// <summary>A few words on where the data comes from, for messages.</summary>
    public string DataDescription => DataFile ?? $"heart data ({Points ?? DefaultPoints} points)";

    /// <summary>Load the data the options name for a saved <paramref name="network"/>: its input count unless --inputs says, and class labels if it has classes.</summary>
    public DataSet LoadDataFor(Network network, string modelPath)
    {
        if (DataFile is null)
        {
            DataSet heart = HeartData.Create(Points ?? DefaultPoints);
            CheckFits(heart, network, modelPath);
            return heart;
        }
        int inputs = Inputs ?? network.InputSize;
        DataSet data = network.Classes is null ? LoadNumbers(DataFile, inputs, "--data") : LoadLabelled(DataFile, inputs, network.Classes, "--data").Data;
        CheckFits(data, network, modelPath);
        return data;
    }

    /// <summary>Read a CSV file of numbers: inputs, then targets.</summary>
    public static DataSet LoadNumbers(string path, int inputs, string option)
    {
        RequireFile(path, option);
        MemoryEstimate.Check(MemoryEstimate.CsvParsing(path), $"{path} is too large to read here");
        return Backprop.DataFile.Load(path, inputs);
    }

    /// <summary>More classes than this, when they are also more than half the rows, are taken for a column of numbers.</summary>
    public const int MaxClassesOfAnyShare = 20;

    /// <summary>Read a CSV file of inputs and one column of class labels, one-hot for <paramref name="classes"/> (or the file's own labels, sorted, when null).</summary>
    public static (DataSet Data, IReadOnlyList<string> Classes) LoadLabelled(string path, int inputs, IReadOnlyList<string>? classes, string option)
    {
        RequireFile(path, option);
        MemoryEstimate.Check(MemoryEstimate.CsvParsing(path), $"{path} is too large to read here");
        (Matrix x, string[] labels) = Backprop.DataFile.LoadLabelled(path, inputs);
        if (classes is null)
        {
            classes = ClassLabels.Sorted(labels);
            // Most values different: a number to predict (prices, measurements), which --classes would make a softmax of hundreds.
            if (classes.Count > MaxClassesOfAnyShare && classes.Count > labels.Length / 2)
                throw CommandFailure.Usage($"{path}: --classes, but its labels take {classes.Count} different values in {labels.Length} rows: "
                    + "that is a number to predict, not classes; leave out --classes to train a regression");
        }
        if (classes.Count < 2) throw new CommandFailure($"{path}: every sample has the label {Excerpt.Quoted(classes[0])}; classes need at least two");
        try
        {
            return (new DataSet(x, ClassLabels.OneHot(labels, classes)), classes);
        }
        catch (ArgumentException e)
        {
            throw new CommandFailure($"{path}: {CommandFailure.MessageOf(e)}");
        }
    }

    private void CheckFits(DataSet data, Network network, string modelPath)
    {
        if (data.InputSize != network.InputSize || data.OutputSize != network.OutputSize)
            throw new CommandFailure($"{DataDescription} has {data.InputSize} inputs and {data.OutputSize} targets per sample, but {modelPath} is a {network} network");
    }
}

/// <summary>Data options plus the <c>--model</c> that commands on a saved model take.</summary>
internal class ModelSettings : DataSettings
{
    [CommandOption("--model <FILE>")]
    [Description("Required. The model file (JSON, as train writes it).")]
    public string? Model { get; init; }

    public override ValidationResult Validate() =>
        Model is null ? ValidationResult.Error("--model FILE is required") : base.Validate();

    /// <summary>Load the model the options name.</summary>
    public Network LoadModel() => LoadModel(Model!);

    /// <summary>Load the model file named by <c>--model</c>.</summary>
    public static Network LoadModel(string path)
    {
        return ModelFile.Load(RequireFile(path, "--model"));
    }
}
