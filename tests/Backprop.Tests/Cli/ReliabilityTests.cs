using Backprop.Cli;
using System.Diagnostics;
using System.Text;

namespace Backprop.Tests.Cli;

/// <summary>
/// The train command is careful with the user's files and time: outputs are checked before any work, the model
/// survives a figure that cannot be written, nothing untrained replaces a model, and SIGTERM, SIGHUP and checkpoints
/// keep what was trained. Device nodes are made in the test's own folder; signals go only to the child started here.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ReliabilityTests : TempFolderTest
{
    [Fact]
    public void ModelOut_ADevice_IsWrittenThrough_AndStaysADevice()
    {
        string device = MakeNode("null", 'c', 1, 3);

        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "10", "--no-plot", "--quiet", "--model-out", device);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(device).Kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DevStdout_IsWrittenInto_APipeOrAFileAppendedTo(bool appendedFile)
    {
        // The child's own standard output: a pipe to this test, or (through the shell's >>) a file it appends to.
        string dll = Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll");
        File.WriteAllText(PathOf("log.txt"), "earlier line\n");
        string command = $"dotnet '{dll}' data heart --points 3 --out /dev/stdout" + (appendedFile ? $" >> '{PathOf("log.txt")}'" : "");
        using var shell = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = shell.StandardOutput.ReadToEnd(), error = shell.StandardError.ReadToEnd();
        shell.WaitForExit();

        Assert.True(shell.ExitCode == 0, error);
        string written = appendedFile ? File.ReadAllText(PathOf("log.txt")) : output;
        Assert.StartsWith(appendedFile ? "earlier line\nx,y1,y2\n" : "x,y1,y2\n", written);
        Assert.Equal(appendedFile ? 5 : 4, written.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("--model-out", "missing/model.json", "the folder")]
    [InlineData("--model-out", "models", "is a folder")]
    [InlineData("--figure-out", "missing/figure.png", "the folder")]
    public void UnwritableOutput_IsAUsageError_BeforeAnyWork(string option, string path, string reason)
    {
        Directory.CreateDirectory(PathOf("models"));

        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "2000000", "--log-every", "1", option, PathOf(path));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"backprop: {option} {PathOf(path)}: ", run.Error);
        Assert.Contains(reason, run.Error);
        Assert.Empty(run.Out);   // not one iteration reported
        Assert.Equal(["models"], Directory.GetFileSystemEntries(Folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("train", "--model-out")]
    [InlineData("train", "--figure-out")]
    [InlineData("predict", "--out")]
    public void EmptyOutputName_IsAUsageError(string command, string option)
    {
        string[] args = command == "train" ? ["train", "--iterations", "10", option, ""] : ["predict", "--model", PathOf("m.json"), "--points", "5", option, ""];

        CliRunner.Run run = CliRunner.InProcess(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"backprop: {option}: the file name is empty", run.Error.Trim());
    }

    [Fact]
    public void FigureThatCannotBeWritten_KeepsTheModel_AndSaysWhere()
    {
        string full = MakeNode("figure.png", 'c', 1, 7);   // every write fails: no space left

        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "200", "--quiet", "--model-out", PathOf("model.json"), "--plot", full);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"backprop: the model is saved in {PathOf("model.json")}, but the figure could not be written: {full}: ", run.Error);
        Assert.Equal([1, 6, 7, 2], ModelFile.Load(PathOf("model.json")).LayerSizes);
    }

    [Fact]
    public void CtrlC_WhileDrawing_StopsTheDrawing_TheModelSaved()
    {
        using var cancel = new CancellationTokenSource();
        var output = new CancelOnLine("wrote ", cancel);   // Ctrl-C the moment the model is reported written
        var error = new StringWriter();

        int code = BackpropApp.Run(["train", "--iterations", "20", "--model-out", PathOf("model.json"), "--plot", PathOf("figure.png")],
            new Terminal(output, error, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) }), IsInteractive: false),
            cancel.Token);

        Assert.Equal(130, code);
        Assert.Equal($"backprop: the model is saved in {PathOf("model.json")}; interrupted while drawing, so no figure was written", error.ToString().Trim());
        Assert.Equal([1, 6, 7, 2], ModelFile.Load(PathOf("model.json")).LayerSizes);
        Assert.False(File.Exists(PathOf("figure.png")));
    }

    [Fact]
    public void InterruptedBeforeTheFirstStep_WritesNothing()
    {
        File.WriteAllText(PathOf("model.json"), "the user's model");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        CliRunner.Run run = CliRunner.InProcess(cancelled.Token, "train", "--model-out", PathOf("model.json"), "--plot", PathOf("training.png"));

        Assert.Equal(130, run.ExitCode);
        Assert.Contains("nothing written", run.Error);
        Assert.Equal("the user's model", File.ReadAllText(PathOf("model.json")));
        Assert.False(File.Exists(PathOf("training.png")));
    }

    [Fact]
    public void ResumedRunThatDoesNotLearn_LeavesTheResumedModelAsItWas()
    {
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "2000", "--no-plot", "--quiet", "--model-out", PathOf("model.json")).ExitCode);
        byte[] before = File.ReadAllBytes(PathOf("model.json"));

        // A step far too large: the weights change, the cost rises, the run is not trained.
        CliRunner.Run run = CliRunner.InProcess("train", "--resume", PathOf("model.json"), "--model-out", PathOf("model.json"),
            "--learning-rate", "100", "--noise", "0", "--iterations", "50", "--no-plot", "--quiet");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("is left as it was", run.Error);
        Assert.Equal(before, File.ReadAllBytes(PathOf("model.json")));
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    public void Signal_SavesWhatWasTrained_LikeCtrlC(string signal, int exitCode)
    {
        using var child = Child.Start(Folder, "train", "--iterations", "100000000", "--log-every", "1000", "--no-plot");
        child.WaitForLine("iteration=2000 ");

        child.Signal(signal);

        Assert.Equal(exitCode, child.WaitForExit());
        Assert.Contains("interrupted: saved the model after", child.Output);
        Assert.Equal([1, 6, 7, 2], ModelFile.Load(PathOf("model.json")).LayerSizes);
    }

    [Fact]
    public void Checkpoints_SurviveAKill()
    {
        using var child = Child.Start(Folder, "train", "--iterations", "100000000", "--log-every", "1000", "--checkpoint-every", "2000", "--no-plot");
        child.WaitForLine("iteration=5000 ");

        child.Signal("KILL");
        child.WaitForExit();

        Network saved = ModelFile.Load(PathOf("model.json"));   // the checkpoint of iteration 2000 or 4000, whole
        Assert.Equal([1, 6, 7, 2], saved.LayerSizes);
        // A kill can land during a checkpoint's write and leave its one temporary file (the next write removes it).
        Assert.True(Directory.GetFiles(Folder, ".model.json.backprop-*").Length <= 1);
    }

    [Theory]
    [InlineData("train --data pipe --model-out m.json --no-plot")]
    [InlineData("train --resume pipe --model-out m.json --no-plot")]
    [InlineData("predict --model pipe --points 5")]
    [InlineData("evaluate --model m.json --data pipe")]
    public void CtrlC_WhileAFifoNeverWrites_StopsAtOnce(string commandLine)
    {
        string fifo = MakeFifo("pipe");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var clock = Stopwatch.StartNew();
        if (commandLine.StartsWith("evaluate", StringComparison.Ordinal)) ModelFile.Save(Network.CreateRandom([1, 2, 2], new NumpyRandom(1)), PathOf("m.json"));
        string[] args = commandLine.Split(' ').Select(a => a is "pipe" or "m.json" ? PathOf(a) : a).ToArray();
        CliRunner.Run run = CliRunner.InProcess(cancel.Token, args);

        Assert.Equal(130, run.ExitCode);
        Assert.Contains("interrupted: nothing written", run.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "not stopped");   // a bound on a hang, not a timing
        Assert.DoesNotContain("m.json", commandLine.StartsWith("evaluate", StringComparison.Ordinal) ? [] : FilesInFolder());
        ReleaseReader(fifo);
    }

    [Fact]
    public void CtrlC_DuringGradcheckOfALargeModel_Stops()
    {
        ModelFile.Save(Network.CreateRandom([1, 300, 300, 2], new NumpyRandom(1)), PathOf("big.json"));   // 91,000 parameters: minutes
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        CliRunner.Run run = CliRunner.InProcess(cancel.Token, "gradcheck", "--model", PathOf("big.json"), "--points", "50");

        Assert.Equal(130, run.ExitCode);
        Assert.Empty(run.Out);
    }

    // Opening the FIFO's other end lets the abandoned reader see the end of the file and finish (in the background: the
    // open waits for a reader, and the test does not wait for it).
    private static void ReleaseReader(string fifo) =>
        _ = Task.Run(() =>
        {
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        });

    // The tool as a real process, its standard output collected as it comes.
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Child(Process process) => _process = process;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public static Child Start(string folder, params string[] args)
        {
            var child = new Child(new Process { StartInfo = CliRunner.StartInfo(folder, args) });
            child._process.OutputDataReceived += (_, e) => { lock (child._output) child._output.AppendLine(e.Data); };
            child._process.ErrorDataReceived += (_, e) => { lock (child._output) child._output.AppendLine(e.Data); };
            child._process.Start();
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        public void WaitForLine(string text)
        {
            var clock = Stopwatch.StartNew();
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                Assert.False(_process.HasExited, $"the child ended before printing {text}: {Output}");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"no {text} within a minute: {Output}");
                Thread.Sleep(20);
            }
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()]);
            kill.WaitForExit();
        }

        public int WaitForExit()
        {
            Assert.True(_process.WaitForExit(TimeSpan.FromMinutes(1)), $"the child did not stop: {Output}");
            _process.WaitForExit();   // and its output is drained
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }
}
