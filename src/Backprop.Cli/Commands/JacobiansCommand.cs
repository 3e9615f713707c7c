using System.Text.Json;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop jacobians</c>: the cost and every ∂C/∂W⁽ⁿ⁾, ∂C/∂b⁽ⁿ⁾ of a saved model, as JSON in the model's own shape.</summary>
internal sealed class JacobiansCommand(Terminal terminal) : InterruptibleCommand<ModelSettings>
{
    protected override int Run(CommandContext context, ModelSettings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [], [("--model", settings.Model), ("--data", settings.DataFile)]);
        Network network = settings.LoadModel();
        Gradients gradients = network.Backpropagate(settings.LoadDataFor(network, settings.Model!));
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("cost", gradients.Cost);
            LayersJson.Write(json, gradients.Layers);
            json.WriteEndObject();
        }
        Output.WriteText(terminal, path: null, writer => writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray())));
        return ExitCodes.Success;
    }
}
