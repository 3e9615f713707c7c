using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

public sealed partial class GeneralTrainingTests
{
    // ---------------------------------------------------------------- validation

    [Fact]
    public void TrainClasses_ValidationSplit_ReportsValidationCostAndAccuracyAtEverySnapshotAndInTheSummary()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));

        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--model-out", PathOf("m.json"), .. ClassifierOptions, "--validation-split", "0.25"]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(45 samples, 15 held out for validation)", run.OutLines[0]);   // 20 per class, 5 of each held out
        Match[] snapshots = run.OutLines.Where(l => l.StartsWith("iteration=", StringComparison.Ordinal)).Select(l => SnapshotLine().Match(l)).ToArray();
        Assert.Equal(["0", "100", "200", "300"], snapshots.Select(m => m.Groups["iteration"].Value));
        foreach (Match snapshot in snapshots)
        {
            Assert.True(snapshot.Groups["vcost"].Success && snapshot.Groups["vaccuracy"].Success, snapshot.Value);
            double accuracy = Number(snapshot.Groups["vaccuracy"]);
            Assert.Contains(Enumerable.Range(0, 16), k => Math.Abs(k / 15.0 - accuracy) < 5e-5);   // a count out of 15
        }
        Match summary = Summary(run);
        Assert.Equal(snapshots[^1].Groups["vcost"].Value, summary.Groups["vcost"].Value);
        Assert.Equal(snapshots[^1].Groups["vaccuracy"].Value, summary.Groups["vaccuracy"].Value);
        Assert.True(Number(summary.Groups["vaccuracy"]) >= 0.9, summary.Value);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    public void TrainClasses_ValidationSplit_IsStratified_SoTheTrainingMeanFollowsFromTheClassCounts(uint seed)
    {
        // Given 40, 20 and 8 samples of classes whose input x1 is 0, 1 and 2, and x2 random
        var random = new Random(11);
        (string Label, int Count, double X1)[] classes = [("a", 40, 0), ("b", 20, 1), ("c", 8, 2)];
        Sample[] samples = classes.SelectMany(c => Enumerable.Range(0, c.Count).Select(_ => new Sample(c.X1, random.NextDouble(), c.Label))).ToArray();
        random.Shuffle(samples);
        string data = WriteSamples("d.csv", samples);

        // When a quarter is held out, by class: 10, 5 and 2 (no count is a tie to round)
        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--standardize", "--layers", "3", "--iterations", "0",
            "--validation-split", "0.25", "--seed", seed.ToString(Invariant), "--no-plot", "--model-out", PathOf("m.json"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(51 samples, 17 held out for validation)", run.OutLines[0]);

        // Then the scaling is fitted on 30, 15 and 6 training samples: x1's mean is (0·30 + 1·15 + 2·6)/51
        double expectedMean = (0 * 30 + 1 * 15 + 2 * 6) / 51.0;
        double expectedStd = Math.Sqrt((30 * expectedMean * expectedMean + 15 * (1 - expectedMean) * (1 - expectedMean) + 6 * (2 - expectedMean) * (2 - expectedMean)) / 51);
        Network model = ModelFile.Load(PathOf("m.json"));
        AssertClose(expectedMean, model.InputScaling!.Mean[0], 1e-12, "mean of x1");
        AssertClose(expectedStd, model.InputScaling.StandardDeviation[0], 1e-12, "std of x1");
    }

    [Fact]
    public void TrainClasses_ValidationSplit_DependsOnTheSeedOnly()
    {
        var random = new Random(5);
        string data = WriteSamples("d.csv", Enumerable.Range(0, 40).Select(i => new Sample(random.NextDouble(), random.NextDouble(), i % 2 == 0 ? "u" : "v")));
        double MeanOfX2(string model, string seed)
        {
            CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--standardize", "--layers", "3", "--iterations", "0",
                "--validation-split", "0.25", "--seed", seed, "--no-plot", "--quiet", "--model-out", PathOf(model));
            Assert.True(run.ExitCode == 0, run.Error);
            return ModelFile.Load(PathOf(model)).InputScaling!.Mean[1];
        }

        double first = MeanOfX2("a.json", "1");
        Assert.Equal(first, MeanOfX2("b.json", "1"));
        Assert.NotEqual(first, MeanOfX2("c.json", "2"));
    }

    [Fact]
    public void TrainClasses_ValidationFile_ReportsWhatEvaluateSaysOfTheSavedModelOnThatFile()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));
        string validation = WriteSamples("held.csv", Blobs(30, seed: 8));

        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--validation", validation, "--model-out", PathOf("m.json"), .. ClassifierOptions]);

        Assert.True(run.ExitCode == 0, run.Error);
        Match[] snapshots = run.OutLines.Where(l => l.StartsWith("iteration=", StringComparison.Ordinal)).Select(l => SnapshotLine().Match(l)).ToArray();
        Assert.Equal(4, snapshots.Length);
        Assert.All(snapshots, s => Assert.True(s.Groups["vcost"].Success && s.Groups["vaccuracy"].Success, s.Value));
        Match summary = Summary(run);
        Assert.Equal("completed", summary.Groups["outcome"].Value);

        Match evaluated = Evaluate(PathOf("m.json"), validation);
        AssertClose(Number(evaluated.Groups["cost"]), Number(summary.Groups["vcost"]), 1e-8, "validation cost");
        double[] trainingX1 = [.. File.ReadAllLines(data).Skip(1).Select(l => double.Parse(l.Split(',')[0], NumberStyles.Float, Invariant))];
        AssertClose(trainingX1.Average(), ModelFile.Load(PathOf("m.json")).InputScaling!.Mean[0], 1e-12, "scaling fitted on --data alone");
        Assert.Equal(evaluated.Groups["value"].Value, summary.Groups["vaccuracy"].Value);
        AssertClose(Number(Evaluate(PathOf("m.json"), data).Groups["cost"]), Number(summary.Groups["cost"]), 1e-8, "training cost");
    }

    [Fact]
    public void TrainClasses_ValidationFileWithAnUnknownLabel_ExitsOneNamingIt()
    {
        string data = WriteSamples("blobs.csv", Blobs(30, seed: 7));
        string validation = WriteCsv("held.csv", "x1,x2,label\n0,0,a\n3,5,d\n");

        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--validation", validation, "--model-out", PathOf("m.json"), .. ClassifierOptions]);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(validation, run.Error);
        Assert.Equal(["blobs.csv", "held.csv"], FilesInFolder());
    }

    // ---------------------------------------------------------------- early stopping

    [Fact]
    public void TrainClasses_ValidationThatWorsensAsTrainingImproves_StopsEarlyAndKeepsTheBestWeights()
    {
        // Given validation rows that are the training rows with every third label moved to the next class: the validation
        // cost first falls with the training cost, then rises as the network grows sure of the labels it cannot match
        Sample[] samples = Blobs(60, seed: 7);
        string data = WriteSamples("blobs.csv", samples);
        string[] classes = ["a", "b", "c"];
        string flipped = WriteSamples("flipped.csv",
            samples.Select((s, i) => i % 3 == 0 ? s with { Label = classes[(Array.IndexOf(classes, s.Label) + 1) % 3] } : s));
        string[] options = ["--recipe", "worksheet", "--data", data, "--classes", "--standardize", "--layers", "6", "--optimizer", "adam", "--learning-rate", "0.05", "--no-plot"];

        // When trained with patience 2, a snapshot every 10 iterations
        CliRunner.Run run = CliRunner.InProcess(["train", .. options, "--iterations", "300", "--validation", flipped, "--patience", "2", "--log-every", "10",
            "--model-out", PathOf("m.json")]);

        // Then it stops 2 snapshots after the best one, and keeps that snapshot's weights
        Assert.True(run.ExitCode == 0, run.Error);
        Match summary = Summary(run);
        Assert.Equal("early-stopped", summary.Groups["outcome"].Value);
        int iterations = int.Parse(summary.Groups["iterations"].Value, Invariant);
        Assert.True(iterations < 300, summary.Value);
        Match kept = KeptWeights().Match(run.Out);
        Assert.True(kept.Success, run.Out);
        int best = int.Parse(kept.Groups["best"].Value, Invariant);
        Assert.True(best > 0, "the validation cost should fall at first");
        Assert.Equal(best + 2 * 10, iterations);

        // The saved model is the one a run of just `best` iterations writes, and the summary reports that model's costs
        CliRunner.Run straight = CliRunner.InProcess(["train", .. options, "--iterations", best.ToString(Invariant), "--quiet", "--model-out", PathOf("best.json")]);
        Assert.True(straight.ExitCode == 0, straight.Error);
        Assert.Equal(File.ReadAllText(PathOf("best.json")), File.ReadAllText(PathOf("m.json")));
        Match onValidation = Evaluate(PathOf("m.json"), flipped);
        AssertClose(Number(onValidation.Groups["cost"]), Number(summary.Groups["vcost"]), 1e-8, "validation cost");
        Assert.Equal(onValidation.Groups["value"].Value, summary.Groups["vaccuracy"].Value);
        AssertClose(Number(Evaluate(PathOf("m.json"), data).Groups["cost"]), Number(summary.Groups["cost"]), 1e-8, "training cost");
    }
}
