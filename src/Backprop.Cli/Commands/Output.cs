namespace Backprop.Cli.Commands;

/// <summary>Where command results go: standard output, or a file written whole or not at all.</summary>
internal static class Output
{
    /// <summary>Write text to <paramref name="path"/> atomically, or to standard output when it is null.</summary>
    public static void WriteText(Terminal terminal, string? path, Action<TextWriter> write)
    {
        if (path is null)
        {
            write(terminal.Out);
            return;
        }
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            write(writer);
        });
    }
}
