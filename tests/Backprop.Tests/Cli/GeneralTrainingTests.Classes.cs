using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

public sealed partial class GeneralTrainingTests
{
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
}
