namespace Backprop.Tests.Cli;

/// <summary>
/// No command writes over its own input: an output that is the same file as an input or another output, by the same
/// path, "..", a symbolic link or a hard link, is refused before any work (exit 2, one line naming both options), and
/// every file is left as it was. Links are made in the test's own folder.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SameFileTests : TempFolderTest
{
    // Names in the folder: m.json (a model), d.csv (heart data), v.csv (more of it), sub/ (a folder); link.* are
    // symbolic links and hard.* hard links, made by the case that names them.
    public static TheoryData<string, string, string> Cases => new()
    {
        { "export --model m.json --out link.onnx", "--out", "--model" },                 // link.onnx → m.json
        { "export --model m.json --out hard.onnx", "--out", "--model" },                 // hard.onnx = m.json
        { "train --data d.csv --model-out d.csv --no-figure", "--model-out", "--data" },
        { "train --data d.csv --model-out sub/../d.csv --no-figure", "--model-out", "--data" },
        { "train --data d.csv --model-out hard.csv --no-figure", "--model-out", "--data" },   // hard.csv = d.csv
        { "train --data d.csv --validation v.csv --model-out link.json --no-figure", "--model-out", "--validation" },   // link.json → v.csv
        { "train --data d.csv --model-out m.json --figure-out link.png", "--figure-out", "--data" },   // link.png → d.csv
        { "train --model-out f.png --figure-out sub/../f.png", "--figure-out", "--model-out" },
        { "train --resume m.json --model-out out.json --figure-out link.png", "--figure-out", "--resume" },   // link.png → m.json
        { "predict --model m.json --data d.csv --out m.json", "--out", "--model" },
        { "predict --model m.json --data d.csv --out link.csv", "--out", "--data" },     // link.csv → d.csv
        { "plot --model m.json --data d.csv --out link.png", "--out", "--model" },       // link.png → m.json
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputThatIsAnInput_IsRefusedBeforeAnyWork_NamingBothOptions(string commandLine, string output, string input)
    {
        // Given a model, data, and the links the case names
        MakeFiles();
        MakeLinks(commandLine);
        Dictionary<string, byte[]> before = Contents();

        // When the command is run
        CliRunner.Run run = CliRunner.InProcess([.. commandLine.Split(' ').Select(a => a.Contains('.') ? PathOf(a) : a)]);

        // Then it is a usage error naming both options, nothing ran, and every file is as it was
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Matches($"^backprop: {output} .* is the same file as {input} ", run.Error);
        Assert.Empty(run.Out);
        Assert.Equal(before, Contents());
    }

    [Fact]
    public void ResumeAndModelOut_TheSameFile_ContinuesTrainingInPlace()
    {
        MakeFiles();
        File.CreateSymbolicLink(PathOf("link.json"), PathOf("m.json"));
        byte[] before = File.ReadAllBytes(PathOf("m.json"));

        CliRunner.Run run = CliRunner.InProcess("train", "--resume", PathOf("m.json"), "--model-out", PathOf("link.json"), "--iterations", "100", "--noise", "0", "--learning-rate", "1", "--no-figure", "--quiet");

        Assert.Equal(0, run.ExitCode);
        Assert.NotEqual(before, File.ReadAllBytes(PathOf("m.json")));   // trained further, through the link
        Assert.Equal(PathOf("m.json"), new FileInfo(PathOf("link.json")).LinkTarget);
    }

    [Fact]
    public void ADeviceGivenAsOutput_IsWrittenInto_EvenWhenAnInputIsTheSameDevice()
    {
        // A device replaces nothing: streaming predictions into it is no danger to an input.
        MakeFiles();
        string device = MakeNode("null", 'c', 1, 3);

        CliRunner.Run run = CliRunner.InProcess("export", "--model", PathOf("m.json"), "--out", device);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void StandardOutput_AppendingToAnInput_IsRefusedToo()
    {
        // Given predictions asked for on /dev/stdout, which the shell appends to the data file itself
        MakeFiles();
        byte[] before = File.ReadAllBytes(PathOf("d.csv"));
        string dll = Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll");
        string command = $"dotnet '{dll}' predict --model '{PathOf("m.json")}' --data '{PathOf("d.csv")}' --out /dev/stdout >> '{PathOf("d.csv")}'";

        (int exitCode, _, string error) = RunProgram("bash", "-c", command);

        // Then it is refused as any other output that is an input, and the data is as it was
        Assert.Equal(2, exitCode);
        Assert.StartsWith("backprop: --out /dev/stdout is the same file as --data ", error);
        Assert.Equal(before, File.ReadAllBytes(PathOf("d.csv")));
    }

    [Theory]
    [InlineData("predict --model m.json --data d.csv >> d.csv", "--data")]
    [InlineData("evaluate --model m.json --data d.csv >> d.csv", "--data")]
    [InlineData("jacobians --model m.json --points 5 >> m.json", "--model")]
    [InlineData("train --data d.csv --iterations 5 --no-figure --model-out out.json >> d.csv", "--data")]
    [InlineData("train --resume m.json --iterations 5 --no-figure --quiet --model-out /dev/stdout >> m.json", "--resume")]
    public void StandardOutput_AppendedToAnInput_IsRefused_AsCatRefusesIt(string commandLine, string input)
    {
        // Given a command whose standard output the shell appends to one of its own inputs (continuing in place is for
        // a model replaced whole, not appended to)
        MakeFiles();
        Dictionary<string, byte[]> before = Contents();
        string dll = Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll");
        string command = $"cd '{Folder}' && dotnet '{dll}' {commandLine}";

        (int exitCode, _, string error) = RunProgram("bash", "-c", command);

        // Then it is refused before any work, and every file is as it was
        Assert.Equal(2, exitCode);
        Assert.Matches($"^backprop: (standard output|--model-out /dev/stdout) is the same file as {input} ", error);
        Assert.Equal(before, Contents());
    }

    [Fact]
    public void ALinkToStandardOutput_IsAppendedTo_AsStandardOutputIs()
    {
        // Given --out naming a link to /dev/stdout, which the shell appends to a file
        MakeFiles();
        File.WriteAllText(PathOf("log.csv"), "earlier line\n");
        File.CreateSymbolicLink(PathOf("o.csv"), "/dev/stdout");
        string dll = Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll");

        (int exitCode, _, string error) = RunProgram("bash", "-c", $"dotnet '{dll}' predict --model '{PathOf("m.json")}' --points 2 --out '{PathOf("o.csv")}' >> '{PathOf("log.csv")}'");

        // Then the predictions follow what was there, and the link stays a link
        Assert.True(exitCode == 0, error);
        Assert.StartsWith("earlier line\nx,y1,y2\n", File.ReadAllText(PathOf("log.csv")));
        Assert.Equal("/dev/stdout", new FileInfo(PathOf("o.csv")).LinkTarget);
    }

    [Fact]
    public void AFileReachedThroughProc_IsReplacedWhole_NotAppendedTo()
    {
        // /proc/self/root/… names a file by a path through /proc: it is an ordinary file, replaced as any other
        MakeFiles();
        string throughProc = "/proc/self/root" + PathOf("m2.json");
        File.Copy(PathOf("m.json"), PathOf("m2.json"));

        CliRunner.Run run = CliRunner.InProcess("train", "--iterations", "10", "--no-figure", "--quiet", "--model-out", throughProc);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([1, 6, 7, 2], ModelFile.Load(PathOf("m2.json")).LayerSizes);   // one model, not two one after the other
    }

    [Fact]
    public void SameFile_TellsFilesApartByIdentity_NotByName()
    {
        MakeFiles();
        File.CreateSymbolicLink(PathOf("link.csv"), PathOf("d.csv"));
        RunTool("ln", PathOf("d.csv"), PathOf("hard.csv"));
        File.CreateSymbolicLink(PathOf("dangling.csv"), PathOf("new.csv"));

        Assert.True(FileStatus.SameFile(PathOf("d.csv"), PathOf("link.csv")));
        Assert.True(FileStatus.SameFile(PathOf("hard.csv"), PathOf("link.csv")));
        Assert.True(FileStatus.SameFile(PathOf("sub/../d.csv"), PathOf("d.csv")));
        Assert.True(FileStatus.SameFile(PathOf("dangling.csv"), PathOf("new.csv")));   // both would write new.csv
        Assert.True(FileStatus.SameFile(PathOf("new.csv"), PathOf("sub/../new.csv")));
        Assert.False(FileStatus.SameFile(PathOf("d.csv"), PathOf("v.csv")));            // the same bytes, another file
        Assert.False(FileStatus.SameFile(PathOf("new.csv"), PathOf("sub/new.csv")));
    }

    private void MakeFiles()
    {
        Directory.CreateDirectory(PathOf("sub"));
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "10", "--no-figure", "--quiet", "--model-out", PathOf("m.json")).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("data", "heart", "--points", "20", "--out", PathOf("d.csv")).ExitCode);
        File.Copy(PathOf("d.csv"), PathOf("v.csv"));
    }

    // The links a command line names, as the comments in Cases say.
    private void MakeLinks(string commandLine)
    {
        string[] words = commandLine.Split(' ');
        string InputOf(string option) => PathOf(words[Array.IndexOf(words, option) + 1]);
        foreach (string word in words)
        {
            string? target = word switch
            {
                "link.onnx" => InputOf("--model"),
                "link.json" => InputOf("--validation"),
                "link.csv" => InputOf("--data"),
                "link.png" => words.Contains("--resume") ? InputOf("--resume") : words.Contains("--model") ? InputOf("--model") : InputOf("--data"),
                _ => null,
            };
            if (target is not null) File.CreateSymbolicLink(PathOf(word), target);
            if (word == "hard.onnx") RunTool("ln", PathOf("m.json"), PathOf(word));
            if (word == "hard.csv") RunTool("ln", PathOf("d.csv"), PathOf(word));
        }
    }

    private Dictionary<string, byte[]> Contents() =>
        Directory.GetFiles(Folder).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
}
