namespace Backprop.Cli;

/// <summary>A command could not do its job; the message is the one line the user sees.</summary>
/// <param name="message">What went wrong, naming the option, file or value.</param>
/// <param name="exitCode">2 for a usage problem (a bad option), 1 for a failure.</param>
internal sealed class CommandFailure(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    /// <summary>The exit code the process ends with.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A bad option or option value.</summary>
    public static CommandFailure Usage(string message) => new(message, ExitCodes.Usage);

    /// <summary>The library's own sentence in <paramref name="e"/>: its message up to the " (Parameter 'x')" .NET appends (and any "Actual value" after it).</summary>
    public static string MessageOf(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Split($" (Parameter '{e.ParamName}')")[0];
}

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotTrained = 3;
    public const int Interrupted = 130;
}
