using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Tests.Cli;
using Backprop.Tests.Support;

namespace Backprop.Tests.Worksheet;

/// <summary>
/// Runs worksheet/solution.cs and worksheet/exercise.cs as a learner does, <c>dotnet run FILE -- --out DIR</c>, once each
/// for the whole class (a file-based program's first build takes a while), each into its own temporary folder. The
/// solution builds as on a learner's machine; the exercise as on a CI server (CI=true), whose build maps source paths
/// to /_/, so the program must still find its own file for the report and name it in its messages.
/// </summary>
public sealed class WorksheetRuns : IDisposable
{
    public WorksheetRuns()
    {
        Solution = RunProgram("solution.cs", SolutionFolder, continuousIntegration: false);
        Exercise = RunProgram("exercise.cs", ExerciseFolder, continuousIntegration: true);
    }

    public string SolutionFolder { get; } = Directory.CreateTempSubdirectory("backprop-worksheet-solution").FullName;

    public string ExerciseFolder { get; } = Directory.CreateTempSubdirectory("backprop-worksheet-exercise").FullName;

    internal CliRunner.Run Solution { get; }

    internal CliRunner.Run Exercise { get; }

    // From the repository's root, as the README says to run it, writing into the folder given.
    private static CliRunner.Run RunProgram(string file, string outFolder, bool continuousIntegration)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root(), RedirectStandardOutput = true, RedirectStandardError = true };
        if (continuousIntegration) start.Environment["CI"] = "true";
        else start.Environment.Remove("CI");
        foreach (string a in new[] { "run", $"worksheet/{file}", "--", "--out", outFolder }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        return new CliRunner.Run(process.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        Directory.Delete(SolutionFolder, recursive: true);
        Directory.Delete(ExerciseFolder, recursive: true);
    }
}

