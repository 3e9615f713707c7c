using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop predict</c>: a saved model's outputs for the inputs of a CSV file (for a classifier, the label and the class probabilities).</summary>
internal sealed class PredictCommand(Terminal terminal) : InterruptibleCommand<PredictCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Write the CSV here instead of to standard output.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            DataFile is null && Points is null ? ValidationResult.Error("--data FILE.csv is required (or --points N for heart inputs)") : base.Validate();
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [("--out", settings.Out)], [("--model", settings.Model), ("--data", settings.DataFile)]);
        if (settings.Out is not null) Output.Check("--out", settings.Out);
        Network network = settings.LoadModel();
        if (settings.DataFile is null)
            MemoryEstimate.Check(MemoryEstimate.Prediction(network.LayerSizes, settings.Points!.Value), "use fewer --points");
        (Matrix inputs, string[]? names) = settings.DataFile is null ? (HeartData.Create(settings.Points!.Value).Inputs, null) : LoadInputs(settings, network.InputSize);
        MemoryEstimate.Check(MemoryEstimate.Prediction(network.LayerSizes, inputs.Columns), "predict the samples in parts");
        if (inputs.Rows != network.InputSize)
            throw new CommandFailure($"{settings.DataDescription} has {inputs.Rows} inputs per sample, but {settings.Model} is a {network} network");
        Matrix outputs = network.Predict(inputs);
        if (network.Classes is { } classes) Output.WriteText(terminal, settings.Out, writer => DataFile.WriteClasses(writer, inputs, outputs, classes, names));
        else Output.WriteText(terminal, settings.Out, writer => DataFile.Write(writer, inputs, outputs, names));
        return ExitCodes.Success;
    }

    // Only the first --inputs columns (by default the model's input count) are read, with their names, which the output
    // keeps: a file of inputs alone will do, and any target columns are ignored.
    private static (Matrix Inputs, string[] Names) LoadInputs(Settings settings, int modelInputs)
    {
        DataSettings.RequireFile(settings.DataFile!, "--data");
        MemoryEstimate.Check(MemoryEstimate.CsvParsing(settings.DataFile!), $"{settings.DataFile} is too large to read here");
        return DataFile.LoadNamedInputs(settings.DataFile!, settings.Inputs ?? modelInputs);
    }
}
