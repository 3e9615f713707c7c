using System.Runtime.ExceptionServices;
using Spectre.Console.Cli;

namespace Backprop.Cli;

/// <summary>
/// Work that stops within moments of Ctrl-C (or SIGTERM, SIGHUP), wherever it is: it runs on its own thread, and the
/// caller returns "interrupted" (exit 130) as soon as the token is cancelled, even from a read that blocks for ever (a
/// FIFO nobody writes to). Outputs are written atomically after the work, so nothing is left half-written.
/// </summary>
internal static class Interruptible
{
    /// <summary>Run <paramref name="work"/> and return its result, or throw <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/> is cancelled.</summary>
    public static T Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task<T> task = Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            task.Wait(cancellationToken);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
        }
        return task.Result;
    }
}

/// <summary>A command whose whole work is <see cref="Interruptible"/>: <c>Run</c> is what other commands call <c>Execute</c>.</summary>
internal abstract class InterruptibleCommand<TSettings> : Command<TSettings> where TSettings : CommandSettings
{
    /// <inheritdoc/>
    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken) =>
        Interruptible.Run(() => Run(context, settings, cancellationToken), cancellationToken);

    /// <summary>The command's work; it may check <paramref name="cancellationToken"/> to stop its own loops early.</summary>
    protected abstract int Run(CommandContext context, TSettings settings, CancellationToken cancellationToken);
}

/// <summary>
/// Whether a signal may end the running command at once. Until the command has work of its own to save, a signal
/// abandons it wherever it is (the entry point removes its temporary files and ends the process); once it calls
/// <see cref="Protect"/> (training under way, a server serving), it stops by itself and saves what it has.
/// </summary>
internal sealed class Interruption
{
    private const int Abandonable = 0, Protected = 1, Abandoned = 2;
    private int _state;
    private readonly Lock _reporting = new();
    private bool _reported;

    /// <summary>From now on the command stops by itself when its cancellation token says so; false when it was already abandoned.</summary>
    public bool Protect() => Interlocked.CompareExchange(ref _state, Protected, Abandonable) != Abandoned;

    /// <summary>Abandon the command, unless it is protected; true when it was abandoned.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Abandonable) == Abandonable;

    /// <summary>
    /// Say, in one line on the terminal's error stream, that the command was interrupted, the files it had written, and
    /// whether what it wrote to standard output may be cut short: once, by whichever of the command and the entry point
    /// comes first (the other waits until the line is written).
    /// </summary>
    public void Report(Terminal terminal, IReadOnlyList<string> written)
    {
        lock (_reporting)
        {
            if (_reported) return;
            _reported = true;
            string files = written.Count == 0 ? "" : $"after writing {string.Join(", ", written.Select(Excerpt.Printable))}";
            string line = (files, terminal.HasDataOnOut) switch
            {
                ("", false) => "interrupted: nothing written",
                ("", true) => "interrupted: no file written, and what went to standard output may be cut short",
                (_, false) => $"interrupted {files}",
                (_, true) => $"interrupted {files}, and what went to standard output may be cut short",
            };
            terminal.Error.WriteLine($"backprop: {line}");
            terminal.Error.Flush();
        }
    }
}
