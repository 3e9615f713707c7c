using System.Globalization;
using Backprop.Cli.Commands;

namespace Backprop.Cli;

/// <summary>
/// The data <c>backprop train</c> learns from, as its options name it: the heart or a CSV file (numbers, or class labels),
/// the inputs counted by the header rule when --inputs is not given, and the validation data.
/// </summary>
/// <param name="Training">The samples trained on (raw: the network standardises them itself).</param>
/// <param name="Validation">The held-out samples, if any.</param>
/// <param name="Classes">The class labels, when the targets are classes.</param>
/// <param name="Description">Where the data came from, for messages.</param>
internal sealed record TrainingData(DataSet Training, DataSet? Validation, IReadOnlyList<string>? Classes, string Description)
{
    /// <summary>Load what the options name; a resumed model fixes the input count and the classes.</summary>
    public static TrainingData Load(TrainSettings settings, Network? resumed)
    {
        if (settings.DataFile is null)
        {
            if (settings.Classes) throw CommandFailure.Usage("--classes needs --data FILE.csv with a column of class labels");
            if (settings.ValidationFile is not null) throw CommandFailure.Usage("--validation FILE needs --data FILE.csv to train on");
            DataSet heart = HeartData.Create(settings.Points ?? DataSettings.DefaultPoints);
            return WithValidation(heart, null, settings.DataDescription, settings);
        }
        (DataSet data, IReadOnlyList<string>? classes) = LoadFile(settings.DataFile, settings.Inputs ?? resumed?.InputSize, settings.Classes,
            resumed?.Classes, lastIsTarget: settings.UsesDataDefaults, canBeText: resumed is null);
        return WithValidation(data, classes, settings.DataFile, settings);
    }

    /// <summary>
    /// Read a user's file as train and tune read it: class labels when <paramref name="classes"/> says so, when a model's
    /// <paramref name="modelClasses"/> fix them, or when the last column holds text; otherwise numbers. The inputs are
    /// <paramref name="inputs"/> leading columns, or by the header rule (with <paramref name="lastIsTarget"/>, the last
    /// column when the header names no target).
    /// </summary>
    public static (DataSet Data, IReadOnlyList<string>? Classes) LoadFile(string path, int? inputs, bool classes, IReadOnlyList<string>? modelClasses,
        bool lastIsTarget, bool canBeText = true)
    {
        // A column of text is class labels (iris's species), with or without --classes.
        bool labelled = classes || modelClasses is not null || (canBeText && DataFile.LastColumnHoldsText(DataSettings.RequireFile(path, "--data")));
        int inputCount = inputs ?? InputsFromHeader(path, labelled, lastIsTarget);
        if (!labelled) return (LoadNumbersOrSayClasses(path, inputCount), null);
        if (!classes && modelClasses is null && DataFile.ReadHeader(path).Length - inputCount != 1)
            throw CommandFailure.Usage($"{path}: its last column holds text, but --inputs {inputCount} leaves {DataFile.ReadHeader(path).Length - inputCount} target columns; class labels are one column");
        return DataSettings.LoadLabelled(path, inputCount, modelClasses, "--data");
    }

    // The header rule; when no column is named as a target at all, the last one (with the data defaults); or a usage error
    // that says how to give the split.
    private static int InputsFromHeader(string path, bool labelled, bool lastIsTarget)
    {
        string[] header = DataFile.ReadHeader(DataSettings.RequireFile(path, "--data"));
        if (header.Length < 2) return 1;   // the reader names the problem: too few columns
        if (labelled) return header.Length - 1;
        return DataFile.InputsFromHeader(header) ?? (lastIsTarget && !DataFile.NamesATarget(header) ? header.Length - 1 : (int?)null) ?? throw CommandFailure.Usage(
            $"{path}: say how many leading columns are inputs with --inputs K, or name the target columns y, y1, y2…, target…, label or class; give --classes if the last column holds class labels (the header is {string.Join(',', header)})");
    }

    // Numbers only; text in the last column is likely a class label, so the error says --classes.
    private static DataSet LoadNumbersOrSayClasses(string path, int inputs)
    {
        try
        {
            return DataSettings.LoadNumbers(path, inputs, "--data");
        }
        catch (InvalidDataException e) when (e.Message.Contains($", column {DataFile.ReadHeader(path).Length}: ", StringComparison.Ordinal))
        {
            throw new CommandFailure($"{e.Message}; if that column holds class labels, give --classes");
        }
    }

    private static TrainingData WithValidation(DataSet data, IReadOnlyList<string>? classes, string description, TrainSettings settings)
    {
        if (settings.ValidationFile is { } file)
        {
            DataSet validation = classes is null
                ? DataSettings.LoadNumbers(file, data.InputSize, "--validation")
                : DataSettings.LoadLabelled(file, data.InputSize, classes, "--validation").Data;
            if (validation.OutputSize != data.OutputSize)
                throw new CommandFailure($"{file} has {validation.OutputSize} targets per sample, but {description} has {data.OutputSize} (--validation)");
            return new TrainingData(data, validation, classes, description);
        }
        if (settings.ValidationSplitFor(data.Count) is { } fraction)
        {
            try
            {
                (DataSet training, DataSet held) = data.Split(fraction, new NumpyRandom(settings.Seed), stratify: classes is not null);
                return new TrainingData(training, held, classes, string.Create(CultureInfo.InvariantCulture,
                    $"{description} ({training.Count} samples, {held.Count} held out for validation)"));
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw CommandFailure.Usage($"--validation-split: {CommandFailure.MessageOf(e)}");
            }
        }
        return new TrainingData(data, null, classes, description);
    }
}
