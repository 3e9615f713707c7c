using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop data heart</c>: the worksheet's training data as CSV.</summary>
internal sealed class DataHeartCommand(Terminal terminal) : InterruptibleCommand<DataHeartCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--points <N>")]
        [Description("How many points along the heart.")]
        [DefaultValue(DataSettings.DefaultPoints)]
        public int Points { get; init; } = DataSettings.DefaultPoints;

        [CommandOption("--out <FILE>")]
        [Description("Write the CSV here instead of to standard output.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Points is < 1 or > 100_000_000 ? ValidationResult.Error($"--points must be from 1 to 100000000, not {Points}") : ValidationResult.Success();
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Out is not null) Output.Check("--out", settings.Out);
        DataSet data = HeartData.Create(settings.Points);
        Output.WriteText(terminal, settings.Out, writer => DataFile.Write(writer, data));
        return ExitCodes.Success;
    }
}
