using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop export</c>: a saved model as an ONNX model, for any engine that serves ONNX.</summary>
internal sealed class ExportCommand(Terminal terminal) : InterruptibleCommand<ExportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--model <FILE>")]
        [Description("Required. The model file (JSON, as train writes it).")]
        public string? Model { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("The ONNX file to write. Default: the model's name with .onnx (model.json → model.onnx).")]
        public string? Out { get; init; }

        [CommandOption("--precision <NAME>")]
        [Description("What the ONNX graph computes in: float64 (the weights exactly) or float32 (half the size, faster on most engines; a float64 model's outputs to about 0.000001). Default: the model's own (train --precision).")]
        public string? Precision { get; init; }

        [CommandOption("--float32")]
        [Description("The same as --precision float32.")]
        public bool Float32 { get; init; }

        /// <summary>The precision asked for, or null for the model's own.</summary>
        public Precision? PrecisionAsked => Float32 ? Backprop.Precision.Float32 : PrecisionOption.Parse(Precision);

        /// <summary>The file to write.</summary>
        public string OutPath => Out ?? Path.ChangeExtension(Model!, ".onnx");

        public override ValidationResult Validate()
        {
            if (Model is null) return ValidationResult.Error("--model FILE is required");
            if (PrecisionOption.Problem(Precision) is { } precisionError) return ValidationResult.Error(precisionError);
            if (Float32 && Precision is not null && Precision != "float32") return ValidationResult.Error($"--float32 and --precision {Precision} disagree: give one");
            if (Out is null && Path.GetExtension(Model).Equals(".onnx", StringComparison.OrdinalIgnoreCase))
                return ValidationResult.Error($"--model {Model} already ends in .onnx; name the output with --out");
            return ValidationResult.Success();
        }
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [("--out", settings.OutPath)], [("--model", settings.Model)]);
        Output.Check("--out", settings.OutPath);
        Network network = ModelSettings.LoadModel(settings.Model!);
        Precision precision = settings.PrecisionAsked ?? network.Precision;
        OnnxExport.Save(network, settings.OutPath, precision);
        string type = Catalog.PrecisionOf(precision).Name;
        terminal.Out.WriteLine($"wrote {settings.OutPath}: ONNX opset {OnnxExport.Opset}, {type}, input \"{OnnxExport.InputName}\" [N, {network.InputSize}], output \"{OnnxExport.OutputName}\" [N, {network.OutputSize}]"
            + (network.Classes is { } classes ? $", the probabilities of {string.Join(", ", classes.Select(Excerpt.Quoted))}; output \"{OnnxExport.LabelName}\" [N], the most probable" : ""));
        return ExitCodes.Success;
    }
}
