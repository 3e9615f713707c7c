namespace Backprop;

/// <summary>
/// Writes a file so that it either appears whole or not at all: the content goes to a temporary file
/// in the same folder, which is then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Write <paramref name="path"/> through a stream; on any failure the target is left as it was.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteVia(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Let <paramref name="writeTemporary"/> write a temporary file beside <paramref name="path"/> (it is given that
    /// file's path, which keeps the target's extension), then rename it over the target; on any failure the target
    /// is left as it was and the temporary file is removed.
    /// </summary>
    public static void WriteVia(string path, Action<string> writeTemporary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeTemporary);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist");
        string temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
