using Backprop.Cli;

// Ctrl-C asks the running command to stop cleanly (training saves what it has) instead of killing the process.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return BackpropApp.Run(args, Terminal.FromProcess(), cancel.Token);
