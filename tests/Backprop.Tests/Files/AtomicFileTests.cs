using System.Diagnostics;
using Backprop.Tests.Cli;

namespace Backprop.Tests;

/// <summary>
/// What a write does to whatever is at the output path: devices, FIFOs and links are written through, never replaced;
/// folders and disks are refused; permissions and owners are kept; temporary files do not pile up. Every device node
/// and FIFO is made inside the test's own temporary folder (the tests run as root, as the project's machines do).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class AtomicFileTests : TempFolderTest
{
    [Fact]
    public void CharacterDevice_IsWrittenThrough_NotReplaced()
    {
        string device = MakeNode("null", 'c', 1, 3);   // the null device's numbers, in our own folder

        AtomicFile.Write(device, stream => stream.Write("model"u8));

        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(device).Kind);
        Assert.Equal(["null"], FilesInFolder());
    }

    [Fact]
    public void FullDevice_FailsWithTheTargetsName_AndStaysADevice()
    {
        string device = MakeNode("full", 'c', 1, 7);   // writes fail with "no space left"

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(device, stream => stream.Write(new byte[100_000])));

        Assert.StartsWith(device + ":", e.Message);
        Assert.DoesNotContain(".backprop-", e.Message);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(device).Kind);
    }

    [Fact]
    public async Task Fifo_IsStreamedInto_ForItsReader()
    {
        string fifo = MakeFifo("pipe");
        Task<string> reader = Task.Run(() => File.ReadAllText(fifo));

        AtomicFile.Write(fifo, stream => stream.Write("{\"model\": 1}"u8));

        Assert.Equal("{\"model\": 1}", await reader.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(FileKind.Fifo, FileStatus.Of(fifo).Kind);
    }

    [Fact]
    public void SymbolicLink_WritesTheFileItPointsTo_AndStaysALink()
    {
        Directory.CreateDirectory(PathOf("models"));
        File.WriteAllText(PathOf("models/real.json"), "old");
        File.CreateSymbolicLink(PathOf("link.json"), "models/real.json");

        AtomicFile.Write(PathOf("link.json"), stream => stream.Write("new"u8));

        Assert.Equal("models/real.json", new FileInfo(PathOf("link.json")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(PathOf("models/real.json")));
        Assert.Equal(["real.json"], Directory.GetFiles(PathOf("models")).Select(Path.GetFileName));
    }

    [Fact]
    public void DanglingLink_CreatesTheFileItNames()
    {
        File.CreateSymbolicLink(PathOf("link.json"), "missing.json");

        AtomicFile.Write(PathOf("link.json"), stream => stream.Write("new"u8));

        Assert.Equal("missing.json", new FileInfo(PathOf("link.json")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(PathOf("missing.json")));
    }

    [Fact]
    public void LinkLoop_IsRefusedWithOneLine()
    {
        File.CreateSymbolicLink(PathOf("a.json"), "b.json");
        File.CreateSymbolicLink(PathOf("b.json"), "a.json");

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(PathOf("a.json"), stream => stream.Write("x"u8)));

        Assert.Contains("loops", e.Message);
    }

    [Fact]
    public void ReplacedFile_KeepsItsPermissionsAndOwner()
    {
        string path = PathOf("model.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        RunTool("chown", "4321:8765", path);

        AtomicFile.Write(path, stream => stream.Write("new"u8));

        FileStatus status = FileStatus.Of(path);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, status.Mode);
        Assert.Equal((4321, 8765), (status.UserId, status.GroupId));
    }

    [Fact]
    public void TemporaryFile_OfAPrivateFile_IsPrivateBeforeAnythingIsWritten()
    {
        // Given a private model (mode 600) being rewritten, through a stream and through a path (as the figure is)
        string path = PathOf("model.json");
        File.WriteAllText(path, "old secret");
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(path, Private);
        UnixFileMode TemporaryMode() => FileStatus.Of(Directory.GetFiles(Folder, ".model.json.backprop-*").Single()).Mode;
        UnixFileMode? whileStreaming = null, beforeWritingThePath = null;

        // When the new content is written
        AtomicFile.Write(path, stream =>
        {
            stream.Write("new secret"u8);
            stream.Flush();
            whileStreaming = TemporaryMode();
        });
        AtomicFile.WriteVia(path, temporary =>
        {
            beforeWritingThePath = TemporaryMode();
            File.WriteAllText(temporary, "newer secret");
        });

        // Then the temporary file holding it was never readable by others
        Assert.Equal(Private, whileStreaming);
        Assert.Equal(Private, beforeWritingThePath);
        Assert.Equal(Private, FileStatus.Of(path).Mode);
        Assert.Equal("newer secret", File.ReadAllText(path));
    }

    [Fact]
    public void ModeAndOwner_AreNeverGivenThroughALink()
    {
        // A temporary file swapped for a link (in a folder someone else can write to) must not pass root's chmod and
        // chown on to the file the link names.
        File.WriteAllText(PathOf("victim"), "secret");
        File.SetUnixFileMode(PathOf("victim"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(PathOf(".model.json.backprop-1-0.tmp.json"), PathOf("victim"));
        var status = new FileStatus(FileKind.Regular, (UnixFileMode)0b111_111_111, 4321, 8765);

        Assert.Throws<IOException>(() => status.GiveModeAndOwnerTo(PathOf(".model.json.backprop-1-0.tmp.json")));

        FileStatus victim = FileStatus.Of(PathOf("victim"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, victim.Mode);
        Assert.Equal((0, 0), (victim.UserId, victim.GroupId));
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("disk")]
    public void FolderOrDisk_IsRefused_AndLeftAlone(string what)
    {
        string path = what == "folder" ? Directory.CreateDirectory(PathOf("models")).FullName
            : MakeNode("disk", 'b', 240, 0);   // a block device of a number reserved for local use: no real disk behind it

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream => stream.Write("x"u8)));

        Assert.StartsWith(path + ":", e.Message);
        Assert.Equal(what == "folder" ? FileKind.Folder : FileKind.BlockDevice, FileStatus.Of(path).Kind);
        Assert.Throws<IOException>(() => AtomicFile.CheckWritable(path));
    }

    [Fact]
    public void StaleTemporaries_OfTheSameTarget_AreRemoved_OthersKept()
    {
        int gone = DeadProcessId();
        string stale = PathOf($".model.json.backprop-{gone}-0badf00d.tmp.json");
        string live = PathOf(".model.json.backprop-1-0badf00d.tmp.json");   // process 1 is running
        string otherTarget = PathOf($".other.json.backprop-{gone}-0badf00d.tmp.json");
        foreach (string file in new[] { stale, live, otherTarget }) File.WriteAllText(file, "left by a killed run");

        AtomicFile.Write(PathOf("model.json"), stream => stream.Write("new"u8));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(otherTarget));
    }

    [Fact]
    public void CheckWritable_LeavesNothing_AndRefusesAMissingFolder()
    {
        AtomicFile.CheckWritable(PathOf("model.json"));
        Assert.Empty(Directory.GetFileSystemEntries(Folder));

        var e = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.CheckWritable(PathOf("missing/model.json")));
        Assert.Contains("missing", e.Message);
    }

    private static int DeadProcessId()
    {
        int pid = 4_000_000;
        while (Directory.Exists($"/proc/{pid}")) pid++;
        return pid;
    }
}
