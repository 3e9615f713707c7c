using System.Runtime.InteropServices;
using Backprop.Cli;

// Ctrl-C (SIGINT), SIGTERM (timeout, container stops) and SIGHUP (a closed terminal) ask the running command to stop
// cleanly: training saves what it has trained. The exit code is then 128 + the signal's number, as a shell reports a
// process the signal ended. A second Ctrl-C ends the process at once (a write already under way is atomic).
using var cancel = new CancellationTokenSource();
int interruptedCode = ExitCodes.Interrupted;
void Interrupt(int code)
{
    if (cancel.IsCancellationRequested) return;
    interruptedCode = code;
    cancel.Cancel();
}
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;   // the second: the default, which ends the process
    e.Cancel = true;
    Interrupt(ExitCodes.Interrupted);
};
// The first SIGTERM or SIGHUP asks; a second one of them ends the process by its default action, as a second Ctrl-C does.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = !cancel.IsCancellationRequested;
    Interrupt(128 + 15);
});
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = !cancel.IsCancellationRequested;
    Interrupt(128 + 1);
});
int exitCode = BackpropApp.Run(args, Terminal.FromProcess(), cancel.Token);
return exitCode == ExitCodes.Interrupted ? interruptedCode : exitCode;
