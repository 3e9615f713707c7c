using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop predict</c>: a saved model's outputs for the inputs of a CSV file.</summary>
internal sealed class PredictCommand(Terminal terminal) : Command<PredictCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Write the CSV here instead of to standard output.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            DataFile is null && Points is null ? ValidationResult.Error("--data FILE.csv is required (or --points N for heart inputs)") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Network network = settings.LoadModel();
        DataSet data = settings.LoadDataFor(network, settings.Model!);
        Matrix outputs = network.Predict(data.Inputs);
        Output.WriteText(terminal, settings.Out, writer => DataFile.Write(writer, data.Inputs, outputs));
        return ExitCodes.Success;
    }
}
