using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop gradcheck</c>: backpropagation against finite differences, per layer; exits 1 above the tolerance.</summary>
internal sealed class GradCheckCommand(Terminal terminal) : Command<GradCheckCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("--tolerance <X>")]
        [Description("The largest relative error that passes, per layer, relative to the size of that layer's gradient.")]
        [DefaultValue(1e-6)]
        public double Tolerance { get; init; } = 1e-6;

        public override ValidationResult Validate() =>
            !(Tolerance > 0) || !double.IsFinite(Tolerance) ? ValidationResult.Error($"--tolerance must be a positive number, not {Tolerance}") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Network network = settings.LoadModel();
        GradientCheckResult result = GradientCheck.Run(network, settings.LoadDataFor(network, settings.Model!));
        for (int n = 1; n <= result.LayerErrors.Count; n++)
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"layer {n}: max relative error {result.LayerErrors[n - 1]:E2}"));
        bool passed = result.MaxError <= settings.Tolerance;
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gradcheck: {(passed ? "passed" : "FAILED")} max_relative_error={result.MaxError:E2} tolerance={settings.Tolerance:G}"));
        return passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
