using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop gradcheck</c>: backpropagation against finite differences, per layer; exits 1 above the tolerance.</summary>
internal sealed class GradCheckCommand(Terminal terminal) : InterruptibleCommand<GradCheckCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("--tolerance <X>")]
        [Description("The largest relative error that passes, per layer, relative to the size of that layer's gradient. Default 0.000001.")]
        public double Tolerance { get; init; } = 1e-6;

        [CommandOption("--step <H>")]
        [Description("The relative finite-difference step. Default 0.001 for logistic networks (the worksheet's), 0.00001 for others.")]
        public double? Step { get; init; }

        public override ValidationResult Validate()
        {
            if (!(Tolerance > 0) || !double.IsFinite(Tolerance)) return ValidationResult.Error($"--tolerance must be a positive number, not {PlainNumber.Format(Tolerance)}");
            if (Step is { } h && !(h > 0 && h < 1)) return ValidationResult.Error($"--step must be between 0 and 1, not {PlainNumber.Format(h)}");
            return base.Validate();
        }
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [], [("--model", settings.Model), ("--data", settings.DataFile)]);
        Network network = settings.LoadModel();
        GradientCheckResult result = GradientCheck.Run(network, settings.LoadDataFor(network, settings.Model!), settings.Step, cancellationToken);
        for (int n = 1; n <= result.LayerErrors.Count; n++)
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"layer {n}: max relative error {PlainNumber.Format(result.LayerErrors[n - 1], "G3")}"));
        bool passed = result.MaxError <= settings.Tolerance;
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gradcheck: {(passed ? "passed" : "FAILED")} max_relative_error={PlainNumber.Format(result.MaxError, "G3")} tolerance={PlainNumber.Format(settings.Tolerance)}"));
        if (!passed && network.Layers.FirstOrDefault(layer => layer.Activation.HasKink) is { } kinked)
            terminal.Out.WriteLine($"note: {kinked.Activation} is not differentiable at z = 0; a sample within the step of it fails the check without a wrong gradient: try a smaller --step");
        return passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
