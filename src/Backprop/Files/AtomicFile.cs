using System.Diagnostics;

namespace Backprop;

/// <summary>
/// Writes a file so that it either appears whole or not at all, and never destroys what is not a file: the content goes
/// to a temporary file in the target's folder, which is then renamed over the target.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A symbolic link is written through: the file it points to is replaced, atomically there, and the link stays.</item>
/// <item>A character device or a FIFO (<c>/dev/null</c>, <c>/dev/stdout</c>, a named pipe) is streamed into, never
/// replaced; a folder, a block device (a disk) or a socket is refused.</item>
/// <item>A replaced file keeps its permissions, and its owner where the process may give it (as root).</item>
/// <item>Temporary files are named <c>.NAME.backprop-PID-RANDOM.tmp.EXT</c>; a write removes those of the same target
/// left by processes that no longer run (killed during a write), and nothing else.</item>
/// <item>A temporary file is created with the target's permissions before anything is written into it, so a private
/// file's content is never readable by others, not even for a moment.</item>
/// <item>A process that ends (its <c>Main</c> returns, <see cref="Environment.Exit"/>) while a write is under way leaves
/// no temporary file behind, wherever it was made; see <see cref="Abandon"/>.</item>
/// <item>Errors name the target, never the temporary file.</item>
/// </list>
/// </remarks>
public static partial class AtomicFile
{
    private const string Marker = ".backprop-";

