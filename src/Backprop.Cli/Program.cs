using System.Runtime.InteropServices;
using Backprop.Cli;

// Ctrl-C (SIGINT), SIGTERM (timeout, container stops) and SIGHUP (a closed terminal) ask the running command to stop.
// Their handlers are the first thing in place: before them, while the .NET runtime starts, a signal ends the process by
// its default action (nothing is read or written by then). The exit code is 128 + the signal's number, as a shell
// reports a process the signal ended.
using var cancel = new CancellationTokenSource();
using var again = new ManualResetEventSlim();
int interruptedCode = ExitCodes.Interrupted;
void Interrupt(PosixSignalContext context, int code)
{
    context.Cancel = true;
    if (cancel.IsCancellationRequested)
    {
        again.Set();
        return;
    }
    interruptedCode = code;
    cancel.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, 128 + 2));
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, 128 + 15));
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => Interrupt(context, 128 + 1));

// The command runs on its own thread, so that a signal is answered at once, whatever the command is doing (parsing
// its options, loading a library, waiting for a FIFO). Until it has work of its own to save, it is abandoned: writes
// under way are given up (their temporary files removed; a target is replaced whole or not at all) and the process
// ends. Once it has (training under way, a server serving), it stops by itself and saves what it has, unless a second
// signal comes: then it is abandoned too.
var interruption = new Interruption();
Terminal terminal = Terminal.FromProcess();
int exitCode = ExitCodes.Failure;
using var finished = new ManualResetEventSlim();
var command = new Thread(() =>
{
    try
    {
        exitCode = BackpropApp.Run(args, terminal, cancel.Token, interruption);
    }
    finally
    {
        finished.Set();
    }
}) { IsBackground = true, Name = "backprop command" };
command.Start();
WaitHandle.WaitAny([finished.WaitHandle, cancel.Token.WaitHandle]);
bool abandon = !finished.IsSet && (interruption.TryAbandon() || WaitHandle.WaitAny([finished.WaitHandle, again.WaitHandle]) == 1);
if (!abandon) return exitCode == ExitCodes.Interrupted ? interruptedCode : exitCode;
interruption.Report(terminal, Backprop.AtomicFile.Abandon());
return interruptedCode;
