using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

public sealed partial class GeneralTrainingTests
{
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
    [InlineData("a,b,c", "worksheet")]      // no target names (the data defaults take the last column)
    [InlineData("y,a,b", "worksheet")]      // a target name, but not trailing
    [InlineData("y,a,b", "data")]
    [InlineData("y1,y2,y3", "worksheet")]   // every column a target: no inputs
    [InlineData("y1,y2,y3", "data")]
    [InlineData("x,y,label", "worksheet")]  // label among other target names: more likely two coordinates and a class
    [InlineData("x,y,label", "data")]
    public void Train_HeaderRuleFindsNoSplitAndNoInputsOption_IsAUsageErrorThatSaysInputs(string header, string recipe)
    {
        string data = WriteCsv("d.csv", $"{header}\n0,0,0.1\n1,0,0.9\n");

        CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--recipe", recipe, "--no-plot", "--model-out", PathOf("m.json"));

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
    public void Train_WorksheetRecipe_TargetsOutsideTheLogisticRange_ExitsOneSuggestingIdentityOutputAndWritesNothing()
    {
        string data = LargeTargets();

        CliRunner.Run run = CliRunner.InProcess("train", "--recipe", "worksheet", "--data", data, "--model-out", PathOf("m.json"), "--plot", PathOf("f.png"));

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
}
