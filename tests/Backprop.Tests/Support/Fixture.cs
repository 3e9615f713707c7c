using System.Text.Json;

namespace Backprop.Tests.Support;

/// <summary>Reads the JSON fixtures that tools/reference/make_fixtures.py makes from the worksheet's own numpy code.</summary>
internal static class Fixture
{
    public static IEnumerable<JsonElement> Cases(string file, string section = "cases")
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty(section).EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>A network with per-layer activations and a loss, as tools/reference/make_torch_fixtures.py writes them.</summary>
    public static Network Network(JsonElement layers, JsonElement activations, JsonElement loss)
    {
        string[] names = activations.EnumerateArray().Select(a => a.GetString()!).ToArray();
        return new(layers.EnumerateArray().Select((l, i) =>
                new Layer(Matrix(l.GetProperty("weights")), Numbers(l.GetProperty("biases")), Activation.FromName(names[i]) ?? throw new ArgumentException(names[i]))),
            Loss.FromName(loss.GetString()) ?? throw new ArgumentException(loss.GetString()));
    }

    public static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static Matrix Matrix(JsonElement rows) =>
        Backprop.Matrix.FromRows(rows.EnumerateArray().Select(r => (IReadOnlyList<double>)Numbers(r)).ToArray());

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static Network Network(JsonElement layers) =>
        new(layers.EnumerateArray().Select(l => new Layer(Matrix(l.GetProperty("weights")), Numbers(l.GetProperty("biases")))));
}
