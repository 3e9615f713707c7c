using System.ComponentModel;

using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop plot</c>: the figure of a saved model against its data (no training history, so no cost panel).</summary>
internal sealed class PlotCommand(Terminal terminal) : InterruptibleCommand<PlotCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Required. The figure to write: .png or .svg.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is null) return ValidationResult.Error("--out FILE.png|FILE.svg is required");
            if (!TrainingFigure.IsSupported(Out)) return ValidationResult.Error($"--out {Out}: the figure must be a .png or .svg file");
            return base.Validate();
        }
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [("--out", settings.Out)], [("--model", settings.Model), ("--data", settings.DataFile)]);
        Output.Check("--out", settings.Out!);
        Network network = settings.LoadModel();
        DataSet data = settings.LoadDataFor(network, settings.Model!);
        try
        {
            new TrainingFigure(data).Save(settings.Out!, network.Predict(data.Inputs), costHistory: null, network: network);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new CommandFailure($"the figure could not be drawn: {TrainingFigure.WhyNot(e)}");
        }
        terminal.Out.WriteLine($"wrote {settings.Out}");
        return ExitCodes.Success;
    }
}
