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
    [Description("How many leading CSV columns are inputs.")]
    [DefaultValue(1)]
    public int Inputs { get; init; } = 1;

    public override ValidationResult Validate()
    {
        if (Points is not null && DataFile is not null) return ValidationResult.Error("--points and --data cannot be used together");
        if (Points is < 1) return ValidationResult.Error($"--points must be 1 or more, not {Points}");
        if (Points is > 100_000_000) return ValidationResult.Error($"--points {Points} is too many (at most 100000000)");
        if (Inputs < 1) return ValidationResult.Error($"--inputs must be 1 or more, not {Inputs}");
        return ValidationResult.Success();
    }

    /// <summary>A few words on where the data comes from, for messages.</summary>
    public string DataDescription => DataFile ?? $"heart data ({Points ?? DefaultPoints} points)";

    /// <summary>Load the data the options name.</summary>
    public DataSet LoadData()
    {
        if (DataFile is null) return HeartData.Create(Points ?? DefaultPoints);
        if (!File.Exists(DataFile)) throw new CommandFailure($"{DataFile}: no such file (--data)");
        return Backprop.DataFile.Load(DataFile, Inputs);
    }

    /// <summary>Load the data and check it fits <paramref name="network"/>.</summary>
    public DataSet LoadDataFor(Network network, string modelPath)
    {
        DataSet data = LoadData();
        if (data.InputSize != network.InputSize || data.OutputSize != network.OutputSize)
            throw new CommandFailure($"{DataDescription} has {data.InputSize} inputs and {data.OutputSize} targets per sample, but {modelPath} is a {network} network");
        return data;
    }
}

/// <summary>Data options plus the <c>--model</c> that commands on a saved model take.</summary>
internal class ModelSettings : DataSettings
{
    [CommandOption("--model <FILE>")]
    [Description("The model file (JSON, as train writes it).")]
    public string? Model { get; init; }

    public override ValidationResult Validate() =>
        Model is null ? ValidationResult.Error("--model FILE is required") : base.Validate();

    /// <summary>Load the model the options name.</summary>
    public Network LoadModel()
    {
        if (!File.Exists(Model)) throw new CommandFailure($"{Model}: no such file (--model)");
        return ModelFile.Load(Model!);
    }
}
