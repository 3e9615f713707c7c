using System.Text.Json;

namespace Backprop;

/// <summary>
/// Reads and writes networks as JSON model files, the format other tools rely on (docs/MODEL_FORMAT.md is the contract).
/// </summary>
/// <remarks>
/// Version 1, the worksheet's network: <c>{"format": "backprop/model", "version": 1, "activation": "logistic",
/// "layers": [{"weights": [[…]], "biases": […]}]}</c>. Version 2 adds what the general trainer needs: each layer's
/// <c>"activation"</c>, the top-level <c>"loss"</c>, and optional <c>"inputScaling": {"mean": […], "std": […]}</c> and
/// <c>"classes": […]</c>. Version 3 adds <c>"inputFeatures": {"inputs": 2, "features": ["x1", "x1^2", …]}</c>, the
/// features layer 1 takes, and is written only for a network that has them. Version 4 adds <c>"precision": "float32"</c>
/// and is written only for a float32 network (<see cref="Network.Precision"/>; every earlier version is float64). A network that uses none of them (logistic
/// everywhere, squared loss) is written as version 1, so the worksheet's files stay as they were; every version is read. <c>weights</c> rows are the layer's neurons and
/// columns the previous layer's, as in W⁽ⁿ⁾. Numbers are written in the shortest form that reads back to the same
/// double. Files are written atomically.
/// </remarks>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "backprop/model";

    /// <summary>The newest version this library writes and reads.</summary>
    public const int Version = 4;

    /// <summary>The activation of every layer in a version 1 file.</summary>
    public const string Version1Activation = "logistic";

    /// <summary>Write <paramref name="network"/> to <paramref name="path"/>, atomically (a crash never leaves a torn file).</summary>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckFinite(network);
        AtomicFile.Write(path, stream => Write(network, stream));
    }

    /// <summary>Return the version <paramref name="network"/> is written in: 4 in float32, else 3 with input features, else 1 unless it uses a version 2 field.</summary>
    public static int VersionFor(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Precision != Precision.Float64) return 4;
        if (network.InputFeatures is not null) return 3;
        bool worksheet = network.Layers.All(layer => layer.Activation == Backprop.Activation.Logistic) && network.Loss == Loss.Squared
            && network.InputScaling is null && network.Classes is null && network.TargetScaling is null;
        return worksheet ? 1 : 2;
    }

    /// <summary>Write <paramref name="network"/> as model JSON to a stream.</summary>
    public static void Write(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckFinite(network);
        int version = VersionFor(network);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("version", version);
        if (version == 1) json.WriteString("activation", Version1Activation);
        else
        {
            json.WriteString("loss", network.Loss.Name);
            if (version >= 4) json.WriteString("precision", Catalog.PrecisionOf(network.Precision).Name);
            if (network.InputFeatures is { } features)
            {
                json.WriteStartObject("inputFeatures");
                json.WriteNumber("inputs", features.InputSize);
                json.WriteStartArray("features");
                foreach (InputFeature feature in features.Features) json.WriteStringValue(feature.Name);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (network.InputScaling is { } scaling)
            {
                json.WriteStartObject("inputScaling");
                LayersJson.WriteNumbers(json, "mean", scaling.Mean);
                LayersJson.WriteNumbers(json, "std", scaling.StandardDeviation);
                json.WriteEndObject();
            }
            if (network.TargetScaling is { } targetScaling)
            {
                json.WriteStartObject("targetScaling");
                LayersJson.WriteNumbers(json, "mean", targetScaling.Mean);
                LayersJson.WriteNumbers(json, "std", targetScaling.StandardDeviation);
                json.WriteEndObject();
            }
            if (network.Classes is { } classes)
            {
                json.WriteStartArray("classes");
                foreach (string label in classes) json.WriteStringValue(label);
                json.WriteEndArray();
            }
        }
        LayersJson.Write(json, network.Layers, withActivations: version >= 2);
        json.WriteEndObject();
    }

    /// <summary>Return the model JSON of <paramref name="network"/> as a string.</summary>
    public static string Serialize(Network network)
    {
        using var stream = new MemoryStream();
        Write(network, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The largest model file read: 512 MiB, some 25 million parameters, more than any network this tool trains.</summary>
    public const int MaxFileBytes = 512 << 20;

    /// <summary>Read a network from a model file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid model, or larger than <see cref="MaxFileBytes"/> (or endless, as
    /// <c>/dev/zero</c>); the message names the file and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Network Load(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (file.CanSeek && file.Length > MaxFileBytes) throw TooLarge(path);
        var bytes = new MemoryStream();
        var buffer = new byte[1 << 16];
        for (int read; (read = file.Read(buffer)) > 0;)   // a device or FIFO has no length: count as it comes
        {
            if (bytes.Length + read > MaxFileBytes) throw TooLarge(path);
            bytes.Write(buffer, 0, read);
            if (bytes.Length == read && WideText(buffer.AsSpan(0, read)) is { } encoding)
                throw new InvalidDataException($"{path}: model files are UTF-8 JSON, and this one is {encoding}; save it as UTF-8");
            if (bytes.Length == read && !BeginsLikeJson(buffer.AsSpan(0, read)))   // /dev/zero, /dev/urandom, a picture: at once
                throw new InvalidDataException($"{path}: not a model file (a model is a JSON object, beginning with {{)");
        }
        string json;
        try
        {
            json = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.GetBuffer(), 0, (int)bytes.Length).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new InvalidDataException($"{path}: not a model file (not UTF-8 text)");
        }
        return Parse(json, path);
    }

    // JSON has no NaN or ∞: a network holding one cannot be written, and the error says where it is.
    private static void CheckFinite(Network network)
    {
        for (int n = 1; n <= network.Layers.Count; n++)
        {
            Layer layer = network.Layers[n - 1];
            for (int j = 0; j < layer.OutputSize; j++)
            {
                for (int k = 0; k < layer.InputSize; k++)
                    if (!double.IsFinite(layer.Weights[j, k]))
                        throw new ArgumentException($"layer {n}, weight ({j + 1}, {k + 1}) is {layer.Weights[j, k]}; a model with parameters that are not finite cannot be saved", nameof(network));
                if (!double.IsFinite(layer.Biases[j]))
                    throw new ArgumentException($"layer {n}, bias {j + 1} is {layer.Biases[j]}; a model with parameters that are not finite cannot be saved", nameof(network));
            }
        }
    }

    // UTF-16 or UTF-32 text, named: the first bytes, read in that encoding (after its byte order mark, if any), are
    // plain characters beginning, after white space, with the '{' a model begins with. Null for anything else (UTF-8,
    // whose JSON has no zero bytes, and /dev/zero or random bytes, which read as no such text).
    private static string? WideText(ReadOnlySpan<byte> start)
    {
        foreach ((string name, System.Text.Encoding encoding, int unit) in WideEncodings)
        {
            ReadOnlySpan<byte> text = start.StartsWith(encoding.Preamble) ? start[encoding.Preamble.Length..] : start;
            int length = Math.Min(text.Length, 8 * unit) / unit * unit;
            if (length == 0) continue;
            string characters = encoding.GetString(text[..length]);
            bool plain = characters.All(c => c is '\t' or '\r' or '\n' || c is >= ' ' and < '\x7F');
            if (plain && characters.TrimStart(' ', '\t', '\r', '\n') is ['{', ..]) return name;
        }
        return null;
    }

    // UTF-32 first: its little-endian byte order mark begins with UTF-16's.
    private static readonly (string Name, System.Text.Encoding Encoding, int Unit)[] WideEncodings =
    [
        ("UTF-32", new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: true), 4),
        ("UTF-32", new System.Text.UTF32Encoding(bigEndian: true, byteOrderMark: true), 4),
        ("UTF-16", new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true), 2),
        ("UTF-16", new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: true), 2),
    ];

    // The first byte that is not white space (after a UTF-8 byte order mark) is '{', or there is none yet.
    private static bool BeginsLikeJson(ReadOnlySpan<byte> start)
    {
        if (start.StartsWith("\uFEFF"u8)) start = start[3..];
        start = start.TrimStart(" \t\r\n"u8);
        return start.IsEmpty || start[0] == (byte)'{';
    }

    private static InvalidDataException TooLarge(string path) =>
        new($"{path}: larger than {MaxFileBytes >> 20} MiB, more than any model this tool writes; is it a model file?");

    /// <summary>Read a network from model JSON; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a valid model; the message names the source and the problem.</exception>
    public static Network Parse(string json, string source = "model")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid("the top level is not a JSON object");
            string? format = OptionalString(root, "format");
            if (format != Format) throw Invalid($"\"format\" is {Quote(format)}, expected \"{Format}\"");
            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number)
                throw Invalid("\"version\" is missing or not a number");
            if (!version.TryGetInt32(out int v) || v is < 1 or > Version)
                throw Invalid($"version {version.GetRawText()} is not supported (this reads versions 1 to {Version})");
            if (!root.TryGetProperty("layers", out JsonElement layers)) throw Invalid("\"layers\" is missing");
            return v == 1 ? ReadVersion1(root, layers) : ReadVersion2(root, layers, v);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(e.LineNumber is { } line
                ? $"{source}: not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})"
                : System.Text.RegularExpressions.Regex.Match(e.Message, "^Duplicate property '(.*?)'") is { Success: true } duplicate
                    ? $"{source}: \"{duplicate.Groups[1].Value}\" appears twice in one object"
                    : $"{source}: not a valid model ({e.Message.TrimEnd('.')})", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    private static Network ReadVersion1(JsonElement root, JsonElement layers)
    {
        string? activation = OptionalString(root, "activation");
        if (activation != Version1Activation) throw Invalid($"\"activation\" is {Quote(activation)}, expected \"{Version1Activation}\"");
        return new Network(LayersJson.Read(layers));
    }

    // Versions 2 to 4: version 3 is version 2 with "inputFeatures", version 4 version 3 with "precision".
    private static Network ReadVersion2(JsonElement root, JsonElement layers, int version)
    {
        string? lossName = OptionalString(root, "loss");
        Loss loss = Loss.FromName(lossName)
            ?? throw Invalid($"\"loss\" is {Quote(lossName)}; expected one of {string.Join(", ", Loss.All.Select(l => $"\"{l.Name}\""))}");
        IReadOnlyList<Layer> read = LayersJson.Read(layers, withActivations: true);
        for (int n = 1; n < read.Count; n++)
            if (!read[n - 1].Activation.IsElementWise) throw Invalid($"layer {n}: \"{read[n - 1].Activation}\" is for the output layer only");
        if (read[^1].Activation == Backprop.Activation.Softmax && read[^1].OutputSize == 1)
            throw Invalid($"layer {read.Count}: a \"softmax\" output layer needs more than one neuron");
        if (!loss.Supports(read[^1].Activation))
            throw Invalid($"the \"{loss}\" loss needs a logistic or softmax output layer, not \"{read[^1].Activation}\"");
        InputFeatures? features = null;
        if (root.TryGetProperty("inputFeatures", out JsonElement f))
        {
            if (version < 3) throw Invalid($"\"inputFeatures\" is a version 3 field, but the file says version {version}");
            features = ReadFeatures(f, read[0].InputSize);
        }
        InputScaling? scaling = root.TryGetProperty("inputScaling", out JsonElement s)
            ? ReadScaling(s, "inputScaling", read[0].InputSize, "layer 1 takes {0} inputs", (m, d) => new InputScaling(m, d)) : null;
        IReadOnlyList<string>? classes = root.TryGetProperty("classes", out JsonElement c) ? ReadClasses(c, read[^1].OutputSize) : null;
        TargetScaling? targetScaling = root.TryGetProperty("targetScaling", out JsonElement t)
            ? ReadScaling(t, "targetScaling", read[^1].OutputSize, $"layer {read.Count} has {{0}} outputs", (m, d) => new TargetScaling(m, d)) : null;
        if (targetScaling is not null && classes is not null) throw Invalid("\"targetScaling\" is for a regression, but the model has \"classes\"");
        Precision precision = Precision.Float64;
        if (root.TryGetProperty("precision", out JsonElement p))
        {
            if (version < 4) throw Invalid($"\"precision\" is a version 4 field, but the file says version {version}");
            string? name = p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            precision = Catalog.PrecisionFromName(name)?.Kind
                ?? throw Invalid($"\"precision\" is {(name is null ? p.GetRawText() : Quote(name))}; expected {string.Join(" or ", Catalog.Precisions.Select(c => $"\"{c.Name}\""))}");
        }
        return new Network(read, loss, scaling, classes, targetScaling, features, precision);
    }

    // "inputFeatures": the number of inputs a sample has, and one feature name per input of layer 1.
    private static InputFeatures ReadFeatures(JsonElement features, int layerInputs)
    {
        if (features.ValueKind != JsonValueKind.Object) throw Invalid("\"inputFeatures\" is not an object");
        if (!features.TryGetProperty("inputs", out JsonElement inputs) || !inputs.TryGetInt32(out int d) || d < 1)
            throw Invalid("\"inputFeatures\": \"inputs\" is missing or not a whole number from 1");
        if (!features.TryGetProperty("features", out JsonElement names) || names.ValueKind != JsonValueKind.Array)
            throw Invalid("\"inputFeatures\": \"features\" is missing or not an array");
        var list = new List<InputFeature>();
        foreach ((JsonElement name, int i) in names.EnumerateArray().Select((e, i) => (e, i + 1)))
            list.Add(InputFeature.FromName(name.ValueKind == JsonValueKind.String ? name.GetString() : null)
                ?? throw Invalid($"\"inputFeatures\": feature {i} is {name.GetRawText()}, not a feature (xi, xi^2, xi*xj or sin(xi))"));
        if (list.Count != layerInputs) throw Invalid($"\"inputFeatures\" names {list.Count} features, but layer 1 takes {layerInputs} inputs");
        return InputFeatures.Problem(d, list) is { } problem ? throw Invalid($"\"inputFeatures\": {problem}") : new InputFeatures(d, list);
    }

    // "inputScaling" or "targetScaling": a mean and a positive std per input (output).
    private static T ReadScaling<T>(JsonElement scaling, string field, int size, string sizeInWords, Func<double[], double[], T> create)
    {
        if (scaling.ValueKind != JsonValueKind.Object) throw Invalid($"\"{field}\" is not an object");
        if (!scaling.TryGetProperty("mean", out JsonElement mean)) throw Invalid($"\"{field}\": \"mean\" is missing");
        if (!scaling.TryGetProperty("std", out JsonElement std)) throw Invalid($"\"{field}\": \"std\" is missing");
        double[] m = LayersJson.ReadFiniteNumbers(mean, $"\"{field}\": mean"), d = LayersJson.ReadFiniteNumbers(std, $"\"{field}\": std");
        if (m.Length != size || d.Length != size)
            throw Invalid($"\"{field}\" has {m.Length} means and {d.Length} standard deviations, but {string.Format(System.Globalization.CultureInfo.InvariantCulture, sizeInWords, size)}");
        for (int i = 0; i < d.Length; i++)
            if (!(d[i] > 0)) throw Invalid($"\"{field}\": std value {i + 1} is {d[i]}; it must be positive");
        return create(m, d);
    }

    private static string[] ReadClasses(JsonElement classes, int outputs)
    {
        if (classes.ValueKind != JsonValueKind.Array) throw Invalid("\"classes\" is not an array");
        string[] labels = [.. classes.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.String
            ? e.GetString()! : throw Invalid($"\"classes\" value {i + 1} is {e.GetRawText()}, not a string"))];
        if (labels.Length != outputs) throw Invalid($"\"classes\" has {labels.Length} labels, but the output layer has {outputs} neurons");
        if (labels.Distinct().Count() != labels.Length) throw Invalid("\"classes\" has a label twice");
        return labels;
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement e) ? e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText() : null;

    private static string Quote(string? value) => Excerpt.Quoted(value);

    internal static InvalidDataException Invalid(string message) => new(message);
}
