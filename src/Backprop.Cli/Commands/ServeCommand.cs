using System.ComponentModel;
using System.Net;
using Backprop.Cli.Playground;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop serve</c>: the playground, a page that trains the worksheet's network live in the browser.</summary>
internal sealed class ServeCommand(Terminal terminal, Interruption interruption) : Command<ServeCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("The port to serve on; 0 picks a free one.")]
        [DefaultValue(5117)]
        public int Port { get; init; } = 5117;

        [CommandOption("--host <ADDRESS>")]
        [Description("The address to listen on: the loopback address 127.0.0.1 unless told; another address lets other machines train on this one.")]
        [DefaultValue("127.0.0.1")]
        public string Host { get; init; } = "127.0.0.1";

        public override Spectre.Console.ValidationResult Validate()
        {
            if (Port is < 0 or > 65535) return Spectre.Console.ValidationResult.Error($"--port must be from 0 to 65535, not {Port}");
            if (!IPAddress.TryParse(Host, out _)) return Spectre.Console.ValidationResult.Error($"--host must be an IP address such as 127.0.0.1, not \"{Host}\"");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        PlaygroundServer server;
        try
        {
            server = PlaygroundServer.StartAsync(IPAddress.Parse(settings.Host), settings.Port, cancellationToken: cancellationToken).GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new CommandFailure($"--port {settings.Port}: cannot listen on {settings.Host}:{settings.Port} ({e.Message.TrimEnd('.')})");
        }
        interruption.Protect();   // serving: a signal stops the server cleanly (streams ended, sessions freed)
        terminal.Out.WriteLine($"serving: {server.Address}");
        terminal.Out.Flush();
        try
        {
            Task.Delay(Timeout.Infinite, cancellationToken).Wait(CancellationToken.None);
        }
        catch (AggregateException e) when (e.InnerException is TaskCanceledException)
        {
            // Ctrl-C
        }
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        terminal.Out.WriteLine("stopped");
        return ExitCodes.Success;
    }
}
