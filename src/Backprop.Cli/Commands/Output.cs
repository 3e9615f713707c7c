namespace Backprop.Cli.Commands;

/// <summary>Where command results go: standard output, or a file written whole or not at all.</summary>
internal static class Output
{
    /// <summary>Refuse, as a usage error before any work, an output that could not be written (naming its option).</summary>
    public static void Check(string option, string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw CommandFailure.Usage($"{option}: the file name is empty");
        try
        {
            AtomicFile.CheckWritable(path);
        }
        catch (IOException e)
        {
            throw CommandFailure.Usage($"{option} {e.Message}");
        }
    }

    /// <summary>Whether two paths name the same file.</summary>
    public static bool SamePath(string a, string b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

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
