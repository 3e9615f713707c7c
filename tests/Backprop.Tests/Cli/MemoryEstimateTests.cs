namespace Backprop.Tests.Cli;

/// <summary>
/// The memory a run is refused on is what it really allocates. Run alone: the allocation counter is the process's,
/// and tests running beside it would add theirs.
/// </summary>
[Collection(nameof(RunAlone))]
public class MemoryEstimateTests : TempFolderTest
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 4)]
    public void MemoryEstimate_CountsWhatARunAllocates(bool plot, int snapshots)
    {
        const int samples = 200_000, iterations = 4;
        var settings = new Backprop.Cli.Commands.TrainSettings { Points = samples, Iterations = iterations, NoFigure = !plot, LogEvery = Math.Max(1, iterations / Math.Max(1, snapshots)) };
        double estimate = Backprop.Cli.MemoryEstimate.Training([1, 6, 7, 2], samples, settings, settings.RunLengthFor(samples, [1, 6, 7, 2]));

        long before = GC.GetTotalAllocatedBytes(precise: true);
        string[] args = ["train", "--points", $"{samples}", "--iterations", $"{iterations}", "--log-every", $"{settings.LogEvery}", "--quiet", "--model-out", PathOf("m.json"),
            .. plot ? new[] { "--plot", PathOf("f.png") } : ["--no-plot"]];
        Assert.Equal(0, CliRunner.InProcess(args).ExitCode);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Everything the run allocated, garbage included, against the estimate of what it holds at once.
        Assert.InRange(estimate / allocated, 0.5, 2.0);
    }
}

/// <summary>Tests that must not run beside others.</summary>
[CollectionDefinition(nameof(RunAlone), DisableParallelization = true)]
public class RunAlone;

/// <summary>What a run holds does not grow with its iteration count, and neither does the estimate of it.</summary>
public class MemoryEstimateBoundTests
{
    [Fact]
    public void MemoryEstimate_OfABillionIterations_IsThatOfAMillion()
    {
        static double Estimate(int iterations)
        {
            var settings = new Backprop.Cli.Commands.TrainSettings { Points = 100, Iterations = iterations, LogEvery = 1, NoFigure = true };
            return Backprop.Cli.MemoryEstimate.Training([1, 6, 7, 2], 100, settings, settings.RunLengthFor(100, [1, 6, 7, 2]));
        }

        Assert.Equal(Estimate(1_000_000), Estimate(1_000_000_000));
        Assert.True(Estimate(1_000_000_000) < 16 << 20, $"{Estimate(1_000_000_000) / (1 << 20):F1} MiB");
    }
}
