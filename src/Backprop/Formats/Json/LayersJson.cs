using System.Text.Json;

namespace Backprop;

/// <summary>
/// The <c>"layers": [{"weights": [[…]], "biases": […]}, …]</c> part shared by model files and printed Jacobians.
/// </summary>
internal static class LayersJson
{
    /// <summary>Write <c>"layers": […]</c> as a property of the current JSON object.</summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="layers">The layers (or Jacobians in the layers' shape).</param>
    /// <param name="withActivations">Whether each layer gets its <c>"activation"</c> (model format version 2).</param>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<Layer> layers, bool withActivations = false)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Write(json, layers.Select(layer => (layer.Weights, layer.Biases, withActivations ? layer.Activation.Name : null)));
    }

    /// <summary>Write <c>"layers": […]</c> of Jacobians, ∂C/∂W⁽ⁿ⁾ as weights and ∂C/∂b⁽ⁿ⁾ as biases, as a property of the current JSON object.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<LayerGradient> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        Write(json, gradients.Select(gradient => (gradient.Weights, gradient.Biases, (string?)null)));
    }

    private static void Write(Utf8JsonWriter json, IEnumerable<(Matrix Weights, double[] Biases, string? Activation)> layers)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartArray("layers");
        foreach ((Matrix weights, double[] biases, string? activation) in layers)
        {
            json.WriteStartObject();
            if (activation is not null) json.WriteString("activation", activation);
            json.WriteStartArray("weights");
            for (int j = 0; j < weights.Rows; j++) WriteNumbers(json, weights.Row(j));
            json.WriteEndArray();
            json.WritePropertyName("biases");
            WriteNumbers(json, biases);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Read layers from a JSON array, checking shapes, sizes between layers and finiteness.</summary>
    /// <param name="layers">The array.</param>
    /// <param name="withActivations">Whether each layer must name its <c>"activation"</c> (version 2); otherwise all are logistic.</param>
    /// <exception cref="InvalidDataException">Something is missing, ragged, inconsistent or not a finite number; the message says what and where.</exception>
    public static IReadOnlyList<Layer> Read(JsonElement layers, bool withActivations = false)
    {
        if (layers.ValueKind != JsonValueKind.Array) throw Invalid("\"layers\" is not an array");
        if (layers.GetArrayLength() == 0) throw Invalid("\"layers\" is empty");
        var result = new List<Layer>();
        int n = 0;
        foreach (JsonElement layer in layers.EnumerateArray())
        {
            n++;
            if (layer.ValueKind != JsonValueKind.Object) throw Invalid($"layer {n} is not an object");
            if (!layer.TryGetProperty("weights", out JsonElement weights) || weights.ValueKind != JsonValueKind.Array)
                throw Invalid($"layer {n}: \"weights\" is missing or not an array");
            if (!layer.TryGetProperty("biases", out JsonElement biases)) throw Invalid($"layer {n}: \"biases\" is missing");
            var rows = new List<double[]>();
            foreach (JsonElement row in weights.EnumerateArray())
                rows.Add(ReadNumbers(row, $"layer {n}: weights row {rows.Count + 1}"));
            if (rows.Count == 0) throw Invalid($"layer {n}: \"weights\" has no rows");
            int columns = rows[0].Length;
            if (columns == 0) throw Invalid($"layer {n}: weights row 1 is empty");
            for (int j = 1; j < rows.Count; j++)
                if (rows[j].Length != columns)
                    throw Invalid($"layer {n}: weights row {j + 1} has {rows[j].Length} values but row 1 has {columns} (weights must be rectangular)");
            double[] b = ReadNumbers(biases, $"layer {n}: biases");
            if (b.Length != rows.Count) throw Invalid($"layer {n}: {b.Length} biases for {rows.Count} weight rows (neurons)");
            if (result.Count > 0 && columns != result[^1].OutputSize)
                throw Invalid($"layer {n}: weights have {columns} columns but layer {n - 1} has {result[^1].OutputSize} neurons");
            result.Add(new Layer(Matrix.FromRows(rows), b, withActivations ? ReadActivation(layer, n) : Activation.Logistic));
        }
        return result;
    }

    private static Activation ReadActivation(JsonElement layer, int n)
    {
        if (!layer.TryGetProperty("activation", out JsonElement name)) throw Invalid($"layer {n}: \"activation\" is missing");
        return Activation.FromName(name.ValueKind == JsonValueKind.String ? name.GetString() : null)
            ?? throw Invalid($"layer {n}: \"activation\" is {name.GetRawText()}; expected one of {string.Join(", ", Activation.All.Select(a => $"\"{a.Name}\""))}");
    }

    /// <summary>Write a property holding an array of numbers.</summary>
    internal static void WriteNumbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WritePropertyName(name);
        WriteNumbers(json, values.ToArray());
    }

    /// <summary>Read an array of finite numbers; <paramref name="where"/> names it in errors.</summary>
    internal static double[] ReadFiniteNumbers(JsonElement array, string where) => ReadNumbers(array, where);

    private static void WriteNumbers(Utf8JsonWriter json, ReadOnlySpan<double> values)
    {
        json.WriteStartArray();
        foreach (double v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    private static double[] ReadNumbers(JsonElement array, string where)
    {
        if (array.ValueKind != JsonValueKind.Array) throw Invalid($"{where} is not an array of numbers");
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number) throw Invalid($"{where}, value {i + 1} is {e.GetRawText()}, not a number");
            if (!e.TryGetDouble(out double v) || !double.IsFinite(v)) throw Invalid($"{where}, value {i + 1} ({e.GetRawText()}) is not a finite double");
            values[i++] = v;
        }
        return values;
    }

    private static InvalidDataException Invalid(string message) => ModelFile.Invalid(message);
}
