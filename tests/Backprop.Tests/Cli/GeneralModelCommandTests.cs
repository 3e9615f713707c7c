using System.Globalization;
using System.Text.Json;
using SkiaSharp;

namespace Backprop.Tests.Cli;

/// <summary>jacobians, gradcheck and plot on models beyond the worksheet: relu layers, softmax, input scaling, classes.</summary>
public sealed class GeneralModelCommandTests : TempFolderTest
{
    // Two inputs on different scales, two classes split by a curve, 80 samples; a classifier trained on them.
    private string TrainClassifier(string activation = "relu")
    {
        var random = new Random(3);
        var csv = new System.Text.StringBuilder("x1,x2,label\n");
        for (int s = 0; s < 80; s++)
        {
            double x1 = random.NextDouble() * 4 - 2, x2 = (random.NextDouble() * 4 - 2) * 100;
            csv.Append(CultureInfo.InvariantCulture, $"{x1},{x2},{(x2 / 100 > x1 * x1 - 1 ? "above" : "below")}\n");
        }
        File.WriteAllText(PathOf("d.csv"), csv.ToString());
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--classes", "--standardize", "--layers", "12,12",
            "--activation", activation, "--init", activation == "relu" ? "he" : "glorot", "--optimizer", "adam", "--learning-rate", "0.01", "--iterations", "800", "--quiet",
            "--model-out", PathOf("m.json"), "--plot", PathOf("t.png"));
        Assert.True(run.ExitCode == 0, run.Error);
        return PathOf("m.json");
    }

    [Fact]
    public void Gradcheck_TrainedTanhClassifierWithScaling_Passes()
    {
        // tanh, not relu: a trained relu network can have a sample within the step of relu's kink (z = 0), where
        // finite differences measure the kink, not the gradient; gradcheck then says so (the next test).
        string model = TrainClassifier("tanh");

        CliRunner.Run run = CliRunner.InProcess("gradcheck", "--model", model, "--data", PathOf("d.csv"));

        Assert.True(run.ExitCode == 0, run.Out);
        Assert.StartsWith("gradcheck: passed", run.OutLines[^1]);
    }

    [Fact]
    public void Gradcheck_ReluNetworkThatFails_SaysKinksMayBeTheCause()
    {
        // A relu classifier checked with a step of 0.1: some samples' z cross 0 within ±2h, so the check fails, and says why.
        string model = TrainClassifier("relu");

        CliRunner.Run run = CliRunner.InProcess("gradcheck", "--model", model, "--data", PathOf("d.csv"), "--step", "0.1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.OutLines, line => line.Contains("relu", StringComparison.Ordinal) && line.Contains("--step", StringComparison.Ordinal));
    }

    [Fact]
    public void Jacobians_ClassifierWithScaling_CostIsEvaluatesAndShapesAreTheModels()
    {
        string model = TrainClassifier();

        CliRunner.Run jacobians = CliRunner.InProcess("jacobians", "--model", model, "--data", PathOf("d.csv"));
        CliRunner.Run evaluate = CliRunner.InProcess("evaluate", "--model", model, "--data", PathOf("d.csv"));

        Assert.Equal(0, jacobians.ExitCode);
        using JsonDocument json = JsonDocument.Parse(jacobians.Out);
        double cost = json.RootElement.GetProperty("cost").GetDouble();
        Assert.Contains($"cost={cost.ToString("G9", CultureInfo.InvariantCulture)} ", evaluate.Out);
        Assert.Equal([12, 12, 2], json.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("weights").GetArrayLength()));
    }

    [Fact]
    public void Plot_TwoInputClassifier_DrawsTheInputPlane()
    {
        string model = TrainClassifier();

        CliRunner.Run run = CliRunner.InProcess("plot", "--model", model, "--data", PathOf("d.csv"), "--out", PathOf("p.png"));

        Assert.Equal(0, run.ExitCode);
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("p.png"));
        Assert.Equal(640, bitmap.Width);   // the input plane alone: plot has no cost history
        // Down the middle (input 1 ≈ 0) the boundary x2 = 100(x1² − 1) is at −100: the top quarter is one class's tint,
        // the bottom quarter the other's (the most common colour of each, so a dot in the way does not matter).
        SKColor MostCommon(int from, int to) => Enumerable.Range(from, to - from).Select(y => bitmap.GetPixel(330, y))
            .GroupBy(c => c).OrderByDescending(g => g.Count()).First().Key;
        Assert.NotEqual(MostCommon(60, 180), MostCommon(470, 570));
    }
}
