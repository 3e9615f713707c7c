using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Backprop.Tests.Cli;

/// <summary>
/// Signals at any moment of a command's life: answered at once, nothing half-written, no temporary file left wherever it
/// was made (the tool's own folder for streamed writes is put in the test's folder through TMPDIR). Every process is
/// one this test started, signalled by its id.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(nameof(RunAlone))]   // timed against the tool's own start-up: not beside the CPU-heavy tests
[Trait("Category", "Stress")]
public sealed class SignalTests : TempFolderTest
{
    private const int SIGHUP = 1, SIGINT = 2, SIGTERM = 15;

    [Theory]
    [InlineData(SIGINT)]
    [InlineData(SIGTERM)]
    public void ExportToAFifoWithoutReader_Interrupted_LeavesNoTemporaryBehind(int signal)
    {
        // Given a model, and a FIFO nobody reads as the output: the export waits to stream its file into it
        WriteModel();
        string fifo = MakeFifo("out.onnx");
        using Process child = Start("export", "--model", PathOf("m.json"), "--out", fifo);
        WaitUntil(() => Directory.GetDirectories(TemporaryFolder, "backprop-*").Length > 0, child, "the streamed write's own folder");
        Thread.Sleep(200);   // it has written its temporary file and waits for the FIFO's reader

        // When it is interrupted
        Kill(child.Id, signal);

        // Then it ends at once, says nothing was written, and its folder and temporary file are gone
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), "still waiting for the FIFO");
        Assert.Equal(128 + signal, child.ExitCode);
        Assert.Equal("backprop: interrupted: nothing written", child.StandardError.ReadToEnd().Trim());
        Assert.Empty(Directory.GetFileSystemEntries(TemporaryFolder, "backprop-*"));
    }

    [Fact]
    public void TrainToAFifoWithoutReader_ASecondSignal_EndsIt_LeavingNothing()
    {
        // Given a run that has trained and waits for a reader of its model: the first signal asks it to stop, but
        // what it waits for is the write of what it has saved
        string fifo = MakeFifo("model.json");
        using Process child = Start("train", "--iterations", "100", "--no-figure", "--model-out", fifo);
        WaitUntil(() => Directory.GetDirectories(TemporaryFolder, "backprop-*").Length > 0, child, "the streamed write's own folder");
        Thread.Sleep(200);
        Kill(child.Id, SIGTERM);
        Assert.False(child.WaitForExit(TimeSpan.FromMilliseconds(500)), "a run that saves what it trained waits for the write");

        // When a second signal comes
        Kill(child.Id, SIGTERM);

        // Then it ends at once, by the tool's own hand: one line, the temporary file and its folder removed
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), "not ended by the second signal");
        Assert.Equal(143, child.ExitCode);
        Assert.EndsWith("backprop: interrupted: nothing written", child.StandardError.ReadToEnd().Trim());
        Assert.Empty(Directory.GetFileSystemEntries(TemporaryFolder, "backprop-*"));
    }

    public static TheoryData<string, int> EarlySignals()
    {
        var data = new TheoryData<string, int>();
        string[] commands = ["predict", "evaluate", "plot", "export", "data", "bench", "jacobians"];
        int[] delays = [2, 15, 40, 80, 150, 300];
        int[] signals = [SIGINT, SIGTERM, SIGHUP];
        int trial = 0;
        foreach (string command in commands)
            foreach (int delay in delays)
                data.Add($"{command}@{delay}", signals[trial++ % signals.Length]);
        return data;
    }

    [Theory]
    [MemberData(nameof(EarlySignals))]
    public void SignalAtAnyMomentOfTheStart_EndsPromptly_WritingNothing(string commandAtDelay, int signal)
    {
        // Given a command started, and a signal a few milliseconds to a few tenths of a second later
        string[] parts = commandAtDelay.Split('@');
        string command = parts[0];
        int delay = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        WriteModel();
        string[] args = command switch
        {
            "predict" => ["predict", "--model", PathOf("m.json"), "--points", "2000", "--out", PathOf("out.csv")],
            "evaluate" => ["evaluate", "--model", PathOf("m.json"), "--points", "2000"],
            "plot" => ["plot", "--model", PathOf("m.json"), "--points", "500", "--out", PathOf("out.png")],
            "export" => ["export", "--model", PathOf("m.json"), "--out", PathOf("out.onnx")],
            "data" => ["data", "heart", "--points", "200000", "--out", PathOf("out.csv")],
            "bench" => ["bench", "--workload", "seed", "--rounds", "100"],
            _ => ["jacobians", "--model", PathOf("m.json"), "--points", "2000"],
        };
        string[] before = FilesInFolder();
        using Process child = Start(args);
        Thread.Sleep(delay);

        // When it is signalled
        var clock = Stopwatch.StartNew();
        bool signalled = Kill(child.Id, signal);

        // Then it ends promptly: by the signal's default action while the runtime starts (before any of the tool's code,
        // so with no output), or with one line and 128 + the signal; or it had finished. Nothing half-written is left.
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), $"{command} still running 10 s after the signal");
        TimeSpan toEnd = clock.Elapsed;
        string error = child.StandardError.ReadToEnd().Trim();
        if (signalled && child.ExitCode == 128 + signal)
        {
            // A command that writes to standard output may have begun (jacobians on a loaded machine, 300 ms in): then it says so.
            // A command whose file was already in place when the signal came (export, 300 ms in) names it: that file is whole.
            string[] files = FilesInFolder();
            string[] added = [.. files.Except(before)];
            // A signal after the tool has finished, as the process shuts down (its handler gone), ends it by the signal's
            // default action, silently: the file it wrote (moved into place whole) stays.
            if (added.Length == 1 && (error == $"backprop: interrupted after writing {PathOf(added[0])}" || error == ""))
                Assert.True(new FileInfo(PathOf(added[0])).Length > 0, $"{command}: {added[0]} is empty");
            else
            {
                Assert.True(error is "" or "backprop: interrupted: nothing written" or "backprop: interrupted: no file written, and what went to standard output may be cut short",
                    $"{command}: {error}");
                Assert.Equal(before, files);
            }
            Assert.True(toEnd < TimeSpan.FromSeconds(3), $"{command} took {toEnd.TotalSeconds:F2} s to end after the signal");
        }
        else Assert.True(child.ExitCode == 0 && error == "", $"{command} after a signal at {delay} ms: exit {child.ExitCode}, {error}");
        Assert.Empty(Directory.GetFileSystemEntries(Folder, ".*backprop-*"));
        Assert.Empty(Directory.GetFileSystemEntries(TemporaryFolder, "backprop-*"));
    }

    [Fact]
    public void Train_OfANetworkWhosePassTakesLong_StopsWithinMoments()
    {
        // Given a network whose one pass over its data takes many seconds
        using var trainingBegan = new ManualResetEventSlim();
        using Process child = Start(["train", "--layers", "2000,2000", "--points", "20000", "--no-figure", "--model-out", PathOf("big.json")],
            line => { if (line.StartsWith("training ", StringComparison.Ordinal)) trainingBegan.Set(); });
        Assert.True(trainingBegan.Wait(TimeSpan.FromMinutes(1)), "no 'training' line within a minute");
        Thread.Sleep(500);   // past the line that opens training (a loaded machine may take seconds to load): in the first pass

        // When it is asked to stop
        var clock = Stopwatch.StartNew();
        Kill(child.Id, SIGTERM);

        // Then the pass is cut short within moments (a second's grace, then the next tile of samples): nothing was trained
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), "still running 30 s after the signal");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:F1} s after the signal");
        Assert.Equal(143, child.ExitCode);
        Assert.Contains("interrupted before the first step", child.StandardError.ReadToEnd());
        Assert.False(File.Exists(PathOf("big.json")));
    }

    [Fact]
    public void SignalWhileTheToolStarts_IsAnsweredAtOnce_NotAfterTheStartUp()
    {
        // The moment the tool's handlers are in place (SIGHUP caught), it still has its start to make: reading its
        // options, loading its libraries. A signal then is answered at once, in a fraction of that start's time.
        WriteModel();
        string[] args = ["predict", "--model", PathOf("m.json"), "--points", "5", "--out", PathOf("out.csv")];
        var unsignalled = new List<double>();
        var signalled = new List<double>();
        for (int trial = 0; trial < 5; trial++)
        {
            // Without a signal: from the handlers to the end (the start, and a prediction of five points)
            using (Process child = Start(args))
            {
                var clock = WaitForHandlers(child);
                Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)));
                unsignalled.Add(clock.Elapsed.TotalSeconds);
                Assert.Equal(0, child.ExitCode);
                File.Delete(PathOf("out.csv"));
            }
            // With a signal as soon as the handlers are in place: from the signal to the end
            using (Process child = Start(args))
            {
                var clock = WaitForHandlers(child);
                Kill(child.Id, SIGTERM);
                Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)));
                signalled.Add(clock.Elapsed.TotalSeconds);
                Assert.Equal(143, child.ExitCode);
                Assert.False(File.Exists(PathOf("out.csv")));
            }
        }

        double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
        Assert.True(Median(signalled) < 0.4 * Median(unsignalled),
            $"a signal at the handlers took {Median(signalled):F3} s to end the tool; the rest of its start and work take {Median(unsignalled):F3} s");
    }

    // The tool's own folder for a streamed write's temporary file: TMPDIR of the child.
    private string TemporaryFolder => Directory.CreateDirectory(PathOf("tmp")).FullName;

    private void WriteModel() => ModelFile.Save(Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1)), PathOf("m.json"));

    private Process Start(params string[] args) => Start(args, _ => { });

    // Starts the tool with its output read line by line by onOutputLine (a pipe nobody reads could fill).
    private Process Start(string[] args, Action<string> onOutputLine)
    {
        ProcessStartInfo start = CliRunner.StartInfo(Folder, args);
        start.Environment["TMPDIR"] = TemporaryFolder;
        Process child = Process.Start(start)!;
        child.OutputDataReceived += (_, line) => { if (line.Data is not null) onOutputLine(line.Data); };
        child.BeginOutputReadLine();
        return child;
    }

    private static void WaitUntil(Func<bool> condition, Process child, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (child.HasExited) Assert.Fail($"the tool ended before {what} appeared: {child.StandardError.ReadToEnd()}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"no {what} within a minute");
            Thread.Sleep(5);
        }
    }

    // Poll the child's caught signals until SIGHUP is among them (the tool's handlers are in place); a clock from then.
    private static Stopwatch WaitForHandlers(Process child)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(child.HasExited, "the tool ended before its handlers were seen");
            string? caught;
            try
            {
                caught = File.ReadLines($"/proc/{child.Id}/status").FirstOrDefault(line => line.StartsWith("SigCgt:", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                continue;   // ended: said above
            }
            if (caught is not null && (Convert.ToUInt64(caught[7..].Trim(), 16) & (1UL << (SIGHUP - 1))) != 0) return Stopwatch.StartNew();
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "the tool's handlers never came");
        }
    }

    // kill(2) on the child by its id, at once; false when it had already ended.
    private static bool Kill(int pid, int signal) => KillProcess(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int KillProcess(int pid, int signal);
}
