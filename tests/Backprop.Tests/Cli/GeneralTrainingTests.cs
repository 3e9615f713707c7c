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
        ["--classes", "--standardize", "--layers", "6", "--optimizer", "adam", "--learning-rate", "0.05", "--iterations", "300", "--log-every", "100", "--no-plot"];

    private (string Data, string Model, Sample[] Samples) TrainedClassifier()
    {
        Sample[] samples = Blobs(60, seed: 7);
        string data = WriteSamples("blobs.csv", samples);
        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--model-out", PathOf("m.json"), .. ClassifierOptions]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("completed", Summary(run).Groups["outcome"].Value);
        return (data, PathOf("m.json"), samples);
    }

    // ---------------------------------------------------------------- classes

    [Fact]
    public void TrainClasses_TextLabelsStandardized_WritesVersion2ModelWithSortedClassesSoftmaxAndTheDataMeans()
    {
        // Given labels c, a, b in shuffled order; When trained with --classes --standardize
        (_, string model, Sample[] samples) = TrainedClassifier();

        // Then the model is version 2, classes sorted, softmax + cross-entropy, and the scaling is the data's own mean and population std
        using JsonDocument json = ModelJson(model);
        JsonElement root = json.RootElement;
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        Assert.Equal(["a", "b", "c"], ClassesOf(model));
        Assert.Equal("cross-entropy", root.GetProperty("loss").GetString());
        JsonElement[] layers = [.. root.GetProperty("layers").EnumerateArray()];
        Assert.Equal(2, layers.Length);
        Assert.Equal("logistic", layers[0].GetProperty("activation").GetString());
        Assert.Equal("softmax", layers[^1].GetProperty("activation").GetString());
        Assert.Equal(3, layers[^1].GetProperty("biases").GetArrayLength());

        double[][] columns = [[.. samples.Select(s => s.X1)], [.. samples.Select(s => s.X2)]];
        double[] mean = Numbers(root.GetProperty("inputScaling").GetProperty("mean"));
        double[] std = Numbers(root.GetProperty("inputScaling").GetProperty("std"));
        for (int i = 0; i < 2; i++)
        {
            double m = columns[i].Average();
            double populationStd = Math.Sqrt(columns[i].Sum(v => (v - m) * (v - m)) / columns[i].Length);
            AssertClose(m, mean[i], 1e-12, $"mean {i + 1}");
            AssertClose(populationStd, std[i], 1e-12, $"std {i + 1}");
        }
    }

    [Fact]
    public void PredictClasses_OnTheTrainingFile_WritesArgMaxLabelAndProbabilitiesThatSumToOne()
    {
        (string data, string model, Sample[] samples) = TrainedClassifier();

        // When predict reads the 3-column file without --inputs: the model's 2 leading columns are the inputs
        (string[] header, Prediction[] rows) = PredictClasses(model, data, inputs: 2);

        Assert.Equal(["x1", "x2", "class", "a", "b", "c"], header);
        Assert.Equal(samples.Length, rows.Length);
        string[] classes = ["a", "b", "c"];
        for (int s = 0; s < rows.Length; s++)
        {
            Assert.Equal([samples[s].X1, samples[s].X2], rows[s].Inputs);   // written round-trippably
            Assert.Equal(3, rows[s].Probabilities.Length);
            Assert.All(rows[s].Probabilities, p => Assert.InRange(p, 0, 1));
            Assert.True(Math.Abs(rows[s].Probabilities.Sum() - 1) <= 1e-12, $"row {s + 1} sums to {rows[s].Probabilities.Sum():R}");
            int argMax = Array.IndexOf(rows[s].Probabilities, rows[s].Probabilities.Max());
            Assert.Equal(classes[argMax], rows[s].Label);
        }
        double accuracy = rows.Zip(samples).Count(p => p.First.Label == p.Second.Label) / (double)rows.Length;
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}");
    }

    [Fact]
    public void PredictClasses_FileOfInputsOnly_ReadsTheModelsInputCount()
    {
        (_, string model, _) = TrainedClassifier();
        // The blob centres themselves: each is its own class.
        string inputs = WriteCsv("centres.csv", "x1,x2\n0,0\n6,0\n3,5\n");

        (string[] header, Prediction[] rows) = PredictClasses(model, inputs, inputs: 2);

        Assert.Equal(["x1", "x2", "class", "a", "b", "c"], header);
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.Label));
    }

    [Fact]
    public void EvaluateClasses_SomeLabelsWrong_AccuracyAndCrossEntropyAgreeWithPredictsProbabilities()
    {
        // Given a trained classifier and a test file in which every fifth label is moved to the next class
        (_, string model, Sample[] samples) = TrainedClassifier();
        string[] classes = ["a", "b", "c"];
        Sample[] test = samples.Select((s, i) => i % 5 == 0 ? s with { Label = classes[(Array.IndexOf(classes, s.Label) + 1) % 3] } : s).ToArray();
        string data = WriteSamples("test.csv", test);

        // When predict and evaluate both read it
        (_, Prediction[] rows) = PredictClasses(model, data, inputs: 2);
        Match evaluated = Evaluate(model, data);

        // Then evaluate's accuracy is the fraction of predict's labels that match, and its cost −(1/N) Σ log p(true class)
        double accuracy = rows.Zip(test).Count(p => p.First.Label == p.Second.Label) / (double)test.Length;
        double crossEntropy = -rows.Zip(test).Average(p => Math.Log(p.First.Probabilities[Array.IndexOf(classes, p.Second.Label)]));
        Assert.True(accuracy is > 0.5 and < 1, $"the test file should be partly wrong: accuracy {accuracy}");
        Assert.Equal(test.Length.ToString(Invariant), evaluated.Groups["samples"].Value);
        Assert.Equal("accuracy", evaluated.Groups["metric"].Value);
        Assert.Equal(accuracy.ToString("0.####", Invariant), evaluated.Groups["value"].Value);
        AssertClose(crossEntropy, Number(evaluated.Groups["cost"]), 1e-8, "cost");
    }

    [Fact]
    public void EvaluateClasses_UnknownLabel_ExitsOneNamingTheFile()
    {
        (_, string model, _) = TrainedClassifier();
        string data = WriteCsv("other.csv", "x1,x2,label\n0,0,a\n6,0,zebra\n");

        CliRunner.Run run = CliRunner.InProcess("evaluate", "--model", model, "--data", data);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: ", run.Error);
        Assert.Contains(data, run.Error);
        Assert.Contains("zebra", run.Error);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("10,9,2,-1,2.5", "-1,2,2.5,9,10")]       // all numbers: numeric order, so 10 comes after 9
    [InlineData("b,B,10,9", "10,9,B,b")]                 // any text: ordinal order (digits, capitals, small letters)
    public void TrainClasses_Labels_SortedNumericallyIfAllNumbersElseOrdinally(string labelsInFile, string expectedClasses)
    {
        string[] labels = labelsInFile.Split(',');
        string data = WriteSamples("labels.csv", Enumerable.Range(0, 2 * labels.Length).Select(i => new Sample(i, i % 3, labels[i % labels.Length])));

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--layers", "3", "--iterations", "0",
            "--no-plot", "--quiet", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(expectedClasses.Split(','), ClassesOf(PathOf("m.json")));
        Assert.Equal([2, 3, labels.Length], ModelFile.Load(PathOf("m.json")).LayerSizes);
    }

    [Fact]
    public void TrainClasses_OneLabelOnly_ExitsOneNamingTheFile()
    {
        string data = WriteCsv("one.csv", "x1,x2,label\n0,0,a\n1,1,a\n");
        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--no-plot", "--model-out", PathOf("m.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(data, run.Error);
        Assert.Equal(["one.csv"], FilesInFolder());
    }

    // ---------------------------------------------------------------- the header rule

    [Theory]
    [InlineData("a,b,y1,y2", false, 2, 2)]
    [InlineData("a,b,target", false, 2, 1)]
    [InlineData("a,b,y", false, 2, 1)]
    [InlineData("a,target_low,target_high", false, 1, 2)]
    [InlineData("a,b,c,Label", false, 3, 1)]
    [InlineData("a,b,class", false, 2, 1)]
    [InlineData("p,q,r,species", true, 3, 2)]            // --classes: all but the last column, whatever its name
    public void Train_NoInputsOption_HeaderRuleSplitsInputsFromTargets(string header, bool classes, int inputs, int outputs)
    {
        // Given rows whose target columns hold 0.25/0.75 (or, with --classes, the labels u and v)
        int columns = header.Split(',').Length;
        var text = new System.Text.StringBuilder(header + "\n");
        for (int s = 0; s < 6; s++)
        {
            IEnumerable<string> inputFields = Enumerable.Range(0, inputs).Select(i => ((s + i) % 4).ToString(Invariant));
            IEnumerable<string> targetFields = classes ? [s % 2 == 0 ? "u" : "v"] : Enumerable.Repeat(s % 2 == 0 ? "0.25" : "0.75", columns - inputs);
            text.Append(string.Join(',', inputFields.Concat(targetFields))).Append('\n');
        }
        string data = WriteCsv("d.csv", text.ToString());

        string[] args = ["train", "--data", data, "--layers", "3", "--iterations", "0", "--no-plot", "--quiet", "--model-out", PathOf("m.json")];
        CliRunner.Run run = CliRunner.InProcess(classes ? [.. args, "--classes"] : args);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([inputs, 3, outputs], ModelFile.Load(PathOf("m.json")).LayerSizes);
    }

    [Theory]
    [InlineData("a,b,c")]      // no target names
    [InlineData("y,a,b")]      // a target name, but not trailing
    [InlineData("y1,y2,y3")]   // every column a target: no inputs
    public void Train_HeaderRuleFindsNoSplitAndNoInputsOption_IsAUsageErrorThatSaysInputs(string header)
    {
        string data = WriteCsv("d.csv", $"{header}\n0,0,0.1\n1,0,0.9\n");

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--no-plot", "--model-out", PathOf("m.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: ", run.Error);
        Assert.Contains("--inputs", run.Error);
        Assert.Equal(["d.csv"], FilesInFolder());
    }

    // ---------------------------------------------------------------- target ranges

    // y = 25 + 20·x1 + 12·x2 on [0, 10]²: targets 25 to 345, far outside a logistic output's [0, 1].
    private string LargeTargets()
    {
        var random = new Random(3);
        var text = new System.Text.StringBuilder("x1,x2,y\n");
        for (int s = 0; s < 30; s++)
        {
            double x1 = 10 * random.NextDouble(), x2 = 10 * random.NextDouble();
            text.Append(Invariant, $"{x1:R},{x2:R},{25 + 20 * x1 + 12 * x2:R}\n");
        }
        return WriteCsv("large.csv", text.ToString());
    }

    [Fact]
    public void Train_TargetsOutsideTheLogisticRange_ExitsOneSuggestingIdentityOutputAndWritesNothing()
    {
        string data = LargeTargets();

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--model-out", PathOf("m.json"), "--plot", PathOf("f.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: ", run.Error);
        Assert.Contains(data, run.Error);
        Assert.Contains("--output identity", run.Error);
        Assert.Equal(["large.csv"], FilesInFolder());
    }

    [Fact]
    public void Train_TargetsOutsideTheRangeWithIdentityOutput_TrainsAndEvaluateAgreesWithPredict()
    {
        // Given the same data; When the output is the identity
        string data = LargeTargets();
        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--standardize", "--output", "identity", "--optimizer", "adam",
            "--learning-rate", "0.01", "--iterations", "300", "--log-every", "100", "--model-out", PathOf("m.json"), "--no-plot");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("completed", Summary(run).Groups["outcome"].Value);

        // Then evaluate's squared cost (no ½) and R² are those of predict's outputs against the targets
        CliRunner.Run predicted = CliRunner.InProcess("predict", "--model", PathOf("m.json"), "--data", data);
        Assert.True(predicted.ExitCode == 0, predicted.Error);
        Assert.Equal("x1,x2,y1", predicted.OutLines[0]);
        double[] a = predicted.OutLines.Skip(1).Select(l => double.Parse(l.Split(',')[2], NumberStyles.Float, Invariant)).ToArray();
        double[] y = File.ReadAllLines(data).Skip(1).Select(l => double.Parse(l.Split(',')[2], NumberStyles.Float, Invariant)).ToArray();
        double meanY = y.Average();
        double squared = a.Zip(y).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        double r2 = 1 - squared / y.Sum(v => (v - meanY) * (v - meanY));

        Match evaluated = Evaluate(PathOf("m.json"), data);
        Assert.Equal("30", evaluated.Groups["samples"].Value);
        Assert.Equal("r2", evaluated.Groups["metric"].Value);
        AssertClose(squared / y.Length, Number(evaluated.Groups["cost"]), 1e-8, "cost");
        Assert.True(Math.Abs(r2 - Number(evaluated.Groups["value"])) <= 5e-7, $"r2: expected {r2:R}, printed {evaluated.Groups["value"].Value}");
    }

    [Fact]
    public void Train_ValidationTargetsOutsideTheRange_ExitsOneNamingTheValidationFile()
    {
        string data = WriteCsv("train.csv", "x,y\n0,0.1\n1,0.9\n2,0.5\n");
        string validation = WriteCsv("held.csv", "x,y\n0,0.1\n1,7\n");

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--validation", validation, "--no-plot", "--model-out", PathOf("m.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(validation, run.Error);
        Assert.Equal(["held.csv", "train.csv"], FilesInFolder());
    }

    // ---------------------------------------------------------------- usage errors

    public static TheoryData<string, string> UsageErrors() => new()
    {
        { "--optimizer adam --noise 0.5", "--noise" },
        { "--optimizer momentum --noise 0", "--noise" },
        { "--optimizer sgd --momentum 0.5", "--momentum" },
        { "--optimizer adam --nesterov", "--nesterov" },
        { "--optimizer momentum --beta1 0.8", "--beta1" },
        { "--optimizer sgd --beta2 0.9", "--beta2" },
        { "--optimizer momentum --epsilon 1e-6", "--epsilon" },
        { "--optimizer momentum --momentum 1", "--momentum" },
        { "--optimizer adam --beta1 1", "--beta1" },
        { "--optimizer adam --epsilon 0", "--epsilon" },
        { "--optimizer rmsprop", "--optimizer" },
        { "--patience 3", "--patience" },
        { "--patience 0 --validation-split 0.2", "--patience" },
        { "--validation-split 1.5", "--validation-split" },
        { "--validation-split 0", "--validation-split" },
        { "--validation-split 0.2 --validation held.csv", "--validation" },
        { "--validation held.csv", "--validation" },
        { "--batch-size 0", "--batch-size" },
        { "--weight-decay -1", "--weight-decay" },
        { "--loss cross-entropy --output tanh", "--loss" },
        { "--loss hinge", "--loss" },
        { "--output sigmoid", "--output" },
        { "--activation relu,tanh --layers 6", "--activation" },
        { "--activation swish", "--activation" },
        { "--init xavier", "--init" },
        { "--classes", "--classes" },
        { "--resume m.json --standardize", "--standardize" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Train_OptionsThatDoNotGoTogether_UsageErrorOnOneLineNamingTheOption_NoFileLeft(string options, string option)
    {
        string[] args = options.Split(' ').Select(a => a.EndsWith(".csv", StringComparison.Ordinal) || a.EndsWith(".json", StringComparison.Ordinal) ? PathOf(a) : a).ToArray();

        CliRunner.Run run = CliRunner.InProcess(["train", .. args, "--iterations", "5", "--model-out", PathOf("out.json"), "--plot", PathOf("out.png")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: ", run.Error);
        Assert.Contains(option, run.Error);
        Assert.Empty(FilesInFolder());
    }

    // ---------------------------------------------------------------- optimizers

    [Theory]
    [InlineData("--optimizer sgd --noise 0 --learning-rate 1")]
    [InlineData("--optimizer sgd --batch-size 8 --learning-rate 1")]
    [InlineData("--optimizer momentum")]
    [InlineData("--optimizer momentum --nesterov --momentum 0.5")]
    [InlineData("--optimizer adam --learning-rate 0.05 --beta1 0.8 --beta2 0.99 --epsilon 1e-7")]
    [InlineData("--optimizer adam --learning-rate 0.05 --weight-decay 0.001")]
    public void TrainClasses_EachOptimizer_LowersTheCostAndCompletes(string options)
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));

        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--classes", "--standardize", "--layers", "6", .. options.Split(' '),
            "--iterations", "200", "--log-every", "50", "--no-plot", "--model-out", PathOf("m.json")]);

        Assert.True(run.ExitCode == 0, run.Error);
        Match first = SnapshotLine().Match(run.OutLines.First(l => l.StartsWith("iteration=", StringComparison.Ordinal)));
        Assert.Equal("0", first.Groups["iteration"].Value);
        Match summary = Summary(run);
        Assert.Equal("completed", summary.Groups["outcome"].Value);
        Assert.Equal("200", summary.Groups["iterations"].Value);
        Assert.True(Number(summary.Groups["cost"]) < 0.5 * Number(first.Groups["cost"]), $"{first.Value} → {summary.Value}");
    }

    // A one-weight linear model a = w·x + b with squared loss C = (1/N) Σ (a − y)², so g = (2/N) Σ (a − y)·(x, 1): its
    // steps are worked out here from PyTorch's definitions of each optimizer, independently of the library.
    private static double[] ReferenceSteps(string optimizer, int steps, double η, double λ, double μ, bool nesterov, double β1, double β2, double ε,
        double[] θ, double[] xs, double[] ys)
    {
        θ = [.. θ];
        double[] velocity = new double[2], m = new double[2], v = new double[2];
        for (int t = 1; t <= steps; t++)
        {
            double[] g = new double[2];
            for (int s = 0; s < xs.Length; s++)
            {
                double error = θ[0] * xs[s] + θ[1] - ys[s];
                g[0] += 2 * error * xs[s] / xs.Length;
                g[1] += 2 * error / xs.Length;
            }
            for (int k = 0; k < 2; k++)
            {
                double gk = g[k] + λ * θ[k];
                switch (optimizer)
                {
                    case "sgd":
                        θ[k] -= η * gk;
                        break;
                    case "momentum":
                        velocity[k] = t == 1 ? gk : μ * velocity[k] + gk;
                        θ[k] -= η * (nesterov ? gk + μ * velocity[k] : velocity[k]);
                        break;
                    case "adam":
                        m[k] = β1 * m[k] + (1 - β1) * gk;
                        v[k] = β2 * v[k] + (1 - β2) * gk * gk;
                        θ[k] -= η * (m[k] / (1 - Math.Pow(β1, t))) / (Math.Sqrt(v[k] / (1 - Math.Pow(β2, t))) + ε);
                        break;
                }
            }
        }
        return θ;
    }

    [Theory]
    [InlineData("--optimizer sgd --noise 0 --learning-rate 0.05")]
    [InlineData("--optimizer sgd --noise 0 --learning-rate 0.05 --weight-decay 0.3")]
    [InlineData("--optimizer momentum --learning-rate 0.05 --momentum 0.6")]
    [InlineData("--optimizer momentum --learning-rate 0.05 --momentum 0.6 --nesterov")]
    [InlineData("--optimizer momentum --learning-rate 0.05")]                              // μ = 0.9 by default
    [InlineData("--optimizer adam --learning-rate 0.1 --beta1 0.7 --beta2 0.95 --epsilon 0.01")]
    [InlineData("--optimizer adam --learning-rate 0.1 --weight-decay 0.2")]                 // β₁ 0.9, β₂ 0.999, ε 1e-8 by default
    public void TrainResume_LinearModel_OptimizerStepsMatchTheirDefinitionsWorkedOutByHand(string options)
    {
        // Given a hand-written 1,1 identity model (w = 0.5, b = −0.25) and three samples
        double[] θ0 = [0.5, -0.25], xs = [1, 2, -1], ys = [2, 3.5, -0.5];
        WriteCsv("model.json", """
            {"format": "backprop/model", "version": 2, "loss": "squared",
             "layers": [{"activation": "identity", "weights": [[0.5]], "biases": [-0.25]}]}
            """);
        string data = WriteCsv("d.csv", "x,y\n1,2\n2,3.5\n-1,-0.5\n");

        // When trained 4 steps from it
        const int steps = 4;
        string[] args = options.Split(' ');
        CliRunner.Run run = CliRunner.InProcess(["train", "--resume", PathOf("model.json"), "--data", data, .. args, "--iterations", steps.ToString(Invariant),
            "--log-every", "1", "--no-plot", "--model-out", PathOf("m.json")]);

        // Then the weights are the reference's, and the first cost line is C(θ₀)
        Assert.True(run.ExitCode == 0, run.Error);
        string Option(string name, string fallback) => Array.IndexOf(args, name) is int i and >= 0 ? args[i + 1] : fallback;
        double Value(string name, string fallback) => double.Parse(Option(name, fallback), NumberStyles.Float, Invariant);
        double[] expected = ReferenceSteps(Option("--optimizer", "sgd"), steps, Value("--learning-rate", "nan"), Value("--weight-decay", "0"),
            Value("--momentum", "0.9"), args.Contains("--nesterov"), Value("--beta1", "0.9"), Value("--beta2", "0.999"), Value("--epsilon", "1e-8"), θ0, xs, ys);
        Network trained = ModelFile.Load(PathOf("m.json"));
        AssertClose(expected[0], trained.Layers[0].Weights[0, 0], 1e-12, "w");
        AssertClose(expected[1], trained.Layers[0].Biases[0], 1e-12, "b");
        Assert.NotEqual(θ0[0], trained.Layers[0].Weights[0, 0]);

        double initialCost = xs.Zip(ys).Average(p => (θ0[0] * p.First + θ0[1] - p.Second) * (θ0[0] * p.First + θ0[1] - p.Second));
        Match first = SnapshotLine().Match(run.OutLines.First(l => l.StartsWith("iteration=0 ", StringComparison.Ordinal)));
        AssertClose(initialCost, Number(first.Groups["cost"]), 1e-8, "C(θ₀)");
    }

    [Fact]
    public void Train_BatchAsLargeAsTheData_IsTheFullBatchRun_AndSmallerBatchesAreSeeded()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));
        string Run(string model, params string[] extra)
        {
            CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--classes", "--layers", "6", "--optimizer", "adam", "--learning-rate", "0.05",
                "--iterations", "50", "--no-plot", "--quiet", "--model-out", PathOf(model), .. extra]);
            Assert.True(run.ExitCode == 0, run.Error);
            return File.ReadAllText(PathOf(model));
        }

        string full = Run("full.json");
        Assert.Equal(full, Run("sixty.json", "--batch-size", "60"));          // one batch of every sample is the full batch
        Assert.Equal(full, Run("more.json", "--batch-size", "1000"));
        string batches = Run("seven.json", "--batch-size", "7");
        Assert.NotEqual(full, batches);
        Assert.Equal(batches, Run("seven-again.json", "--batch-size", "7"));  // the same seed, the same batches
        Assert.NotEqual(batches, Run("seven-seed2.json", "--batch-size", "7", "--seed", "2"));
    }

    [Fact]
    public void Train_WeightDecay_ShrinksTheWeights()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));
        double SquaredWeights(string model, string decay)
        {
            CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--standardize", "--layers", "6", "--optimizer", "adam",
                "--learning-rate", "0.05", "--iterations", "300", "--weight-decay", decay, "--no-plot", "--quiet", "--model-out", PathOf(model));
            Assert.True(run.ExitCode == 0, run.Error);
            return SumOfSquaredWeights(PathOf(model));
        }

        double none = SquaredWeights("none.json", "0"), some = SquaredWeights("some.json", "0.01"), much = SquaredWeights("much.json", "0.1");
        Assert.True(much < some && some < none, $"Σw²: λ=0 {none}, λ=0.01 {some}, λ=0.1 {much}");
    }

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
        string[] options = ["--data", data, "--classes", "--standardize", "--layers", "6", "--optimizer", "adam", "--learning-rate", "0.05", "--no-plot"];

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
        CliRunner.Run run = CliRunner.InProcess("train", "--resume", PathOf("model.json"), "--data", data, "--noise", "0", "--learning-rate", "0.5",
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
    public void TrainClasses_ResumingAModelWithoutClasses_DoesNotSilentlyDropTheClasses()
    {
        // Given a 2,6,3 model trained on one-hot numeric targets: no classes
        string oneHot = WriteCsv("one-hot.csv", "x1,x2,y1,y2,y3\n0,0,1,0,0\n6,0,0,1,0\n3,5,0,0,1\n");
        CliRunner.Run first = CliRunner.InProcess("train", "--data", oneHot, "--layers", "6", "--iterations", "10", "--no-plot", "--quiet", "--model-out", PathOf("plain.json"));
        Assert.True(first.ExitCode == 0, first.Error);
        string labelled = WriteSamples("blobs.csv", Blobs(30, seed: 7));

        // When it is resumed with --classes on a file of labels
        CliRunner.Run run = CliRunner.InProcess("train", "--resume", PathOf("plain.json"), "--data", labelled, "--classes", "--iterations", "10",
            "--no-plot", "--quiet", "--model-out", PathOf("m.json"));

        // Then either the combination is refused as a usage error, or the model it writes has the classes (and so evaluate
        // can read the labels); a successful run whose model has no classes has dropped --classes
        if (run.ExitCode == 2)
        {
            Assert.Single(run.ErrorLines);
            Assert.Contains("--classes", run.Error);
            return;
        }
        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument json = ModelJson(PathOf("m.json"));
        Assert.True(json.RootElement.TryGetProperty("classes", out _),
            $"train --resume (no classes) --classes exited {run.ExitCode} but wrote a version {json.RootElement.GetProperty("version")} model without classes");
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