public class WorksheetProgramTests(WorksheetRuns runs) : IClassFixture<WorksheetRuns>
{
    private static readonly JsonElement NumpyRun = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "worksheet_run.json"))).RootElement;
    private static readonly JsonElement NumpyStart = Fixture.Cases("networks.json").First(c => c.GetProperty("seed").GetInt32() == 1 && c.GetProperty("points").GetInt32() == 100
                                                                                               && c.GetProperty("layers")[1].GetInt32() == 6);

    [Fact]
    public void Solution_EndsWithItsSummary_ItsCostNumpys()
    {
        // The whole training cell, with the learner's (the solution's) Jacobians: numpy's run amplifies rounding, so 1e-4
        Assert.True(runs.Solution.ExitCode == 0, runs.Solution.Out + runs.Solution.Error);
        Match summary = Regex.Match(runs.Solution.OutLines[^1], @"^worksheet: jacobians=(\d)/6 iterations=(\d+) cost=(\S+)$");
        Assert.True(summary.Success, runs.Solution.OutLines[^1]);
        Assert.Equal("6", summary.Groups[1].Value);
        Assert.Equal("50000", summary.Groups[2].Value);
        double cost = double.Parse(summary.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.Equal(NumpyRun.GetProperty("final_cost").GetDouble(), cost, NumpyRun.GetProperty("final_cost").GetDouble() * 1e-4);

        // and `backprop train --iterations 50001`'s run, the library's engine taking the same steps
        var random = new NumpyRandom(1);
        Network network = Network.CreateRandom([1, 6, 7, 2], random);
        TrainingResult train = SteepestDescent.Train(network, HeartData.Create(), random,
            new TrainingOptions { Iterations = 50_001, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });
        Assert.Equal(train.FinalCost, cost, train.FinalCost * 1e-4);
    }

    [Fact]
    public void Solution_PrintsTheWorksheetsTrainingLog_AsNumpysRun()
    {
        // Iter: 50000 ; Cost: … every 1,000 iterations, as plot_training prints them
        var log = runs.Solution.OutLines.Select(l => Regex.Match(l, @"^Iter: (\d+) ; Cost: (\S+)$")).Where(m => m.Success)
            .Select(m => (Iter: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Cost: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();
        JsonElement[] expected = [.. NumpyRun.GetProperty("log").EnumerateArray()];
        Assert.Equal(expected.Select(e => e.GetProperty("iter").GetInt32()), log.Select(l => l.Iter));
        for (int k = 0; k < log.Length; k++)
            Assert.Equal(expected[k].GetProperty("cost").GetDouble(), log[k].Cost, expected[k].GetProperty("cost").GetDouble() * 1e-4);
    }

    [Fact]
    public void Solution_Report_HoldsTheStartsNumbers_AsNumpysWorksheet()
    {
        // The report's tables (8 significant digits, as numpy shows them) against the worksheet's numpy code at seed 1
        string report = File.ReadAllText(Path.Combine(runs.SolutionFolder, "worksheet.md"));
        Network start = Fixture.Network(NumpyStart.GetProperty("network"));
        Network jacobians = Fixture.Network(NumpyStart.GetProperty("jacobians"));
        string[] weights = ["W1", "W2", "W3"], biases = ["b1", "b2", "b3"], jw = ["J_W1(x, y)", "J_W2(x, y)", "J_W3(x, y)"], jb = ["J_b1(x, y)", "J_b2(x, y)", "J_b3(x, y)"];
        for (int n = 0; n < 3; n++)
        {
            AssertTable(report, weights[n], start.Layers[n].Weights);
            AssertTable(report, biases[n], Column(start.Layers[n].Biases));
            AssertTable(report, jw[n], jacobians.Layers[n].Weights);
            AssertTable(report, jb[n], Column(jacobians.Layers[n].Biases));
        }
        JsonElement trace = NumpyStart.GetProperty("trace");
        for (int n = 1; n <= 3; n++)
        {
            AssertTable(report, $"z{n}", Fixture.Matrix(trace.GetProperty("z")[n - 1]));
            AssertTable(report, $"a{n}", Fixture.Matrix(trace.GetProperty("a")[n]));
        }
        Match cost = Regex.Match(report, @"`cost\(x, y\)` = (\S+)");
        Assert.Equal(NumpyStart.GetProperty("cost").GetDouble(), double.Parse(cost.Groups[1].Value, CultureInfo.InvariantCulture), 1e-15);
    }

    [Fact]
    public void Solution_Report_KeepsTheNotebooksTextCellsOutputsAndFigure()
    {
        string report = File.ReadAllText(Path.Combine(runs.SolutionFolder, "worksheet.md"));
        Assert.StartsWith("# Neural Networks", report);
        Assert.Contains(@"$$ \boldsymbol{a}^{(n)} = \sigma(\boldsymbol{z}^{(n)}) $$", report);
        Assert.Contains("**In [9]:**\n\n```csharp\nplot_training(x, y, iterations: 50000, aggression: 5, noise: 0.8);\n```", report);
        Assert.Equal(6, Regex.Matches(report, @"^✓ J_[Wb][123]  largest difference", RegexOptions.Multiline).Count);
        Assert.Contains("Iter: 0 ; Cost: ", report);
        Assert.DoesNotContain("#region", report);
        Assert.Contains("](worksheet.png)", report);
        byte[] png = File.ReadAllBytes(Path.Combine(runs.SolutionFolder, "worksheet.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(runs.SolutionFolder, "worksheet.svg")));
    }

    [Fact]
    public void Exercise_AsShipped_StopsNamingJ_W3AndTheLineToWriteItOn()
    {
        // Exit 1, one line on the error stream, no stack trace
        Assert.Equal(1, runs.Exercise.ExitCode);
        string[] errors = runs.Exercise.ErrorLines;
        Assert.True(errors.Length == 1, runs.Exercise.Error);
        Match guidance = Regex.Match(errors[0], @"^worksheet: write J_W3 next: worksheet/exercise\.cs, line (\d+) ");
        Assert.True(guidance.Success, errors[0]);

        // The line named is J_W3's NotImplementedException, in J_W3
        string[] source = File.ReadAllLines(Path.Combine(Repository.Root(), "worksheet", "exercise.cs"));
        int line = int.Parse(guidance.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains("throw new NotImplementedException();", source[line - 1]);
        Assert.StartsWith("Matrix J_W3(", source.Take(line).Last(l => l.StartsWith("Matrix J_", StringComparison.Ordinal)));

        // It ran the cells before it, wrote the report, and ended with its summary
        Match summary = Regex.Match(runs.Exercise.OutLines[^1], @"^worksheet: jacobians=0/6 iterations=0 cost=(\S+)$");
        Assert.True(summary.Success, runs.Exercise.OutLines[^1]);
        Assert.Equal(NumpyStart.GetProperty("cost").GetDouble(), double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture), 1e-15);
        Assert.Contains("· J_W3  not written yet (worksheet/exercise.cs, line", runs.Exercise.Out);
        string report = File.ReadAllText(Path.Combine(runs.ExerciseFolder, "worksheet.md"));
        Assert.StartsWith("# Neural Networks", report);
        Assert.Contains("**Stopped:** write J_W3 next", report);
        Assert.False(File.Exists(Path.Combine(runs.ExerciseFolder, "worksheet.png")));
    }

    private static Matrix Column(double[] values) => Matrix.FromRows([.. values.Select(v => new[] { v })]);

    // A table as the report writes it: `name`, rows×columns: then | **i** | v0 | v1 | … with its column numbers on top
    private static void AssertTable(string report, string name, Matrix expected)
    {
        int at = report.IndexOf($"`{name}`, {expected.Rows}×{expected.Columns}", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no table {name} {expected.Shape}");
        string[] lines = report[at..].Split('\n').Skip(2).TakeWhile(l => l.StartsWith('|')).ToArray();
        string[] header = Cells(lines[0]);
        Assert.Equal(expected.Rows, lines.Length - 2);
        for (int i = 0; i < expected.Rows; i++)
        {
            string[] cells = Cells(lines[i + 2]);
            Assert.Equal($"**{i}**", cells[0]);
            for (int c = 1; c < header.Length; c++)
            {
                if (header[c] == "…") continue;
                int column = int.Parse(header[c], CultureInfo.InvariantCulture);
                double shown = double.Parse(cells[c], CultureInfo.InvariantCulture), value = expected[i, column];
                Assert.True(Math.Abs(shown - value) <= 1e-7 * Math.Abs(value), $"{name}[{i}, {column}]: {shown} shown, numpy {value}");
            }
        }
    }

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];
}
