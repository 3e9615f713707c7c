using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary>
/// <c>train --features</c>: the model keeps them, and <c>predict</c>, <c>evaluate</c>, <c>plot</c> and <c>export</c>
/// take the data's own columns and apply them, checked against a forward pass worked out here from the model file.
/// </summary>
public sealed partial class FeaturesCommandTests : TempFolderTest
{
    [GeneratedRegex(@"^evaluated: samples=(?<samples>\d+) cost=(?<cost>\S+) r2=\S+$")]
    private static partial Regex EvaluatedLine();

    private string TrainCircles(string features)
    {
        Succeeds("data", ["circles", "--points", "120", "--out", PathOf("c.csv")]);
        CliRunner.Run train = Succeeds("train", ["--data", PathOf("c.csv"), "--features", features, "--layers", "3", "--activation", "tanh",
            "--iterations", "200", "--model-out", PathOf("m.json"), "--no-figure"]);
        Assert.Contains($", features {features}, features standardized", train.Out);
        return PathOf("m.json");
    }

    [Fact]
    public void PredictAndEvaluate_ApplyTheModelsFeatures_ToTheDataColumns()
    {
        string model = TrainCircles("x1^2,x2^2,x1*x2,sin(x2)");
        Succeeds("predict", ["--model", model, "--data", PathOf("c.csv"), "--out", PathOf("p.csv")]);
        CliRunner.Run evaluate = Succeeds("evaluate", ["--model", model, "--data", PathOf("c.csv")]);

        string[][] data = [.. File.ReadAllLines(PathOf("c.csv")).Skip(1).Select(l => l.Split(','))];
        string[][] predicted = [.. File.ReadAllLines(PathOf("p.csv")).Skip(1).Select(l => l.Split(','))];
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(model));
        Assert.Equal(3, json.RootElement.GetProperty("version").GetInt32());
        double squares = 0;
        for (int s = 0; s < data.Length; s++)
        {
            double x1 = Number(data[s][0]), x2 = Number(data[s][1]), y = Number(data[s][2]);
            double expected = ByHand(json.RootElement, [x1 * x1, x2 * x2, x1 * x2, Math.Sin(x2)]);
            Assert.Equal(expected, Number(predicted[s][2]), 1e-12);
            squares += (expected - y) * (expected - y);
        }
        Match line = EvaluatedLine().Match(evaluate.OutLines[^1]);
        Assert.True(line.Success, evaluate.Out);
        Assert.Equal(squares / data.Length, Number(line.Groups["cost"].Value), 1e-8);
    }

    [Fact]
    public void PlotAndExport_TakeTheDataColumns()
    {
        string model = TrainCircles("x1^2,x2^2");

        Succeeds("plot", ["--model", model, "--data", PathOf("c.csv"), "--out", PathOf("plot.png")]);
        CliRunner.Run export = Succeeds("export", ["--model", model]);

        Assert.True(new FileInfo(PathOf("plot.png")).Length > 1000);
        Assert.Contains("input \"input\" [N, 2], output \"output\" [N, 1]", export.Out);
    }

    [Theory]
    [InlineData("x3", "--features \"x3\": x3 uses input 3, but the data has 2 inputs")]
    [InlineData("x1,cos(x1)", "--features: \"cos(x1)\" is not a feature: each is xi, xi^2, xi*xj or sin(xi)")]
    [InlineData("x1,x1", "--features \"x1,x1\": x1 is named twice")]
    public void BadFeatures_AreRefused_WithOneLine(string features, string message)
    {
        Succeeds("data", ["moons", "--points", "40", "--out", PathOf("m.csv")]);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("m.csv"), "--features", features, "--model-out", PathOf("model.json"), "--no-figure");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"backprop: {message}", run.Error, StringComparison.Ordinal);
        Assert.Single(run.ErrorLines);
        Assert.False(File.Exists(PathOf("model.json")));
    }

    // The model's output for one sample's features, from its JSON: standardised, then tanh and a logistic output.
    private static double ByHand(JsonElement model, double[] features)
    {
        JsonElement scaling = model.GetProperty("inputScaling");
        double[] a = [.. features.Select((v, i) => (v - scaling.GetProperty("mean")[i].GetDouble()) / scaling.GetProperty("std")[i].GetDouble())];
        JsonElement[] layers = [.. model.GetProperty("layers").EnumerateArray()];
        foreach (JsonElement layer in layers)
        {
            string activation = layer.GetProperty("activation").GetString()!;
            JsonElement[] rows = [.. layer.GetProperty("weights").EnumerateArray()];
            a = [.. rows.Select((row, j) =>
            {
                double z = layer.GetProperty("biases")[j].GetDouble() + row.EnumerateArray().Select((w, k) => w.GetDouble() * a[k]).Sum();
                return activation == "tanh" ? Math.Tanh(z) : 1 / (1 + Math.Exp(-z));
            })];
        }
        return a[0];
    }

    private static CliRunner.Run Succeeds(string command, string[] args)
    {
        CliRunner.Run run = CliRunner.InProcess([command, .. args]);
        Assert.True(run.ExitCode == 0, $"{command}: {run.Error}");
        return run;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
