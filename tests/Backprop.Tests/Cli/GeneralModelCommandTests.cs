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

/// <summary>The cases a review of the general trainer found: each failed before its fix.</summary>
public sealed class GeneralTrainingEdgeTests : TempFolderTest
{
    [Fact]
    public void Standardize_ConstantColumnOfAnInexactValue_IsCentredNotBlownUp()
    {
        // A column of 0.1s has a computed std of 4e-17: dividing by it made 0.2 into 2e15. It must count as constant.
        var x = Matrix.FromRows([[1.0, 2, 3, 4], [0.1, 0.1, 0.1, 0.1]]);
        InputScaling scaling = InputScaling.Fit(x);
        Assert.Equal(1.0, scaling.StandardDeviation[1]);
        Assert.Equal([1], InputScaling.ConstantInputs(x));
        Span<double> scaled = stackalloc double[2];
        scaling.Apply([2.5, 0.2], scaled);
        Assert.InRange(scaled[1], 0.0999, 0.1001);
    }

    [Theory]
    [InlineData(0.3, 6)]    // 10 classes of 2: round(0.3 · 20) = 6 held out, one from each of the first six classes
    [InlineData(0.25, 5)]   // rounding each class alone gave 0 here, and the split failed
    public void Split_StratifiedSmallClasses_HoldsOutTheRequestedShareOfAll(double fraction, int held)
    {
        var x = new Matrix(1, 20);
        var y = new Matrix(10, 20);
        for (int s = 0; s < 20; s++) y[s % 10, s] = 1;
        (DataSet training, DataSet validation) = new DataSet(x, y).Split(fraction, new NumpyRandom(1), stratify: true);
        Assert.Equal(held, validation.Count);
        Assert.Equal(20 - held, training.Count);
    }

    [Fact]
    public void SoftmaxOverOneOutput_IsRefused_ByTheLibraryAndTheCommand()
    {
        Assert.Throws<ArgumentException>(() => new Network([new Layer(2, 1, Activation.Softmax)]));
        File.WriteAllText(PathOf("d.csv"), "x,y\n0,0.5\n1,0.25\n");
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--output", "softmax", "--no-plot", "--model-out", PathOf("m.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("softmax over one output", run.Error);
        Assert.Equal(["d.csv"], FilesInFolder());
    }

    [Fact]
    public void Train_TextInTheLastColumnWithoutClasses_IsClassLabels()
    {
        File.WriteAllText(PathOf("d.csv"), "a,b,species\n0,1,cat\n1,0,dog\n0,0,cat\n");
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--epochs", "3", "--no-plot", "--model-out", PathOf("m.json"));
        Assert.True(run.ExitCode == 0, run.Error);
        Network model = ModelFile.Load(PathOf("m.json"));
        Assert.Equal(["cat", "dog"], model.Classes);
        Assert.Equal([2, 100, 2], model.LayerSizes);
        Assert.Equal(Activation.Softmax, model.OutputActivation);
    }

    [Fact]
    public void Train_TextBelowANumberInTheLastColumn_SuggestsClasses()
    {
        // The first sample's target is a number, so the column is read as numbers until the text
        File.WriteAllText(PathOf("d.csv"), "a,b,target\n0,1,3\n1,0,dog\n");
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--no-plot", "--model-out", PathOf("m.json"));
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("\"dog\" is not a finite number; if that column holds class labels, give --classes", run.Error);
    }

    [Fact]
    public void BenchClassesWorkload_IsStandardisedOnce()
    {
        // The network scales its raw data itself: its scaled inputs have mean 0 and std 1 per non-constant input.
        var (network, data, _, _) = BenchmarkWorkload.Classes.Create();
        Matrix scaled = network.Scale(data).Inputs;
        for (int i = 0; i < scaled.Rows; i++)
        {
            double[] row = scaled.Row(i).ToArray();
            if (InputScaling.ConstantInputs(data.Inputs).Contains(i)) continue;
            double mean = row.Average(), std = Math.Sqrt(row.Sum(v => (v - mean) * (v - mean)) / row.Length);
            Assert.True(Math.Abs(mean) < 1e-12 && Math.Abs(std - 1) < 1e-12, $"input {i + 1}: mean {mean}, std {std}");
        }
    }

    [Fact]
    public void Train_CancelledWithMiniBatches_ReportsTheWholeSetsCost()
    {
        var random = new NumpyRandom(2);
        var network = Network.CreateRandom([1, 5, 2], random);
        DataSet data = HeartData.Create(50);
        using var cancel = new CancellationTokenSource();
        int snapshots = 0;

        TrainingResult result = Trainer.Train(network, data, random,
            new TrainingOptions { LearningRate = 1, Optimizer = new Sgd { Noise = 0 }, BatchSize = 8, Iterations = 1000, SnapshotEvery = 10 }, null,
            s => { if (++snapshots == 3) cancel.Cancel(); }, cancel.Token);

        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(network.Cost(data), result.FinalCost);
    }

    [Fact]
    public void Figure_MiniBatchRun_DrawsTheSnapshotsCostsWithoutAHistory()
    {
        // Without a history (mini-batches), the cost panel comes from the snapshots: the figure has it beside the curves.
        DataSet data = HeartData.Create(20);
        var figure = new TrainingFigure(data);
        TrainingEvaluation[] evaluations = [new(0, 0.2, null, null), new(10, 0.1, null, null), new(20, 0.05, null, null)];
        figure.Save(PathOf("f.png"), data.Targets, costHistory: null, evaluations);
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("f.png"));
        Assert.Equal(1280, bitmap.Width);
    }
}
