using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Tests.Support;

namespace Backprop.Tests.Cli;

/// <summary>jacobians, gradcheck, predict, plot and data heart on saved models.</summary>
public sealed class ModelCommandTests : TempFolderTest
{
    // `train --iterations 0 --seed 1` saves the worksheet's np.random.seed(1); reset_network() weights.
    private string SeedOneModel()
    {
        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "0", "--seed", "1", "--model-out", PathOf("m.json"), "--no-plot", "--quiet");
        Assert.Equal(0, run.ExitCode);
        return PathOf("m.json");
    }

    [Fact]
    public void Jacobians_SeedOneModel_MatchTheWorksheetsJacobiansAndTheLibrary()
    {
        string model = SeedOneModel();
        CliRunner.Run run = CliRunner.InProcess("jacobians", "--model", model);

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Out);
        JsonElement expected = Fixture.Cases("networks.json").First();
        Network printed = Fixture.Network(json.RootElement.GetProperty("layers"));
        Assertions.Close(Fixture.Network(expected.GetProperty("jacobians")), printed, 1e-12, "J");
        double cost = json.RootElement.GetProperty("cost").GetDouble();
        Assert.True(Math.Abs(cost - expected.GetProperty("cost").GetDouble()) <= 1e-12 * cost);

        Gradients library = ModelFile.Load(model).Backpropagate(HeartData.Create());
        Assert.Equal(library.Cost, cost);   // printed round-trippably: exactly the library's numbers
        Assert.Equal(library.Layers[1].Weights.AsSpan().ToArray(), printed.Layers[1].Weights.AsSpan().ToArray());
    }

    [Fact]
    public void GradCheck_HeartNetwork_Passes()
    {
        CliRunner.Run run = CliRunner.InProcess("gradcheck", "--model", SeedOneModel());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.OutLines.Length);
        Assert.StartsWith("gradcheck: passed", run.OutLines[^1]);
    }

    [Fact]
    public void GradCheck_ToleranceBelowTheError_Fails()
    {
        CliRunner.Run run = CliRunner.InProcess("gradcheck", "--model", SeedOneModel(), "--tolerance", "1e-300");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("gradcheck: FAILED", run.OutLines[^1]);
    }

    [Fact]
    public void DataHeart_ThenPredict_WriteCsvThatReadsBackExactly()
    {
        Assert.Equal(0, CliRunner.InProcess("data", "heart", "--points", "37", "--out", PathOf("heart.csv")).ExitCode);
        DataSet written = DataFile.Load(PathOf("heart.csv"));
        Assert.Equal(HeartData.Create(37).Targets.AsSpan().ToArray(), written.Targets.AsSpan().ToArray());

        string model = SeedOneModel();
        CliRunner.Run run = CliRunner.InProcess("predict", "--model", model, "--data", PathOf("heart.csv"));
        Assert.Equal(0, run.ExitCode);
        DataSet predicted = DataFile.Read(new StringReader(run.Out));
        Assert.Equal(ModelFile.Load(model).Predict(written.Inputs).AsSpan().ToArray(), predicted.Targets.AsSpan().ToArray());
    }

    [Fact]
    public void Predict_InputsOnlyFile_WritesInputsAndOutputs()
    {
        File.WriteAllText(PathOf("x.csv"), "x\n0\n0.5\n");
        CliRunner.Run run = CliRunner.InProcess("predict", "--model", SeedOneModel(), "--data", PathOf("x.csv"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("x,y1,y2", run.OutLines[0]);
        Assert.Equal(3, run.OutLines.Length);
    }

    [Fact]
    public void Predict_KeepsTheDataFilesInputColumnNames()
    {
        File.WriteAllText(PathOf("x.csv"), "\"distance, km\",target\n0,1\n0.5,0\n");
        CliRunner.Run run = CliRunner.InProcess("predict", "--model", SeedOneModel(), "--data", PathOf("x.csv"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("\"distance, km\",y1,y2", run.OutLines[0]);
        Assert.Equal(["distance, km", "y1", "y2"], DataFile.ReadHeader(new StringReader(run.Out)));
    }

    [Fact]
    public void Predict_DataOfTheWrongShape_SaysSo()
    {
        File.WriteAllText(PathOf("d.csv"), "x1,x2\n1,2\n");
        CliRunner.Run run = CliRunner.InProcess("predict", "--model", SeedOneModel(), "--data", PathOf("d.csv"), "--inputs", "2");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1,6,7,2", run.Error);
    }

    [Theory]
    [InlineData("f.png")]
    [InlineData("f.svg")]
    public void Plot_SavedModel_WritesTheFigure(string name)
    {
        CliRunner.Run run = CliRunner.InProcess("plot", "--model", SeedOneModel(), "--out", PathOf(name));
        Assert.Equal(0, run.ExitCode);
        Assert.True(new FileInfo(PathOf(name)).Length > 1000);
    }

    [Fact]
    public void Bench_Seed_PrintsOneParseableLineWithTheYardsticksCost()
    {
        CliRunner.Run run = CliRunner.InProcess("bench", "--workload", "seed", "--rounds", "1");

        Assert.Equal(0, run.ExitCode);
        string line = Assert.Single(run.OutLines);
        Match match = Regex.Match(line, @"^bench: workload=seed layers=1,6,7,2 points=100 iterations=10000 us_per_iteration=([0-9.]+) cost=(\S+) threads=1 precision=float64 kernel=(512-bit-8x16|256-bit-6x8|128-bit-6x4|scalar-1x1)$");
        Assert.True(match.Success, line);
        // The C yardstick reaches 0.0020420333 on this workload (shared/reference/c-limit); the run is sensitive,
        // so agreement to a few parts in 10⁴ is what rounding differences allow.
        Assert.Equal(0.0020420333, double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 3e-7);
    }

    [Fact]
    public void Bench_Float32_SaysSo_AndReachesTheYardsticksFloat32Cost()
    {
        CliRunner.Run run = CliRunner.InProcess("bench", "--workload", "seed", "--rounds", "1", "--precision", "float32");

        Assert.Equal(0, run.ExitCode);
        Match match = Regex.Match(Assert.Single(run.OutLines), @" cost=(\S+) threads=1 precision=float32 kernel=");
        Assert.True(match.Success, run.Out);
        // c-limit built with -DSINGLE (float32 throughout) reaches 0.0020406029 (0.0020406019 without -ffast-math); float64
        // runs 0.0020420333, 7 parts in 10⁴ away: float32's rounding moves this sensitive run by that much.
        Assert.Equal(0.0020406029, double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 3e-7);
    }

    // A classifier workload learns what it is timed on: the cross-entropy ends far below a guess's (log 10 for ten
    // classes, log 2 for two), so the timing is of a real training run, not of a broken one.
    [Theory]
    [InlineData("classes", 2.302585)]
    [InlineData("binary", 0.693147)]
    public void Bench_Classifier_TrainsWhatItTimes(string workload, double guessCost)
    {
        CliRunner.Run run = CliRunner.InProcess("bench", "--workload", workload, "--rounds", "1");

        Assert.Equal(0, run.ExitCode);
        Match match = Regex.Match(Assert.Single(run.OutLines), $@"^bench: workload={workload} .* cost=(\S+) threads=1 ");
        Assert.True(match.Success, run.Out);
        Assert.InRange(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, guessCost / 20);
    }

    [Theory]
    [InlineData("bench")]
    [InlineData("train")]
    [InlineData("jacobians")]
    [InlineData("gradcheck")]
    [InlineData("predict")]
    [InlineData("plot")]
    [InlineData("data heart")]
    public void Help_EveryCommand_ExitsZeroAndDescribesItsOptions(string command)
    {
        CliRunner.Run run = CliRunner.InProcess([.. command.Split(' '), "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("USAGE", run.Out);
        Assert.Contains("--", run.Out);
    }
}
