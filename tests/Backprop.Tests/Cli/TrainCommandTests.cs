using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Tests.Support;
using SkiaSharp;

namespace Backprop.Tests.Cli;

public sealed partial class TrainCommandTests : TempFolderTest
{
    private const int SignalInterrupt = 2;   // SIGINT

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"^trained: iterations=(\d+) cost=(\S+) seconds=(\S+) us_per_iteration=(\S+) outcome=(completed|cancelled)$")]
    private static partial Regex SummaryLine();

    [Fact]
    public void Train_NoArguments_AsAProcess_WritesModelAndFigureHereAndSaysSo()
    {
        CliRunner.Run run = CliRunner.AsProcess(Folder, "train");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["model.json", "training.png"], FilesInFolder());
        Match summary = SummaryLine().Match(run.OutLines[^1]);
        Assert.True(summary.Success, run.OutLines[^1]);
        Assert.Equal("50000", summary.Groups[1].Value);
        Assert.True(double.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture) < 0.002);
        Assert.Contains(run.OutLines, l => l == "wrote model.json");
        Assert.Contains(run.OutLines, l => l.StartsWith("iteration=1000 cost=", StringComparison.Ordinal));   // redirected: plain lines
        Assert.Equal([1, 6, 7, 2], ModelFile.Load(PathOf("model.json")).LayerSizes);
        AssertFigureHasTheWorksheetsColours(PathOf("training.png"));
    }

    private static void AssertFigureHasTheWorksheetsColours(string png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.True(bitmap.Width >= 640 && bitmap.Height == 640, $"{bitmap.Width}×{bitmap.Height}");
        // The bottom-left corner of the unit square is the darkest blue of the background.
        SKColor corner = bitmap.GetPixel(70, 580);
        Assert.True(corner.Blue > 80 && corner.Blue > corner.Red + 40, $"corner {corner}");
        int green = 0, magenta = 0, orange = 0;
        for (int x = 0; x < 640; x++)
            for (int y = 0; y < 640; y++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (c.Green > 100 && c.Red < 60 && c.Blue < 60) green++;
                if (c.Red > 170 && c.Blue > 170 && c.Green < 120) magenta++;
                if (c.Red > 230 && c.Green is > 130 and < 200 && c.Blue < 80) orange++;
            }
        Assert.True(green > 200, $"{green} green pixels");
        Assert.True(magenta > 200, $"{magenta} magenta pixels");
        Assert.True(orange > 200, $"{orange} orange pixels");
    }

    [Fact]
    public void Train_Seed1_ReproducesTheWorksheetsFirst100Iterations()
    {
        // numpy: np.random.seed(1); reset_network(); then 100 steps of plot_training's loop (aggression 7, noise 1).
        var expected = Fixture.Cases("training.json").First();
        CliRunner.Run run = CliRunner.InProcess("train", "--seed", "1", "--iterations", "100", "--aggression", "7", "--noise", "1",
            "--model-out", PathOf("m.json"), "--no-plot", "--quiet");

        Assert.Equal(0, run.ExitCode);
        Assertions.Close(Fixture.Network(expected.GetProperty("network")), ModelFile.Load(PathOf("m.json")), 1e-9, "weights");
    }

    [Fact]
    public void Train_Resume_ContinuesWhereTheRunStopped()
    {
        string[] common = ["--noise", "0", "--no-plot", "--quiet", "--points", "40"];
        Assert.Equal(0, CliRunner.InProcess(["train", "--iterations", "100", "--model-out", PathOf("straight.json"), .. common]).ExitCode);
        Assert.Equal(0, CliRunner.InProcess(["train", "--iterations", "60", "--model-out", PathOf("half.json"), .. common]).ExitCode);
        CliRunner.Run resumed = CliRunner.InProcess(["train", "--iterations", "40", "--resume", PathOf("half.json"), "--model-out", PathOf("resumed.json"), .. common]);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(File.ReadAllText(PathOf("straight.json")), File.ReadAllText(PathOf("resumed.json")));
    }

    [Theory]
    [InlineData("x,y\n0,0.1\n0.5,0.9\n1,0.2\n", 1)]            // one input, one output: the output against the input
    [InlineData("x1,x2,y\n0,1,0.1\n0.5,0.5,0.9\n1,0,0.2\n", 2)]   // two inputs: the output over the input plane, and the cost
    public void Train_DataThatIsNotACurve_DrawsWhatFits(string csv, int inputs)
    {
        File.WriteAllText(PathOf("d.csv"), csv);
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--inputs", inputs.ToString(CultureInfo.InvariantCulture),
            "--layers", "3", "--iterations", "300", "--log-every", "100", "--model-out", PathOf("m.json"), "--plot", PathOf("f.png"));

        Assert.True(run.ExitCode == 0, run.Error);
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("f.png"));
        Assert.Equal(1280, bitmap.Width);
        Assert.Equal([inputs, 3, 1], ModelFile.Load(PathOf("m.json")).LayerSizes);
    }

    [Fact]
    public void Train_ResumeWithOtherLayers_IsAUsageError()
    {
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "5", "--no-plot", "--quiet", "--model-out", PathOf("m.json")).ExitCode);
        CliRunner.Run run = CliRunner.InProcess("train", "--resume", PathOf("m.json"), "--layers", "5", "--no-plot", "--model-out", PathOf("n.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--layers 5 differs from the hidden layers 6,7", run.Error);
        // The same layers are no error: it trains (ten steps in, the worksheet's network still predicts the targets' mean: stalled, exit 3, and saved)
        Assert.True(CliRunner.InProcess("train", "--resume", PathOf("m.json"), "--layers", "6,7", "--iterations", "5", "--no-plot", "--quiet", "--model-out", PathOf("n.json")).ExitCode is 0 or 3);
        Assert.True(File.Exists(PathOf("n.json")));
    }

    [Fact]
    public void Train_Svg_WritesAnSvgFigure()
    {
        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "200", "--log-every", "50", "--plot", PathOf("f.svg"), "--model-out", PathOf("m.json"));
        Assert.Equal(0, run.ExitCode);
        string svg = File.ReadAllText(PathOf("f.svg"));
        Assert.StartsWith("<svg", svg);
        Assert.EndsWith("</svg>", svg);
    }

    [Fact]
    public void Train_Interrupted_StillSavesModelAndFigureAndExits130()
    {
        // Interrupted once training has run (before any step, nothing is written: ReliabilityTests): at its report of
        // iteration 1,000.
        using var cancel = new CancellationTokenSource();
        var output = new CancelOnLine("iteration=1000 ", cancel);
        var error = new StringWriter();
        int code = Backprop.Cli.BackpropApp.Run(["train", "--iterations", "100000000", "--model-out", PathOf("m.json"), "--plot", PathOf("f.png")],
            Backprop.Cli.Terminal.ForTests(output, error), cancel.Token);
        var run = new CliRunner.Run(code, output.ToString(), error.ToString());

        Assert.Equal(130, run.ExitCode);
        Assert.Equal(["f.png", "m.json"], FilesInFolder());
        Assert.Matches("^trained: iterations=[1-9][0-9]* ", run.OutLines[^1]);
    }

    [Fact]
    public async Task Train_CtrlC_AsAProcess_SavesModelAndFigureOfTheLastIterationAndExits130()
    {
        using var process = System.Diagnostics.Process.Start(CliRunner.StartInfo(Folder, "train", "--iterations", "100000000"))!;
        try
        {
            string? line;
            do line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));   // wait until training has taken steps: its report of iteration 1,000
            while (line is not null && !line.StartsWith("iteration=1000 ", StringComparison.Ordinal));

            Assert.Equal(0, Kill(process.Id, SignalInterrupt));   // what Ctrl-C sends
            string rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "still training a minute after Ctrl-C");

            Assert.Equal(130, process.ExitCode);
            Assert.Equal(["model.json", "training.png"], FilesInFolder());
            string last = rest.Trim().Split('\n')[^1];
            Match summary = SummaryLine().Match(last);
            Assert.True(summary.Success, last);
            Assert.True(int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture) < 100_000_000);
            Assert.Contains("interrupted: saved the model after", rest);
        }
        finally
        {
            if (!process.HasExited) process.Kill();   // a run of 100,000,000 iterations is not left behind by a failed check
        }
    }

    [Fact]
    public void Train_Diverging_WritesNothingAndExits1()
    {
        // By hand: W = 0.001, x = 1000, y = 0 give ∂C/∂W = 2·σ(1)·σ'(1)·1000 ≈ 288, so a learning rate of 1e308 overflows W.
        File.WriteAllText(PathOf("big.csv"), "x,y\n1000,0\n1000,0\n");
        File.WriteAllText(PathOf("start.json"), """{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[0.001]], "biases": [0]}]}""");
        CliRunner.Run run = CliRunner.InProcess("train", "--recipe", "worksheet", "--data", PathOf("big.csv"), "--resume", PathOf("start.json"), "--learning-rate", "1e308",
            "--noise", "0", "--model-out", PathOf("m.json"), "--plot", PathOf("f.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("diverged", run.Error);
        Assert.EndsWith("try a lower --learning-rate than 1E+308, --standardize or --optimizer adam", run.Error.Trim());
        Assert.Equal(["big.csv", "start.json"], FilesInFolder());
    }

    [Fact]
    public void Train_OfAClassifierThatLearnsOnlyTheClassFrequencies_EndsStalled_Exit3_SayingSo()
    {
        // Inputs that say nothing of the labels (all 0): the best a network can do is the frequencies, 5, 3 and 2 in 10
        File.WriteAllText(PathOf("blind.csv"), "x,label\n" + string.Concat("aaaaabbbcc".Select(c => $"0,{c}\n")));

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("blind.csv"), "--classes", "--optimizer", "adam", "--learning-rate", "0.05",
            "--iterations", "2000", "--model-out", PathOf("m.json"), "--no-figure");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("outcome=stalled", run.Out);
        Assert.StartsWith("backprop: not trained: the cost 1.03 is that of predicting the class frequencies for every sample (their entropy, 1.03)", run.Error);
    }
}
