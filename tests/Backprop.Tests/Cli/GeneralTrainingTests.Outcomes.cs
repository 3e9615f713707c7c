using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

public sealed partial class GeneralTrainingTests
{
    // ---------------------------------------------------------------- runs that do not learn

    [Fact]
    public void Train_HeartAtLearningRate50_StallsWithExitCode3ButStillWritesTheModel()
    {
        CliRunner.Run run = CliRunner.InProcess("train", "--learning-rate", "50", "--iterations", "300", "--log-every", "100",
            "--no-plot", "--model-out", PathOf("m.json"));

        Assert.Equal(3, run.ExitCode);
        Match summary = Summary(run);
        Assert.Equal("stalled", summary.Groups["outcome"].Value);
        Assert.Equal("300", summary.Groups["iterations"].Value);
        Match first = SnapshotLine().Match(run.OutLines.First(l => l.StartsWith("iteration=0 ", StringComparison.Ordinal)));
        Assert.True(Number(summary.Groups["cost"]) >= Number(first.Groups["cost"]), $"{first.Value} → {summary.Value}");   // why it stalled
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: not trained:", run.Error);
        Assert.Equal(["m.json"], FilesInFolder());
        Assert.Equal([1, 6, 7, 2], ModelFile.Load(PathOf("m.json")).LayerSizes);
    }

