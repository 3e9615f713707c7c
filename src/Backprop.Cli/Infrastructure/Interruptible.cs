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
