using System.Runtime.InteropServices;
using Architecture = System.Runtime.InteropServices.Architecture;

namespace Backprop;

/// <summary>What is at a path, as the operating system sees it (following links): its kind, permissions and owner.</summary>
/// <param name="Kind">A regular file, a folder, a device, a FIFO… or nothing.</param>
/// <param name="Mode">The permission bits, as <see cref="UnixFileMode"/>.</param>
/// <param name="UserId">The owner's user id (−1 where unknown).</param>
/// <param name="GroupId">The owner's group id (−1 where unknown).</param>
internal readonly record struct FileStatus(FileKind Kind, UnixFileMode Mode, int UserId, int GroupId)
{
    /// <summary>The file's identity on this machine, its device and inode; null where unknown (off Linux) or nothing is there.</summary>
    public (ulong Device, ulong Inode)? Identity { get; init; }

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> name the same file, whatever the names: by the same path,
    /// <c>..</c>, a symbolic link or a hard link. Files are compared by identity (device and inode, links followed); a
    /// path where nothing is yet by its folder's identity and its name, where a link to it would create it. Off Linux,
    /// by their full paths with links followed (hard links are not seen there).
    /// </summary>
    public static bool SameFile(string a, string b) => Where(a) == Where(b);

    // What a path names: an existing file's identity, or the folder's identity and the name a write would create.
    private static (ulong Device, ulong Inode, string? Name) Where(string path)
    {
        string full = Path.GetFullPath(path);
        FileStatus status;
        try
        {
            status = Of(full);
        }
        catch (IOException)
        {
            return (0, 0, full);   // a link loop: nothing can be read or written through it
        }
        if (status is { Kind: not FileKind.Missing, Identity: var (device, inode) }) return (device, inode, null);
        string target = FinalTarget(full);
        string folder = Path.GetDirectoryName(target) ?? target;
        return Of(folder).Identity is var (folderDevice, folderInode)
            ? (folderDevice, folderInode, Path.GetFileName(target))
            : (0, 0, target);
    }

    // The path a chain of symbolic links ends at (the path itself when it is no link); a dangling link's target.
    private static string FinalTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;   // a loop: the write refuses it
        }
    }

    /// <summary>The status of <paramref name="path"/>, following symbolic links; <see cref="FileKind.Missing"/> if nothing is there.</summary>
    /// <remarks>
    /// On Linux by statx(2), whose buffer has one layout on every architecture; elsewhere from .NET's own file
    /// information (a regular file or a folder, without the owner).
    /// </remarks>
    public static FileStatus Of(string path) => OperatingSystem.IsLinux() ? OfLinux(path) : OfManaged(path);

    // What .NET itself tells: a folder, a file, or nothing (devices and FIFOs look like files).
    private static FileStatus OfManaged(string path)
    {
        if (Directory.Exists(path)) return new FileStatus(FileKind.Folder, default, -1, -1);
        if (!File.Exists(path)) return new FileStatus(FileKind.Missing, default, -1, -1);
        return new FileStatus(FileKind.Regular, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path), -1, -1);
    }

    /// <summary>
    /// Give the file at <paramref name="path"/> this status's permissions, and its owner where the process may (as
    /// root; silently kept otherwise). On Linux through a handle opened without following a link (O_NOFOLLOW), so a
    /// file swapped for a link in a folder someone else can write to cannot turn this onto the file the link names.
    /// </summary>
    public void GiveModeAndOwnerTo(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (!OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, Mode);
            return;
        }
        int noFollow = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
        int fd = Open(path, noFollow);   // O_RDONLY | O_NOFOLLOW: fails on a link
        if (fd < 0) throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            _ = Fchmod(fd, (uint)Mode);
            if (UserId >= 0 && GroupId >= 0) _ = Fchown(fd, (uint)UserId, (uint)GroupId);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static FileStatus OfLinux(string path)
    {
        const int AtCurrentFolder = -100;
        const uint TypeModeUidGidInode = 0x1 | 0x2 | 0x8 | 0x10 | 0x100;   // STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID | STATX_INO
        Span<byte> buffer = stackalloc byte[256];   // struct statx
        int result;
        try
        {
            result = Statx(AtCurrentFolder, path, 0, TypeModeUidGidInode, ref MemoryMarshal.GetReference(buffer));
        }
        catch (EntryPointNotFoundException)   // a C library without statx (glibc before 2.28, older musl)
        {
            return OfManaged(path);
        }
        if (result != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            const int NoSuchEntry = 2, NotAFolder = 20, NotPermitted = 1, NotImplemented = 38;
            if (error is NoSuchEntry or NotAFolder) return new FileStatus(FileKind.Missing, default, -1, -1);
            if (error is NotImplemented or NotPermitted) return OfManaged(path);   // a kernel or sandbox without statx
            const int TooManyLinks = 40;
            if (error == TooManyLinks) throw new IOException($"{path}: a symbolic link that loops or goes too deep");
            throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
        int uid = BitConverter.ToInt32(buffer[20..]), gid = BitConverter.ToInt32(buffer[24..]);
        ushort mode = BitConverter.ToUInt16(buffer[28..]);
        ulong inode = BitConverter.ToUInt64(buffer[32..]);
        ulong device = (ulong)BitConverter.ToUInt32(buffer[136..]) << 32 | BitConverter.ToUInt32(buffer[140..]);   // stx_dev_major, stx_dev_minor
        FileKind kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Folder,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, (UnixFileMode)(mode & 0xFFF), uid, gid) { Identity = (device, inode) };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int folder, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static extern int Fchmod(int fd, uint mode);

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static extern int Fchown(int fd, uint owner, uint group);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}

/// <summary>The kinds of thing a path can name.</summary>
internal enum FileKind { Missing, Regular, Folder, CharacterDevice, BlockDevice, Fifo, Socket, Other }