    [Fact]
    public void TrainResume_ReluOutputThatDiesWithASampleWrong_StallsAsSaturated()
    {
        // Given a = relu(w·x + b) with w = 1, b = 0 and samples (x, y) = (1, 0), (−1, 1): C = ((1 − 0)² + (0 − 1)²)/2 = 1, and
        // only the first sample has a gradient, dC/dz = (2/2)(1 − 0) = 1, so dC/dw = 1 and dC/db = 1
        WriteCsv("model.json", """
            {"format": "backprop/model", "version": 2, "loss": "squared",
             "layers": [{"activation": "relu", "weights": [[1]], "biases": [0]}]}
            """);
        string data = WriteCsv("d.csv", "x,y\n1,0\n-1,1\n");

        // When one step of η = 0.5 takes w to 0.5 and b to −0.5: z = 0 and −1, both outputs 0, C = (0 + 1)/2 = 0.5
        CliRunner.Run run = CliRunner.InProcess("train", "--recipe", "worksheet", "--resume", PathOf("model.json"), "--data", data, "--noise", "0", "--learning-rate", "0.5",
            "--iterations", "3", "--log-every", "1", "--no-plot", "--model-out", PathOf("m.json"));

        // Then the cost fell (1 → 0.5) but every output is stuck at 0, one of them where 1 is wanted: not trained
        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["1", "0.5", "0.5", "0.5"], run.OutLines.Select(l => SnapshotLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["cost"].Value));
        Assert.Equal("stalled", Summary(run).Groups["outcome"].Value);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: not trained:", run.Error);
        Assert.Contains("saturated", run.Error);
        Network trained = ModelFile.Load(PathOf("m.json"));
        Assert.Equal(0.5, trained.Layers[0].Weights[0, 0]);
        Assert.Equal(-0.5, trained.Layers[0].Biases[0]);
    }

    [Fact]
    public void Train_HeartWithValidationSplit_ReportsValidationCostButNoAccuracy()
    {
        CliRunner.Run run = CliRunner.InProcess("train", "--validation-split", "0.2", "--iterations", "200", "--log-every", "100",
            "--no-plot", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(80 samples, 20 held out for validation)", run.OutLines[0]);
        Match[] snapshots = run.OutLines.Select(l => SnapshotLine().Match(l)).Where(m => m.Success).ToArray();
        Assert.Equal(3, snapshots.Length);
        Assert.All(snapshots, s => Assert.True(s.Groups["vcost"].Success && !s.Groups["vaccuracy"].Success, s.Value));
        Match summary = Summary(run);
        Assert.True(summary.Groups["vcost"].Success && !summary.Groups["vaccuracy"].Success, summary.Value);
    }

    [Fact]
    public void Train_ZeroIterations_IsNotAStall()
    {
        CliRunner.Run run = CliRunner.InProcess("train", "--learning-rate", "50", "--iterations", "0", "--no-plot", "--model-out", PathOf("m.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("completed", Summary(run).Groups["outcome"].Value);
        Assert.Empty(run.Error);
    }

    // ---------------------------------------------------------------- resume and the worksheet's format

    [Fact]
    public void TrainClasses_Resume_ContinuesWithTheSameClassesAndScalingWhereTheRunStopped()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));
        // sgd without noise draws nothing, so 100 + 100 iterations are 200
        string[] design = ["--classes", "--standardize", "--layers", "6"];
        string[] common = ["--data", data, "--optimizer", "sgd", "--noise", "0", "--learning-rate", "1", "--no-plot", "--quiet"];
        Assert.Equal(0, CliRunner.InProcess(["train", .. design, .. common, "--iterations", "200", "--model-out", PathOf("straight.json")]).ExitCode);
        Assert.Equal(0, CliRunner.InProcess(["train", .. design, .. common, "--iterations", "100", "--model-out", PathOf("half.json")]).ExitCode);

        // When resumed without --classes: the model's classes say the last column holds labels
        CliRunner.Run resumed = CliRunner.InProcess(["train", .. common, "--iterations", "100", "--resume", PathOf("half.json"), "--model-out", PathOf("resumed.json")]);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(["a", "b", "c"], ClassesOf(PathOf("resumed.json")));
        Assert.Equal(File.ReadAllText(PathOf("straight.json")), File.ReadAllText(PathOf("resumed.json")));
    }

    [Fact]
    public void TrainClasses_ResumeOnDataWithAnotherLabel_ExitsOneNamingTheFile()
    {
        (_, string model, _) = TrainedClassifier();
        string other = WriteCsv("other.csv", "x1,x2,label\n0,0,a\n6,0,b\n9,9,d\n");

        CliRunner.Run run = CliRunner.InProcess("train", "--resume", model, "--data", other, "--iterations", "5", "--no-plot", "--model-out", PathOf("r.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(other, run.Error);
        Assert.False(File.Exists(PathOf("r.json")));
    }

    [Fact]
    public void TrainClasses_ResumingAModelWithoutClasses_IsAUsageError()
    {
        // Given a 2,6,3 model trained on one-hot numeric targets: no classes
        string oneHot = WriteCsv("one-hot.csv", "x1,x2,y1,y2,y3\n0,0,1,0,0\n6,0,0,1,0\n3,5,0,0,1\n");
        CliRunner.Run first = CliRunner.InProcess("train", "--data", oneHot, "--layers", "6", "--iterations", "10", "--no-plot", "--quiet", "--model-out", PathOf("plain.json"));
        Assert.True(first.ExitCode == 0, first.Error);
        string labelled = WriteSamples("blobs.csv", Blobs(30, seed: 7));

        // When it is resumed with --classes on a file of labels
        CliRunner.Run run = CliRunner.InProcess("train", "--resume", PathOf("plain.json"), "--data", labelled, "--classes", "--iterations", "10",
            "--no-plot", "--quiet", "--model-out", PathOf("m.json"));

        // Then the combination is refused as a usage error that names --classes, and nothing is written
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("--classes", run.Error);
        Assert.False(File.Exists(PathOf("m.json")));
    }

    [Fact]
    public void Train_WorksheetDefaults_StillWriteAVersion1Model()
    {
        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "10", "--no-plot", "--quiet", "--model-out", PathOf("m.json"));

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = ModelJson(PathOf("m.json"));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("logistic", json.RootElement.GetProperty("activation").GetString());
        Assert.False(json.RootElement.TryGetProperty("loss", out _));
        Assert.False(json.RootElement.TryGetProperty("classes", out _));
        Assert.All(json.RootElement.GetProperty("layers").EnumerateArray(), layer => Assert.False(layer.TryGetProperty("activation", out _)));
    }
}
