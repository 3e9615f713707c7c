using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary>
/// <c>backprop tune</c>: the leaderboard file, the best model trained on the whole file, the <c>backprop train</c>
/// command that makes that model bit for bit, the closing line, results independent of --threads, and one-line errors.
/// </summary>
public sealed partial class TuneCommandTests : TempFolderTest
{
    [GeneratedRegex(@"^tuned: trials=(?<trials>\d+) best_score=(?<score>[0-9.]+) metric=(?<metric>accuracy|r2) seconds=[0-9.]+$")]
    private static partial Regex Closing();

    // Two interleaved moons of 120 rows labelled by text (a curved boundary: a network does better than a line).
    private string WriteMoons()
    {
        var random = new NumpyRandom(8);
        var lines = new List<string> { "x1,x2,shape" };
        for (int i = 0; i < 120; i++)
        {
            double t = Math.PI * random.NextDouble();
            bool upper = i % 2 == 0;
            double x = upper ? Math.Cos(t) : 1 - Math.Cos(t), y = upper ? Math.Sin(t) : 0.5 - Math.Sin(t);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x + 0.1 * random.NextGaussian():R},{y + 0.1 * random.NextGaussian():R},{(upper ? "upper" : "lower")}"));
        }
        File.WriteAllLines(PathOf("moons.csv"), lines);
        return PathOf("moons.csv");
    }

    private CliRunner.Run Tune(params string[] options) =>
        CliRunner.InProcess(["tune", "--data", PathOf("moons.csv"), "--trials", "9", "--epochs", "27", "--space", "width=8,16,32; batch-size=16,32",
            "--leaderboard", PathOf("board.csv"), "--model-out", PathOf("best.json"), .. options]);

    [Fact]
    public void Tune_WritesTheLeaderboard_TheBestModel_AndTheCommandThatMakesItBitForBit()
    {
        WriteMoons();

        CliRunner.Run run = Tune("--threads", "2");

        Assert.True(run.ExitCode == 0, run.Error);
        Match closing = Closing().Match(run.OutLines[^1]);
        Assert.True(closing.Success, run.Out);
        Assert.Equal(("9", "accuracy"), (closing.Groups["trials"].Value, closing.Groups["metric"].Value));
        // The leaderboard: a header and one row per trial, best first, its mean the closing line's best score
        string[] board = File.ReadAllLines(PathOf("board.csv"));
        Assert.Equal("rank,trial,rung,epochs,layers,activation,optimizer,learning_rate,weight_decay,batch_size,fold1,fold2,fold3,mean,std,seconds,outcome", board[0]);
        Assert.Equal(10, board.Length);
        string[] best = Regex.Split(board[1], ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        Assert.Equal(["1", "3", "27"], new[] { best[0], best[2], best[3] });   // rank 1, at the last rung, its 27 epochs
        double mean = double.Parse(best[13], CultureInfo.InvariantCulture);
        Assert.Equal(mean, new[] { best[10], best[11], best[12] }.Select(f => double.Parse(f, CultureInfo.InvariantCulture)).Average(), 1e-12);
        Assert.Equal(Math.Round(mean, 6), double.Parse(closing.Groups["score"].Value, CultureInfo.InvariantCulture), 1e-9);
        // The printed command trains the model tune wrote, bit for bit
        string command = run.OutLines.Single(l => l.StartsWith("the same model: ", StringComparison.Ordinal))["the same model: backprop ".Length..];
        Assert.Contains($"--epochs 27 --validation-split 0 --seed 1", command);
        CliRunner.Run again = CliRunner.InProcess([.. command.Split(' '), "--model-out", PathOf("again.json"), "--no-figure", "--quiet"]);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(File.ReadAllText(PathOf("best.json")), File.ReadAllText(PathOf("again.json")));
        // And the model learned its moons (a straight line through them gets about 0.8)
        CliRunner.Run evaluated = CliRunner.InProcess("evaluate", "--model", PathOf("best.json"), "--data", PathOf("moons.csv"));
        Assert.True(double.Parse(Regex.Match(evaluated.Out, @"accuracy=(\S+)").Groups[1].Value, CultureInfo.InvariantCulture) >= 0.85, evaluated.Out);
    }

    [Fact]
    public void Tune_InFloat32_TrainsFloat32Models_AndItsCommandSaysSo()
    {
        WriteMoons();

        CliRunner.Run run = Tune("--threads", "2", "--trials", "3", "--precision", "float32");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(Precision.Float32, ModelFile.Load(PathOf("best.json")).Precision);
        string command = run.OutLines.Single(l => l.StartsWith("the same model: ", StringComparison.Ordinal))["the same model: backprop ".Length..];
        Assert.EndsWith(" --precision float32", command);
        CliRunner.Run again = CliRunner.InProcess([.. command.Split(' '), "--model-out", PathOf("again.json"), "--no-figure", "--quiet"]);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(File.ReadAllText(PathOf("best.json")), File.ReadAllText(PathOf("again.json")));
    }

    [Fact]
    public void Tune_GivesTheSameLeaderboardForAnyNumberOfThreads()
    {
        WriteMoons();

        Assert.Equal(0, Tune("--threads", "1", "--quiet").ExitCode);
        string[] one = File.ReadAllLines(PathOf("board.csv"));
        Assert.Equal(0, Tune("--threads", "3", "--quiet").ExitCode);
        string[] three = File.ReadAllLines(PathOf("board.csv"));

        // Every column but the seconds (the second from last)
        static string WithoutTime(string row) => Regex.Replace(row, @",[0-9.]+,(\w+)$", ",$1");
        Assert.Equal(one.Select(WithoutTime), three.Select(WithoutTime));
    }

    [Fact]
    public void Tune_OnNumbers_ScoresRSquared()
    {
        var random = new NumpyRandom(3);
        File.WriteAllLines(PathOf("numbers.csv"), ["a,b,value", .. Enumerable.Range(0, 90).Select(_ =>
        {
            double a = random.NextDouble(), b = random.NextDouble();
            return string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{100 + 50 * a * a - 30 * b:R}");
        })]);

        CliRunner.Run run = CliRunner.InProcess("tune", "--data", PathOf("numbers.csv"), "--trials", "3", "--epochs", "30", "--validation-split", "0.3",
            "--leaderboard", PathOf("board.csv"), "--model-out", PathOf("best.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"metric=r2 ", run.OutLines[^1]);
        Assert.StartsWith("rank,trial,rung,epochs,layers,activation,optimizer,learning_rate,weight_decay,batch_size,fold1,mean,std,seconds,outcome", File.ReadAllLines(PathOf("board.csv"))[0]);
        Assert.NotNull(ModelFile.Load(PathOf("best.json")).TargetScaling);
    }

    [Theory]
    [InlineData("--space depth=3", "--space: \"depth\" is not a setting to search")]
    [InlineData("--folds 3 --validation-split 0.2", "--folds and --validation-split both say how to score: give one")]
    [InlineData("--trials 0", "--trials must be from 1 to 100000, not 0")]
    [InlineData("--precision half", "--precision must be float64 or float32, not \"half\"")]
    [InlineData("--budget -1", "--budget must be a positive number of seconds")]
    public void Tune_BadOptions_AreOneLineUsageErrors_WritingNothing(string options, string message)
    {
        WriteMoons();

        CliRunner.Run run = CliRunner.InProcess(["tune", "--data", PathOf("moons.csv"), .. options.Split(' '), "--leaderboard", PathOf("board.csv"), "--model-out", PathOf("best.json")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(message, run.Error);
        Assert.Equal(["moons.csv"], FilesInFolder());
    }

    [Fact]
    public void Tune_WithABudget_StopsAndKeepsWhatItFound()
    {
        WriteMoons();

        // Rounds of 9 trials until two seconds are up: at least the first trainings finish on any machine
        CliRunner.Run run = CliRunner.InProcess("tune", "--data", PathOf("moons.csv"), "--budget", "2", "--epochs", "9", "--space", "width=8; batch-size=32",
            "--leaderboard", PathOf("board.csv"), "--model-out", PathOf("best.json"), "--quiet");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(Closing(), run.OutLines[^1]);
        Assert.True(File.ReadAllLines(PathOf("board.csv")).Length > 1);
        Assert.True(File.Exists(PathOf("best.json")));
    }
}
