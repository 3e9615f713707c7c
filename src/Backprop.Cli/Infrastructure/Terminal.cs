using Spectre.Console;

namespace Backprop.Cli;

/// <summary>Where a command's output goes: plain text out, one-line errors, and a rich console for progress and help.</summary>
/// <param name="Out">Standard output: results (JSON, CSV) and the closing summary line.</param>
/// <param name="Error">Standard error: one line per problem.</param>
/// <param name="Console">The rich console that help and the progress bar draw on.</param>
/// <param name="IsInteractive">True when a person watches a terminal: show a progress bar instead of plain lines.</param>
internal sealed record Terminal(TextWriter Out, TextWriter Error, IAnsiConsole Console, bool IsInteractive)
{
    /// <summary>The path of the file <see cref="Out"/> writes to, when it is the process's own standard output (to tell it from the inputs).</summary>
    public string? OutPath { get; init; }

    private int _dataOnOut;

    /// <summary>Whether a command's result (CSV, JSON) has begun to go to <see cref="Out"/>, so that an interruption can say it may be cut short.</summary>
    public bool HasDataOnOut => Volatile.Read(ref _dataOnOut) == 1;

    /// <summary>Note that a command's result begins to go to <see cref="Out"/>.</summary>
    public void BeginDataOnOut() => Volatile.Write(ref _dataOnOut, 1);

    /// <summary>The process's own standard streams.</summary>
    public static Terminal FromProcess()
    {
        bool interactive = !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        return new Terminal(System.Console.Out, System.Console.Error, console, interactive) { OutPath = OperatingSystem.IsLinux() ? "/dev/stdout" : null };
    }

    /// <summary>A terminal that writes into strings, for tests.</summary>
    public static Terminal ForTests(StringWriter output, StringWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        return new Terminal(output, error, console, IsInteractive: false);
    }
}
