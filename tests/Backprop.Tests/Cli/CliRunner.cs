using System.Diagnostics;
using Backprop.Cli;

namespace Backprop.Tests.Cli;

/// <summary>Runs the backprop command in-process (through the entry point Main uses) or as a real process.</summary>
internal static class CliRunner
{
    public sealed record Run(int ExitCode, string Out, string Error)
    {
        public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Run InProcess(params string[] args) => InProcess(CancellationToken.None, args);

    public static Run InProcess(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = BackpropApp.Run(args, Terminal.ForTests(output, error), cancellationToken);
        return new Run(code, output.ToString(), error.ToString());
    }

    /// <summary>How to start the tool as a process in <paramref name="workingDirectory"/>, its output and errors redirected.</summary>
    /// <remarks>
    /// A shell without job control starts a background command (<c>dotnet test &amp;</c>) with SIGINT ignored, and a child
    /// inherits that: the tests' Ctrl-C would never arrive, and a test waiting for the child to stop would wait for ever.
    /// Then the child is started through <c>env --default-signal=INT</c>, so it takes SIGINT as it would from a terminal.
    /// </remarks>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (InterruptIgnored)
        {
            start.FileName = "env";
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Whether this process ignores SIGINT (Linux's <c>SigIgn</c> mask in /proc/self/status has bit 1 set).</summary>
    public static bool InterruptIgnored { get; } = File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } mask
        && (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;

    public static Run AsProcess(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        return new Run(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>Where the repository is, for tests that read its files.</summary>
internal static class Repository
{
    /// <summary>The repository's root folder (the one holding Directory.Packages.props), found from the test's own.</summary>
    public static string Root()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Directory.Packages.props"))) folder = Path.GetDirectoryName(folder);
        return folder ?? throw new InvalidOperationException("not inside the repository");
    }
}

/// <summary>A fresh empty folder per test, removed afterwards.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("backprop-cli-tests").FullName;

    protected string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The repository's root folder (the one holding Directory.Packages.props), found from the test's own.</summary>
    protected static string RepositoryRoot() => Repository.Root();

    protected string[] FilesInFolder() => Directory.GetFiles(Folder).Select(Path.GetFileName).Order().ToArray()!;

    /// <summary>A device node in this test's own folder (never the machine's): type 'c' or 'b', the numbers of the device.</summary>
    protected string MakeNode(string name, char type, int major, int minor)
    {
        string path = PathOf(name);
        RunTool("mknod", path, type.ToString(), major.ToString(), minor.ToString());
        return path;
    }

    /// <summary>A FIFO (named pipe) in this test's own folder.</summary>
    protected string MakeFifo(string name)
    {
        string path = PathOf(name);
        RunTool("mkfifo", path);
        return path;
    }

    /// <summary>Run a system tool and fail the test with its error if it fails.</summary>
    protected static void RunTool(string program, params string[] args)
    {
        (int exitCode, _, string error) = RunProgram(program, args);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
    }

    /// <summary>Run a program (in the repository's folder) to its end: its exit code, output and errors; 127 when it is missing.</summary>
    protected static (int ExitCode, string Output, string Error) RunProgram(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, "", $"{program}: {e.Message}");
        }
    }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>Standard output that cancels a token when a line starting with a given text is written (a Ctrl-C at that moment).</summary>
internal sealed class CancelOnLine(string start, CancellationTokenSource cancel) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value?.StartsWith(start, StringComparison.Ordinal) == true) cancel.Cancel();
    }
}
