using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary>
/// <c>backprop train</c> beyond the worksheet: class labels, the header rule, target ranges, optimizers, validation,
/// early stopping and stalled runs; and <c>predict</c> and <c>evaluate</c> on what it writes, each checked against the
/// other or against numbers worked out here from the data.
/// </summary>
public sealed partial class GeneralTrainingTests : TempFolderTest
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [GeneratedRegex(@"^trained: iterations=(?<iterations>\d+) cost=(?<cost>\S+) seconds=\S+ us_per_iteration=\S+(?: validation_cost=(?<vcost>\S+))?(?: validation_accuracy=(?<vaccuracy>\S+))? outcome=(?<outcome>\S+)$")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^iteration=(?<iteration>\d+) cost=(?<cost>\S+)(?: validation_cost=(?<vcost>\S+))?(?: validation_accuracy=(?<vaccuracy>\S+))?$")]
    private static partial Regex SnapshotLine();

    [GeneratedRegex(@"^evaluated: samples=(?<samples>\d+) cost=(?<cost>\S+) (?<metric>accuracy|r2)=(?<value>\S+)$")]
    private static partial Regex EvaluatedLine();

    [GeneratedRegex(@"kept the weights of iteration (?<best>\d+)")]
    private static partial Regex KeptWeights();

    // ---------------------------------------------------------------- data made here

    private sealed record Sample(double X1, double X2, string Label);

    private static readonly Dictionary<string, (double X, double Y)> BlobCentres = new()
    {
        ["a"] = (0, 0), ["b"] = (6, 0), ["c"] = (3, 5),
    };

    // Three well-separated Gaussian blobs (σ = 1, centres 5 or more apart), labels in the file in shuffled order.
    private static Sample[] Blobs(int count, int seed)
    {
        var random = new Random(seed);
        string[] cycle = ["c", "a", "b"];
        var samples = new Sample[count];
        for (int s = 0; s < count; s++)
        {
            string label = cycle[s % 3];
            (double cx, double cy) = BlobCentres[label];
            samples[s] = new Sample(cx + Normal(random), cy + Normal(random), label);
        }
        random.Shuffle(samples);
        return samples;
    }

    private static double Normal(Random random) =>   // Box–Muller
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private string WriteSamples(string name, IEnumerable<Sample> samples)
    {
        var text = new System.Text.StringBuilder("x1,x2,label\n");
        foreach (Sample s in samples)
            text.Append(s.X1.ToString("R", Invariant)).Append(',').Append(s.X2.ToString("R", Invariant)).Append(',').Append(s.Label).Append('\n');
        File.WriteAllText(PathOf(name), text.ToString());
        return PathOf(name);
    }

    private string WriteCsv(string name, string content)
    {
        File.WriteAllText(PathOf(name), content);
        return PathOf(name);
    }

    // ---------------------------------------------------------------- reading what the commands print

    private static Match Summary(CliRunner.Run run)
    {
        Match summary = SummaryLine().Match(run.OutLines[^1]);
        Assert.True(summary.Success, $"not a summary line: {run.OutLines[^1]}\n{run.Error}");
        return summary;
    }

    private static double Number(Group group) => double.Parse(group.Value, NumberStyles.Float, Invariant);

    private static Match Evaluate(string model, string data)
    {
        CliRunner.Run run = CliRunner.InProcess("evaluate", "--model", model, "--data", data);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Single(run.OutLines);
        Match evaluated = EvaluatedLine().Match(run.OutLines[0]);
        Assert.True(evaluated.Success, run.OutLines[0]);
        return evaluated;
    }

    private sealed record Prediction(double[] Inputs, string Label, double[] Probabilities);

    private static (string[] Header, Prediction[] Rows) PredictClasses(string model, string data, int inputs)
    {
        CliRunner.Run run = CliRunner.InProcess("predict", "--model", model, "--data", data);
        Assert.True(run.ExitCode == 0, run.Error);
        string[] header = run.OutLines[0].Split(',');
        Prediction[] rows = run.OutLines.Skip(1).Select(line =>
        {
            string[] fields = line.Split(',');
            return new Prediction(fields[..inputs].Select(f => double.Parse(f, NumberStyles.Float, Invariant)).ToArray(), fields[inputs],
                fields[(inputs + 1)..].Select(f => double.Parse(f, NumberStyles.Float, Invariant)).ToArray());
        }).ToArray();
        return (header, rows);
    }

    private static JsonDocument ModelJson(string path) => JsonDocument.Parse(File.ReadAllText(path));

    private static string[] ClassesOf(string model)
    {
        using JsonDocument json = ModelJson(model);
        return json.RootElement.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static double SumOfSquaredWeights(string model)
    {
        using JsonDocument json = ModelJson(model);
        return json.RootElement.GetProperty("layers").EnumerateArray()
            .SelectMany(layer => layer.GetProperty("weights").EnumerateArray().SelectMany(row => Numbers(row)))
            .Sum(w => w * w);
    }

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    // The blobs trained as the brief's example: a 2,6,3 classifier that separates them.
    private static readonly string[] ClassifierOptions =
        ["--recipe", "worksheet", "--classes", "--standardize", "--layers", "6", "--optimizer", "adam", "--learning-rate", "0.05", "--iterations", "300", "--log-every", "100", "--no-plot"];

    private (string Data, string Model, Sample[] Samples) TrainedClassifier()
    {
        Sample[] samples = Blobs(60, seed: 7);
        string data = WriteSamples("blobs.csv", samples);
        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--model-out", PathOf("m.json"), .. ClassifierOptions]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("completed", Summary(run).Groups["outcome"].Value);
        return (data, PathOf("m.json"), samples);
    }
}
