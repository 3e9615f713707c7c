using System.Text.Json;

namespace Backprop;

/// <summary>
/// Reads and writes networks as JSON model files, the format other tools rely on:
/// <c>{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[…]], "biases": […]}]}</c>.
/// </summary>
/// <remarks>
/// <c>weights</c> rows are the layer's neurons and columns the previous layer's, as in W⁽ⁿ⁾. Numbers are written
/// in the shortest form that reads back to the same double. Files are written atomically.
/// </remarks>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "backprop/model";

    /// <summary>The version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The only activation this library knows.</summary>
    public const string Activation = "logistic";

    /// <summary>Write <paramref name="network"/> to <paramref name="path"/>, atomically (a crash never leaves a torn file).</summary>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        AtomicFile.Write(path, stream => Write(network, stream));
    }

    /// <summary>Write <paramref name="network"/> as model JSON to a stream.</summary>
    public static void Write(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("version", Version);
        json.WriteString("activation", Activation);
        LayersJson.Write(json, network.Layers);
        json.WriteEndObject();
    }

    /// <summary>Return the model JSON of <paramref name="network"/> as a string.</summary>
    public static string Serialize(Network network)
    {
        using var stream = new MemoryStream();
        Write(network, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Read a network from a model file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid model; the message names the file and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Network Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Read a network from model JSON; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a valid model; the message names the source and the problem.</exception>
    public static Network Parse(string json, string source = "model")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("the top level is not a JSON object");
            string? format = OptionalString(root, "format");
            if (format != Format) throw Invalid($"\"format\" is {Quote(format)}, expected \"{Format}\"");
            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number)
                throw Invalid("\"version\" is missing or not a number");
            if (!version.TryGetInt32(out int v) || v != Version) throw Invalid($"version {version.GetRawText()} is not supported (this reads version {Version})");
            string? activation = OptionalString(root, "activation");
            if (activation != Activation) throw Invalid($"\"activation\" is {Quote(activation)}, expected \"{Activation}\"");
            if (!root.TryGetProperty("layers", out JsonElement layers)) throw Invalid("\"layers\" is missing");
            return new Network(LayersJson.Read(layers));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement e) ? e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText() : null;

    private static string Quote(string? value) => value is null ? "missing" : $"\"{value}\"";

    internal static InvalidDataException Invalid(string message) => new(message);
}