    /// <summary>Write <paramref name="path"/> through a stream; on any failure the target is left as it was.</summary>
    /// <exception cref="IOException">The path cannot be written (its folder is missing, it is a folder or a disk, the disk is full…).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteVia(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.Truncate, FileAccess.Write);   // made, with its mode, by WriteVia
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Let <paramref name="writeTemporary"/> write a temporary file (it is given that file's path, which keeps the
    /// target's extension; the file exists, empty, with the target's permissions), then put it in place of
    /// <paramref name="path"/>: renamed over a file, streamed into a device or FIFO. On any failure the target is left
    /// as it was and the temporary file is removed.
    /// </summary>
    /// <exception cref="IOException">The path cannot be written; the message names it.</exception>
    public static void WriteVia(string path, Action<string> writeTemporary)
    {
        ArgumentNullException.ThrowIfNull(writeTemporary);
        (string target, FileStatus status, bool streamed) = Resolve(path);
        if (!streamed) RemoveStaleTemporaries(Path.GetDirectoryName(target)!, Path.GetFileName(target));
        Temporary temporary;
        try
        {
            temporary = Temporary.Create(target, streamed, status.Kind == FileKind.Regular ? status.Mode : null);
        }
        catch (IOException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
        try
        {
            writeTemporary(temporary.Path);
            if (streamed)
            {
                // Appended, as the shell's >> would: /dev/stdout may be a file the caller is appending to.
                using var source = new FileStream(temporary.Path, FileMode.Open, FileAccess.Read);
                using var sink = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
                source.CopyTo(sink);
                return;
            }
            if (status.Kind == FileKind.Regular) status.GiveModeAndOwnerTo(temporary.Path);
            temporary.MoveTo(target, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: {Reason(e, temporary.Path, target)}", e);
        }
        finally
        {
            temporary.Remove();
        }
    }

    /// <summary>
    /// Check, before any long work, that <paramref name="path"/> could be written: its folder exists and takes a new
    /// file, and it is not a folder, a disk or a socket. Nothing is left behind.
    /// </summary>
    /// <exception cref="IOException">It could not; the message names the path and why.</exception>
    public static void CheckWritable(string path)
    {
        (string target, _, bool streamed) = Resolve(path);
        if (streamed) return;   // opened only when written (a FIFO waits for its reader)
        // The probe is a write's temporary file, known to Abandon: a process ended while it exists leaves none behind.
        Temporary probe;
        try
        {
            probe = Temporary.Create(target, streamed: false, mode: null);
        }
        catch (IOException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
        probe.Remove();
    }

    /// <summary>Whether a write to <paramref name="path"/> streams into it (a device, a FIFO, a file reached through /dev/stdout) rather than replacing a file.</summary>
    internal static bool StreamsInto(string path)
    {
        try
        {
            return Resolve(path).Streamed;
        }
        catch (IOException)
        {
            return false;   // refused when written
        }
    }

    // The file a write lands in and what is there now, and whether it is streamed into rather than replaced; refuses
    // what must not be written. A device or FIFO is streamed into. So is a file reached through the name of an open file
    // descriptor (/dev/stdout, /proc/self/fd/1, or a link to one), by the path as given: that is the file a shell opened,
    // perhaps to append to, and no place to rename a file over. Other symbolic links are followed, hop by hop, to the
    // file they name, which is replaced; so are files reached through other /proc names (/proc/self/cwd/m.json).
    private static (string Target, FileStatus Status, bool Streamed) Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.EndsInDirectorySeparator(path)) throw new IOException($"{path}: names a folder, not a file");
        string target = Path.GetFullPath(path);
        FileStatus status = FileStatus.Of(target);   // the kernel follows every link, the special ones too
        (string final, bool throughDescriptor) = FollowLinks(target, path);
        bool streamed = status.Kind is FileKind.CharacterDevice or FileKind.Fifo || (throughDescriptor && status.Kind == FileKind.Regular);
        if (!streamed) target = final;
        bool nothingMadeHere = throughDescriptor || target.StartsWith("/proc/", StringComparison.Ordinal) || Path.GetDirectoryName(target) == "/dev";
        string? refusal = status.Kind switch
        {
            FileKind.Folder => "is a folder, not a file",
            FileKind.BlockDevice => "is a block device (a disk); refusing to write over it",
            FileKind.Socket or FileKind.Other => "is not a regular file; refusing to write over it",
            FileKind.Missing when nothingMadeHere && OperatingSystem.IsLinux() => "does not exist, and nothing is made under /dev or /proc",
            _ => null,
        };
        if (refusal is not null) throw new IOException($"{path}: {refusal}");
        string folder = Path.GetDirectoryName(target)!;
        if (status.Kind == FileKind.Missing && !Directory.Exists(folder)) throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist");
        return (target, status, streamed);
    }

    // The path a chain of symbolic links ends at, and whether it passes through an open file descriptor's name (where
    // it stops: what lies behind is the file the descriptor is open on).
    private static (string Final, bool ThroughDescriptor) FollowLinks(string path, string given)
    {
        string current = path;
        for (int hop = 0; hop <= 40; hop++)
        {
            if (OperatingSystem.IsLinux() && DescriptorName().IsMatch(current)) return (current, true);
            string? link = new FileInfo(current).LinkTarget;
            if (link is null) return (current, false);
            current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
        }
        throw new IOException($"{given}: a symbolic link that loops or goes too deep");
    }

    // /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N and /proc/(self|thread-self|PID)[/task/TID]/fd/N.
    [System.Text.RegularExpressions.GeneratedRegex(@"^(/dev/(stdin|stdout|stderr|fd/\d+)|/proc/(self|thread-self|\d+)(/task/\d+)?/fd/\d+)$")]
    private static partial System.Text.RegularExpressions.Regex DescriptorName();

    private static string TemporaryName(string folder, string name) =>
        Path.Combine(folder, $".{name}{Marker}{Environment.ProcessId}-{Random.Shared.Next():x8}.tmp{Path.GetExtension(name)}");

    // Temporary files of this target whose process has gone: a run killed during a write leaves one.
    private static void RemoveStaleTemporaries(string folder, string name)
    {
        string prefix = $".{name}{Marker}";
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, $"{prefix}*.tmp*"))
            {
                string rest = Path.GetFileName(file)[prefix.Length..];
                int dash = rest.IndexOf('-');
                if (dash > 0 && int.TryParse(rest[..dash], out int pid) && pid != Environment.ProcessId && !IsRunning(pid))
                    File.Delete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be listed or a file that cannot be removed: the write itself will say what is wrong.
        }
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux()) return Directory.Exists($"/proc/{pid}");
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The operating system's reason, with the temporary file's name replaced by the target's.
    private static string Reason(Exception e, string temporary, string target)
    {
        string reason = e.Message.Replace(temporary, target, StringComparison.Ordinal).Replace(Path.GetFileName(temporary), Path.GetFileName(target), StringComparison.Ordinal);
        return e switch
        {
            UnauthorizedAccessException => $"permission denied ({reason})",
            _ => reason,
        };
    }
}
