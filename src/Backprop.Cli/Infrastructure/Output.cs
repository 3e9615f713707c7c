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
    /// naming both options. The process's standard output counts as an output (<c>predict … &gt;&gt; d.csv</c>, as cat
    /// refuses it). An output that is a device or a FIFO is not compared (it holds no data to lose), but one that leads
    /// to a file is, also through <c>/dev/stdout</c> or a link to it. Options not given are null; <paramref name="allowed"/>
    /// names an input and output that may be one file when the output replaces it whole (continuing in place), not
    /// when it is appended to.
    /// </summary>
    public static void CheckSeparate(Terminal terminal, (string Option, string? Path)[] outputs, (string Option, string? Path)[] inputs,
        (string Input, string Output)? allowed = null)
    {
        if (terminal.OutPath is { } standardOutput) outputs = [.. outputs, (StandardOutput, standardOutput)];
        for (int o = 0; o < outputs.Length; o++)
        {
            (string option, string? path) = outputs[o];
            if (string.IsNullOrWhiteSpace(path) || !IsFileOrNothing(path)) continue;
            // Standard output against the inputs only: an output that is standard output too (--out /dev/stdout) is one stream.
            foreach ((string other, string? otherPath) in option == StandardOutput ? inputs : inputs.Concat(outputs[..o]))
            {
                if (string.IsNullOrWhiteSpace(otherPath) || ((other, option) == allowed && !AtomicFile.StreamsInto(path)) || !FileStatus.SameFile(path, otherPath)) continue;
                string what = inputs.Any(i => i.Option == other) ? "writing it would destroy that input" : "one would overwrite the other";
                string output = option == StandardOutput ? option : $"{option} {path}";
                throw CommandFailure.Usage($"{output} is the same file as {other} {otherPath}: {what}; name another file");
            }
        }
    }

    private const string StandardOutput = "standard output";

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

    /// <summary>Write text to <paramref name="path"/> atomically, or to standard output when it is null (in chunks of 64 K characters).</summary>
    public static void WriteText(Terminal terminal, string? path, Action<TextWriter> write)
    {
        if (path is null)
        {
            // Standard output passes each call through at once, a system call each: predict of 300,000 rows took 2.5 s
            // (1.4 s of it in the system) to a pipe, and takes 0.9 s a chunk at a time.
            terminal.BeginDataOnOut();
            using (var chunks = new ChunkedWriter(terminal.Out)) write(chunks);
            return;
        }
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            write(writer);
        });
    }

    // Text gathered into chunks of 64 K characters before it goes to the writer underneath; what is left, on Dispose.
    private sealed class ChunkedWriter(TextWriter inner) : TextWriter
    {
        private readonly char[] _chunk = new char[1 << 16];
        private int _used;

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => inner.FormatProvider;

        public override void Write(char value)
        {
            if (_used == _chunk.Length) Flush();
            _chunk[_used++] = value;
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            while (!buffer.IsEmpty)
            {
                if (_used == _chunk.Length) Flush();
                int n = Math.Min(buffer.Length, _chunk.Length - _used);
                buffer[..n].CopyTo(_chunk.AsSpan(_used));
                _used += n;
                buffer = buffer[n..];
            }
        }

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Flush()
        {
            if (_used > 0) inner.Write(_chunk, 0, _used);
            _used = 0;
            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Flush();
            base.Dispose(disposing);
        }
    }
}
