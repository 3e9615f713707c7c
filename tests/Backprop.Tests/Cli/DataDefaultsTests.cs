using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary>
/// <c>train --data FILE</c> with no recipe takes the data defaults (<see cref="DataDefaults"/>): standardised inputs and
/// targets, relu 100, Adam at 0.001, batches of 64, a tenth held out and early stopping in epochs; each option given
/// replaces only its own default, and <c>--recipe worksheet</c> is the worksheet's way on any data.
/// </summary>
public sealed partial class DataDefaultsTests : TempFolderTest
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [GeneratedRegex(@"^evaluated: samples=\d+ cost=(?<cost>\S+) (?<metric>accuracy|r2)=(?<value>\S+)")]
    private static partial Regex Evaluated();

    // Three round blobs in the plane, labelled by text: centres (0, 0), (3, 0), (0, 3), std 0.7.
    private string WriteBlobs(string name, int rows, int seed)
    {
        var random = new NumpyRandom((uint)seed);
        (double X, double Y, string Label)[] centres = [(0, 0, "red"), (3, 0, "green"), (0, 3, "blue")];
        var lines = new List<string> { "width,height,colour" };
        for (int i = 0; i < rows; i++)
        {
            var (x, y, label) = centres[i % 3];
            lines.Add(string.Create(Invariant, $"{x + 0.7 * random.NextGaussian():R},{y + 0.7 * random.NextGaussian():R},{label}"));
        }
        File.WriteAllLines(PathOf(name), lines);
        return PathOf(name);
    }

    // A price: 1000 + 300·sin(2x₁) + 100·x₂² + noise of std 10, with x uniform on [−1.5, 1.5]: far outside [0, 1].
    private string WritePrices(string name, int rows, int seed)
    {
        var random = new NumpyRandom((uint)seed);
        var lines = new List<string> { "size,age,price" };
        for (int i = 0; i < rows; i++)
        {
            double x1 = 3 * random.NextDouble() - 1.5, x2 = 3 * random.NextDouble() - 1.5;
            lines.Add(string.Create(Invariant, $"{x1:R},{x2:R},{1000 + 300 * Math.Sin(2 * x1) + 100 * x2 * x2 + 10 * random.NextGaussian():R}"));
        }
        File.WriteAllLines(PathOf(name), lines);
        return PathOf(name);
    }

    private Match Evaluate(string model, string data)
    {
        CliRunner.Run run = CliRunner.InProcess("evaluate", "--model", model, "--data", data);
        Assert.True(run.ExitCode == 0, run.Error);
        Match m = Evaluated().Match(run.OutLines[0]);
        Assert.True(m.Success, run.Out);
        return m;
    }

    [Fact]
    public void OwnClassData_WithNoOptions_TrainsTheDataDefaults_AndClassifiesUnseenRows()
    {
        // Given 300 rows whose last column is text, and no option but the file
        string data = WriteBlobs("train.csv", 300, seed: 1), test = WriteBlobs("test.csv", 150, seed: 2);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--no-figure", "--model-out", PathOf("m.json"));

        // Then the text is class labels, and the run is the data defaults: a tenth held out (stratified), 270 rows in
        // batches of 64 (⌈270/64⌉ = 5 steps an epoch), Adam at 0.001, relu 100 drawn by Glorot, softmax and cross-entropy, inputs standardised
        Assert.True(run.ExitCode == 0, run.Error);
        string opening = run.OutLines[0];
        Assert.Contains("training 2,100,3 on " + data + " (270 samples, 30 held out for validation): 200 epochs of 5 steps (1000 iterations), adam, learning rate 0.001", opening);
        Assert.Contains("batches of 64", opening);
        Assert.Contains("(relu,softmax, cross-entropy loss), inputs standardized (the data defaults", opening);
        Network model = ModelFile.Load(PathOf("m.json"));
        Assert.Equal(["blue", "green", "red"], model.Classes);
        Assert.NotNull(model.InputScaling);
        Assert.Null(model.TargetScaling);
        // And it learned: unseen rows of the same blobs (which overlap a little) are classified
        Assert.True(double.Parse(Evaluate(PathOf("m.json"), test).Groups["value"].Value, Invariant) >= 0.95);
    }

    [Fact]
    public void DataDefaults_InTheLibrary_TrainTheModelTheCommandLineDoes()
    {
        // One recipe, two doors: DataDefaults.Train and `train --data` give the same weights, bit for bit
        string data = WriteBlobs("train.csv", 120, seed: 3);
        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--no-figure", "--quiet", "--model-out", PathOf("cli.json"));
        Assert.True(run.ExitCode == 0, run.Error);

        (Matrix x, string[] labels) = DataFile.LoadLabelled(data, 2);
        IReadOnlyList<string> classes = ClassLabels.Sorted(labels);
        (Network network, TrainingResult result) = DataDefaults.Train(new DataSet(x, ClassLabels.OneHot(labels, classes)), classes, seed: 1);

        Assert.Equal(File.ReadAllText(PathOf("cli.json")), ModelFile.Serialize(network));
        Assert.Contains($"iterations={result.Iterations} ", run.Out);
    }

    [Fact]
    public void OwnNumbers_FarOutsideZeroToOne_TrainWithStandardisedTargets_WhichPredictUndoes()
    {
        // Given prices around 1000, which a logistic output cannot reach
        string data = WritePrices("prices.csv", 1000, seed: 4), test = WritePrices("test.csv", 300, seed: 5);

        // When trained with the data defaults, all rows kept for training (so the targets' statistics are the file's)
        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--validation-split", "0", "--no-figure", "--model-out", PathOf("m.json"));

        // Then the output is the identity, and the targets were standardised by their mean and population std, as kept in the model
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(relu,identity, squared loss), inputs standardized, targets standardized", run.OutLines[0]);
        Assert.DoesNotContain("held out", run.OutLines[0]);
        double[] y = [.. File.ReadAllLines(data).Skip(1).Select(line => double.Parse(line.Split(',')[2], Invariant))];
        double mean = y.Average(), std = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Length);
        Network model = ModelFile.Load(PathOf("m.json"));
        Assert.NotNull(model.TargetScaling);
        Assert.Equal(mean, model.TargetScaling.Mean[0], 1e-9);
        Assert.Equal(std, model.TargetScaling.StandardDeviation[0], 1e-9);

        // And predictions come back on the prices' scale: R² on unseen rows is high, and evaluate's cost is the mean squared error of predict's outputs
        Match evaluated = Evaluate(PathOf("m.json"), test);
        Assert.Equal("r2", evaluated.Groups["metric"].Value);
        Assert.True(double.Parse(evaluated.Groups["value"].Value, Invariant) >= 0.95, evaluated.Value);
        CliRunner.Run predicted = CliRunner.InProcess("predict", "--model", PathOf("m.json"), "--data", test);
        double[] a = [.. predicted.OutLines.Skip(1).Select(line => double.Parse(line.Split(',')[2], Invariant))];
        double[] truth = [.. File.ReadAllLines(test).Skip(1).Select(line => double.Parse(line.Split(',')[2], Invariant))];
        double meanSquared = a.Zip(truth).Average(p => (p.First - p.Second) * (p.First - p.Second));
        Assert.Equal(meanSquared, double.Parse(evaluated.Groups["cost"].Value, Invariant), meanSquared * 1e-7);
        Assert.True(meanSquared < 0.05 * std * std, $"mean squared error {meanSquared} against a variance of {std * std}");
    }

    [Fact]
    public void WorksheetRecipe_OnTheSameNumbers_IsTheWorksheetsWay_WhichCannotReachThem()
    {
        string data = WritePrices("prices.csv", 100, seed: 4);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--inputs", "2", "--recipe", "worksheet", "--no-figure", "--model-out", PathOf("m.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("but a logistic output is between 0 and 1; use --output identity", run.Error);
        Assert.False(File.Exists(PathOf("m.json")));
    }

    [Fact]
    public void WorksheetRecipe_OnTheHeartAsAFile_IsTheWorksheetsRun_BitForBit()
    {
        // The worksheet's heart written to a file and trained with --recipe worksheet is `train` on the heart itself
        Assert.Equal(0, CliRunner.InProcess("data", "heart", "--points", "100", "--out", PathOf("heart.csv")).ExitCode);

        CliRunner.Run fromFile = CliRunner.InProcess("train", "--data", PathOf("heart.csv"), "--recipe", "worksheet", "--iterations", "3000", "--no-figure", "--quiet", "--model-out", PathOf("file.json"));
        CliRunner.Run heart = CliRunner.InProcess("train", "--iterations", "3000", "--no-figure", "--quiet", "--model-out", PathOf("heart.json"));

        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.True(heart.ExitCode == 0, heart.Error);
        Assert.Equal(File.ReadAllBytes(PathOf("heart.json")), File.ReadAllBytes(PathOf("file.json")));
    }

    [Fact]
    public void EachOptionGiven_ReplacesOnlyItsOwnDefault()
    {
        string data = WriteBlobs("train.csv", 90, seed: 6);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--layers", "16", "--optimizer", "sgd", "--learning-rate", "0.05", "--noise", "0",
            "--epochs", "3", "--no-figure", "--model-out", PathOf("m.json"));

        // Layers, optimizer, learning rate and length as given; the held-out tenth, the batches, relu and the scaling still the data defaults'
        Assert.True(run.ExitCode is 0 or 3, run.Error);
        string opening = run.OutLines[0];
        Assert.Contains("training 2,16,3 on " + data + " (81 samples, 9 held out for validation): 3 epochs of 2 steps (6 iterations), learning rate 0.05, noise 0, batches of 64", opening);
        Assert.Contains("(relu,softmax, cross-entropy loss), inputs standardized", opening);
    }

    [Fact]
    public void AnSgdSetting_WithTheDataDefaultsAdam_SaysWhichOptimizerItIsFor()
    {
        string data = WriteBlobs("train.csv", 30, seed: 6);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--noise", "0.5", "--no-figure", "--model-out", PathOf("m.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("backprop: --noise applies to --optimizer sgd only, not adam (the data defaults' optimizer)", run.Error.Trim());
    }

    [Fact]
    public void AZeroOrOneTarget_WithoutClasses_IsANumberToPredict_AndTheToolSaysHowToChooseClasses()
    {
        File.WriteAllLines(PathOf("d.csv"), ["x,y", .. Enumerable.Range(0, 40).Select(i => $"{i},{(i > 20 ? 1 : 0)}")]);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--epochs", "2", "--no-figure", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode is 0 or 3, run.Error);
        Assert.Contains("backprop: note: the target takes only the whole values 0 and 1: trained as a number to predict; give --classes to train a classifier",
            run.ErrorLines);
        Assert.Equal(Activation.Logistic, ModelFile.Load(PathOf("m.json")).OutputActivation);   // numbers from 0 to 1: a logistic output
    }

    [Fact]
    public void StandardizeTargets_WithClasses_IsRefused()
    {
        string data = WriteBlobs("train.csv", 30, seed: 6);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--standardize-targets", "--no-figure", "--model-out", PathOf("m.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--standardize-targets is for numbers to predict", run.Error);
    }

    [Fact]
    public void EarlyStopping_CountsEpochs_AndKeepsTheBestEpochsWeights()
    {
        // Noisy labels (a third of them random) on few rows: the validation cost turns up well before 200 epochs
        var random = new NumpyRandom(9);
        File.WriteAllLines(PathOf("noisy.csv"), ["a,b,label", .. Enumerable.Range(0, 200).Select(i =>
        {
            double a = random.NextGaussian(), b = random.NextGaussian();
            bool flip = random.NextDouble() < 0.33;
            return string.Create(Invariant, $"{a:R},{b:R},{(a + b > 0 ^ flip ? "yes" : "no")}");
        })]);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("noisy.csv"), "--layers", "200,200", "--learning-rate", "0.01", "--no-figure", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Match stop = Regex.Match(run.Out, @"early stop: the validation cost has not improved for 10 epochs; kept the weights of epoch (\d+)");
        Assert.True(stop.Success, run.Out);
        int best = int.Parse(stop.Groups[1].Value, Invariant);
        Assert.Contains($"trained: iterations={3 * (best + 10)} epochs={best + 10} ", run.Out);   // ⌈180/64⌉ = 3 steps an epoch
    }

    [Theory]
    [InlineData(100_000, new[] { 50, 100, 2 }, 9)]      // 6 · (100·51 + 2·101) · 100,000 = 3.18·10⁹ a epoch: ⌊3·10¹⁰ / that⌋
    [InlineData(1_000, new[] { 10, 100, 1 }, 200)]      // 6.6·10⁶ an epoch: the cap of 200
    [InlineData(10_000_000, new[] { 100, 100, 10 }, 1)] // more than the budget in one epoch: at least one
    public void Epochs_AreTwoHundred_OrWhatTheWorkBudgetAllows(int rows, int[] sizes, int epochs) =>
        Assert.Equal(epochs, DataDefaults.Epochs(rows, sizes));
}
