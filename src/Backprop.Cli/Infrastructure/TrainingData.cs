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
        // A column of text is class labels (iris's species), with or without --classes.
        bool labelled = settings.Classes || resumed?.Classes is not null
            || (resumed is null && DataFile.LastColumnHoldsText(DataSettings.RequireFile(settings.DataFile, "--data")));
        int inputs = settings.Inputs ?? resumed?.InputSize ?? InputsFromHeader(settings.DataFile, labelled, lastIsTarget: settings.UsesDataDefaults);
        if (!labelled) return WithValidation(LoadNumbersOrSayClasses(settings.DataFile, inputs), null, settings.DataFile, settings);
        if (!settings.Classes && resumed is null && DataFile.ReadHeader(settings.DataFile).Length - inputs != 1)
            throw CommandFailure.Usage($"{settings.DataFile}: its last column holds text, but --inputs {inputs} leaves {DataFile.ReadHeader(settings.DataFile).Length - inputs} target columns; class labels are one column");
        (DataSet data, IReadOnlyList<string> classes) = DataSettings.LoadLabelled(settings.DataFile, inputs, resumed?.Classes, "--data");
        return WithValidation(data, classes, settings.DataFile, settings);
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
