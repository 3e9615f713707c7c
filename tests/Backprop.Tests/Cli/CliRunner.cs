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

    public static Run AsProcess(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        return new Run(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A fresh empty folder per test, removed afterwards.</summary>
public abstract class TempFolderTest : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("backprop-cli-tests").FullName;

    protected string PathOf(string name) => Path.Combine(Folder, name);

    protected string[] FilesInFolder() => Directory.GetFiles(Folder).Select(Path.GetFileName).Order().ToArray()!;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
