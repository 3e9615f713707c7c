namespace Backprop;

// The temporary files of writes under way, so that a process that ends in the middle of one leaves none behind.
public static partial class AtomicFile
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> InFlight = [];   // temporary files, and the private folders of streamed writes
    private static readonly List<string> Written = [];       // targets replaced whole, each once
    private static bool _abandoned;

    static AtomicFile() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Abandon();

    /// <summary>
    /// Give up every write under way, for a process that is ending: their temporary files (and the private folders of
    /// streamed writes) are removed and no later write replaces its target. Runs by itself when the process exits; a
    /// program that stops without waiting for a write (a thread waiting for a FIFO's reader) calls it to know what was
    /// written.
    /// </summary>
    /// <returns>The targets this process replaced whole (as they were named), each once.</returns>
    internal static IReadOnlyList<string> Abandon()
    {
        lock (Gate)
        {
            _abandoned = true;
            foreach (string entry in InFlight)
            {
                try
                {
                    if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                    else File.Delete(entry);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // removed by someone else, or not ours to remove
                }
            }
            InFlight.Clear();
            return [.. Written];
        }
    }

    private static OperationCanceledException Abandoned() => new("the process is ending: nothing more is written");

    /// <summary>One write's temporary file, known to <see cref="Abandon"/> from the moment it exists until it is renamed or removed.</summary>
    private sealed class Temporary
    {
        private readonly string? _folder;   // the private folder of a streamed write

        private Temporary(string path, string? folder) => (Path, _folder) = (path, folder);

        /// <summary>The temporary file's path.</summary>
        public string Path { get; }

        /// <summary>
        /// Create the empty temporary file for <paramref name="target"/>: beside it, or for a streamed write in a private
        /// folder (mode 700) of the system's temporary folder; with <paramref name="mode"/> (less what the umask takes)
        /// from the start, so that what is written into it is never more readable than the target.
        /// </summary>
        public static Temporary Create(string target, bool streamed, UnixFileMode? mode)
        {
            lock (Gate)
            {
                if (_abandoned) throw Abandoned();
                string? folder = streamed ? Directory.CreateTempSubdirectory("backprop-").FullName : null;
                string path = TemporaryName(folder ?? System.IO.Path.GetDirectoryName(target)!, System.IO.Path.GetFileName(target));
                try
                {
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    // The owner may always read and write it (a read-only target's temporary must still be written); the
                    // target's exact mode is given before the rename.
                    if (mode is { } permissions && !OperatingSystem.IsWindows())
                        options.UnixCreateMode = (permissions & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    using (new FileStream(path, options)) { }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (folder is not null) Directory.Delete(folder, recursive: true);
                    throw new IOException(Reason(e, path, target), e);
                }
                InFlight.Add(folder ?? path);
                return new Temporary(path, folder);
            }
        }

        /// <summary>Rename the temporary file over <paramref name="target"/> (named <paramref name="name"/> by the caller), unless the process is ending.</summary>
        public void MoveTo(string target, string name)
        {
            lock (Gate)
            {
                if (_abandoned) throw Abandoned();
                File.Move(Path, target, overwrite: true);
                InFlight.Remove(Path);
                if (!Written.Contains(name)) Written.Add(name);
            }
        }

        /// <summary>Remove the temporary file (and the private folder), if still there.</summary>
        public void Remove()
        {
            lock (Gate)
            {
                if (_folder is not null)
                {
                    if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
                    InFlight.Remove(_folder);
                    return;
                }
                if (File.Exists(Path)) File.Delete(Path);
                InFlight.Remove(Path);
            }
        }
    }

    // rwx for owner, group and others: the bits a new file can be created with (the rest is given by GiveModeAndOwnerTo).
    private const UnixFileMode PermissionBits = (UnixFileMode)0b111_111_111;
}
