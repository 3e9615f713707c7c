using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary>
/// --epochs N: N passes over the training rows, an epoch being ⌈rows / batch size⌉ steps (one step with the whole set);
/// reports, checkpoints and patience then count epochs. Checked against the same run given in iterations.
/// </summary>
public sealed partial class EpochTests : TempFolderTest
{
    [GeneratedRegex(@"^epoch=(\d+) iteration=(\d+) cost=")]
    private static partial Regex ReportLine();

    private void WriteData(int rows)
    {
        var lines = new List<string> { "x1,x2,y" };
        for (int i = 0; i < rows; i++) lines.Add($"{i % 5 * 0.2},{i % 3 * 0.3},{(i % 2 == 0 ? 0.2 : 0.8)}");
        File.WriteAllLines(PathOf("d.csv"), lines);
    }

    [Fact]
    public void Epochs_AreThatManyPassesOfCeilRowsOverBatchSteps_TheSameRunAsInIterations()
    {
        // Given 10 rows in batches of 4: an epoch is ⌈10/4⌉ = 3 steps, so 5 epochs are 15 iterations
        WriteData(10);
        CliRunner.Run byEpochs = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--batch-size", "4", "--epochs", "5",
            "--optimizer", "adam", "--learning-rate", "0.01", "--no-figure", "--model-out", PathOf("epochs.json"));
        CliRunner.Run byIterations = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--batch-size", "4", "--iterations", "15",
            "--optimizer", "adam", "--learning-rate", "0.01", "--no-figure", "--quiet", "--model-out", PathOf("iterations.json"));

        Assert.True(byEpochs.ExitCode is 0 or 3, byEpochs.Error);
        Assert.Equal(byEpochs.ExitCode, byIterations.ExitCode);
        // The same weights, bit for bit
        Assert.Equal(File.ReadAllBytes(PathOf("iterations.json")), File.ReadAllBytes(PathOf("epochs.json")));
        // Reported at every epoch: epochs 0 … 5 at iterations 0, 3, …, 15, and the summary counts both
        (int Epoch, int Iteration)[] reports = [.. byEpochs.OutLines.Select(line => ReportLine().Match(line)).Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)))];
        Assert.Equal([(0, 0), (1, 3), (2, 6), (3, 9), (4, 12), (5, 15)], reports);
        Assert.Contains("5 epochs of 3 steps (15 iterations)", byEpochs.OutLines[0]);
        Assert.StartsWith("trained: iterations=15 epochs=5 cost=", byEpochs.OutLines.Single(l => l.StartsWith("trained:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Epochs_WithTheWholeSetEveryStep_AreSteps_AndLogEveryCountsEpochs()
    {
        WriteData(10);
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--epochs", "6", "--log-every", "2",
            "--no-figure", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode is 0 or 3, run.Error);
        int[] iterations = [.. run.OutLines.Select(line => ReportLine().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[2].Value))];
        Assert.Equal([0, 2, 4, 6], iterations);
    }

    [Fact]
    public void Epochs_CountTheTrainingRows_NotTheHeldOutOnes()
    {
        // 10 rows, 2 held out: 8 training rows in batches of 3 are ⌈8/3⌉ = 3 steps an epoch
        WriteData(10);
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--validation-split", "0.2", "--batch-size", "3", "--epochs", "2",
            "--no-figure", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode is 0 or 3, run.Error);
        Assert.Contains("2 epochs of 3 steps (6 iterations)", run.OutLines[0]);
    }

    [Theory]
    [InlineData(new[] { "--epochs", "3", "--iterations", "10" }, "backprop: --epochs and --iterations both say how long to train: give one")]
    [InlineData(new[] { "--epochs", "0" }, "backprop: --epochs must be 1 or more, not 0")]
    [InlineData(new[] { "--epochs", "2.5", "--validation-split", "0.5" }, "backprop: --epochs: '2.5' is not a whole number")]
    [InlineData(new[] { "--epochs", "2000000000", "--batch-size", "1" }, "backprop: --epochs 2000000000 of 10 steps each are 20000000000 steps, more than the 1000000000 a run may take")]
    public void BadEpochs_AreRefused_Exit2(string[] options, string message)
    {
        WriteData(10);
        CliRunner.Run run = CliRunner.InProcess(["train", "--data", PathOf("d.csv"), "--no-figure", "--model-out", PathOf("m.json"), .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.False(File.Exists(PathOf("m.json")));
    }
}
