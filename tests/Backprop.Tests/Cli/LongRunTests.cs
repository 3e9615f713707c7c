using System.Diagnostics;

namespace Backprop.Tests.Cli;

/// <summary>A run's memory is bounded by what it is given (data, network, figure), never by its iteration count.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(nameof(RunAlone))]
[Trait("Category", "Stress")]
public sealed class LongRunTests : TempFolderTest
{
    [Fact]
    public async Task MillionsOfIterations_ReportedAtEveryOne_KeepTheMemoryFlat()
    {
        // Given a run of two million steps that reports (and keeps an evaluation) at every one, its lines read as they come
        const int iterations = 2_000_000;
        ProcessStartInfo start = CliRunner.StartInfo(Folder, "train", "--points", "5", "--iterations", $"{iterations}", "--log-every", "1", "--no-figure");
        using var child = new Process { StartInfo = start };
        long early = 0, late = 0;
        int lines = 0;
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lines++;
            if (e.Data.StartsWith("iteration=200000 ", StringComparison.Ordinal)) early = ResidentBytes(child.Id);
            if (e.Data.StartsWith($"iteration={iterations - 100_000} ", StringComparison.Ordinal)) late = ResidentBytes(child.Id);
        };
        child.Start();
        child.BeginOutputReadLine();
        Task<string> error = child.StandardError.ReadToEndAsync();

        // When it has run them all
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(5)), "not done in five minutes");
        child.WaitForExit();

        // Then its resident memory did not grow between a tenth of the way and the end
        Assert.True(child.ExitCode == 0, await error);
        Assert.True(lines > iterations, $"{lines} lines");
        Assert.True(early > 0 && late > 0, "not sampled");
        Assert.True(late - early < 32 << 20, $"resident memory grew from {early >> 20} MiB at iteration 200,000 to {late >> 20} MiB at {iterations - 100_000:N0}");
    }

    // VmRSS of a running process, in bytes.
    private static long ResidentBytes(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
