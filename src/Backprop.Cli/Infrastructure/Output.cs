namespace Backprop.Cli;

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

    /// <summary>
    /// Refuse, as a usage error before any work, an output that is the same file as one of the command's inputs or
    /// another of its outputs (by the same path, <c>..</c>, a symbolic or a hard link: see <see cref="FileStatus.SameFile"/>),
    /// naming both options. An output that is a device or a FIFO is not compared (it holds no data to lose), but one that
    /// leads to a file is, also through <c>/dev/stdout</c>. Options not given are null; <paramref name="allowed"/> names
    /// an input and output that may be one file (continuing in place).
    /// </summary>
    public static void CheckSeparate((string Option, string? Path)[] outputs, (string Option, string? Path)[] inputs, (string Input, string Output)? allowed = null)
    {
        for (int o = 0; o < outputs.Length; o++)
        {
            (string option, string? path) = outputs[o];
            if (string.IsNullOrWhiteSpace(path) || !IsFileOrNothing(path)) continue;
            foreach ((string other, string? otherPath) in inputs.Concat(outputs[..o]))
            {
                if (string.IsNullOrWhiteSpace(otherPath) || (other, option) == allowed || !FileStatus.SameFile(path, otherPath)) continue;
                string what = inputs.Any(i => i.Option == other) ? "it would be replaced by the output" : "one would replace the other";
                throw CommandFailure.Usage($"{option} {path} is the same file as {other} {otherPath}: {what}; name another file");
            }
        }
    }

    // A regular file (links followed), or nothing yet: what a write would replace or create.
    private static bool IsFileOrNothing(string path)
    {
        try
        {
            return FileStatus.Of(Path.GetFullPath(path)).Kind is FileKind.Regular or FileKind.Missing;
        }
        catch (IOException)
        {
            return false;   // a link loop: refused when written
        }
    }

    /// <summary>Whether two paths name the same file (<see cref="FileStatus.SameFile"/>).</summary>
    public static bool SameFile(string a, string b) => FileStatus.SameFile(a, b);

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
