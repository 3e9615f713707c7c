using System.Text.Json;

namespace Backprop.Tests.Support;

/// <summary>Reads the JSON fixtures that tools/reference/make_fixtures.py makes from the worksheet's own numpy code.</summary>
internal static class Fixture
{
    public static IEnumerable<JsonElement> Cases(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static Matrix Matrix(JsonElement rows) =>
        Backprop.Matrix.FromRows(rows.EnumerateArray().Select(r => (IReadOnlyList<double>)Numbers(r)).ToArray());

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static Network Network(JsonElement layers) =>
        new(layers.EnumerateArray().Select(l => new Layer(Matrix(l.GetProperty("weights")), Numbers(l.GetProperty("biases")))));
}
