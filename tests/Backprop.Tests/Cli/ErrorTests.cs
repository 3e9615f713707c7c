namespace Backprop.Tests.Cli;

public sealed class ErrorTests : TempFolderTest
{
    public static TheoryData<string, int, string> BadCommandLines() => new()
    {
        { "train --iterations -5", 2, "--iterations must be 0 or more" },
        { "train --iterations many", 2, "many" },
        { "train --bogus", 2, "bogus" },
        { "train --layers 6,x", 2, "--layers \"6,x\"" },
        { "train --plot figure.gif", 2, "figure.gif: the figure must be a .png or .svg file" },
        { "train --points 0", 2, "--points must be 1 or more" },
        { "train --points 5 --data d.csv", 2, "--points and --data" },
        { "train --learning-rate nan", 2, "--learning-rate" },
        { "train --noise -1", 2, "--noise" },
        { "train --log-every 0", 2, "--log-every" },
        { "train --data missing.csv", 1, "missing.csv: no such file" },
        { "train --resume missing.json", 1, "missing.json: no such file (--resume)" },
        { "train --points 100000000 --layers 100000,100000", 1, "GiB a run may take (80% of the " },
        { "train --layers 100001", 2, "--layers 100001: a layer of 100001 neurons is more than the 100000 a layer may have" },
        { "train --layers 6,99999999999", 2, "a layer of 99999999999 neurons is more than the 100000" },
        { "train --iterations", 2, "--iterations needs a value" },
        { "train --iterations=", 2, "--iterations needs a value" },
        { "train --seed --quiet", 2, "--seed needs a value" },
        { "predict --model m.json --points 5 --out", 2, "--out needs a value" },
        { "jacobians", 2, "--model FILE is required" },
        { "jacobians --model missing.json", 1, "missing.json: no such file" },
        { "gradcheck --model missing.json", 1, "missing.json" },
        { "gradcheck --model m.json --tolerance 0", 2, "--tolerance" },
        { "predict --model m.json", 2, "--data FILE.csv is required" },
        { "plot --model m.json", 2, "--out" },
        { "plot --model m.json --out x.jpg", 2, "x.jpg: the figure must be a .png or .svg file" },
        { "data heart --points -1", 2, "--points" },
        { "nonsense", 2, "nonsense" },
        { "bench --workload huge", 2, "--workload must be seed, wide, large, classes, binary, mnist or all" },
        { "bench --threads 0", 2, "--threads" },
        { "train --threads 0", 2, "--threads must be from 1 to 256" },
        { "train --model-out nowhere/m.json", 2, "--model-out" },
        { "train --plot nowhere/f.png", 2, "nowhere does not exist" },
        { "train --checkpoint-every 1500", 2, "--checkpoint-every must be a positive multiple of --log-every (1000)" },
        { "predict --model missing.json --points 5 --out nowhere/p.csv", 2, "--out" },
        { "plot --model missing.json --out nowhere/f.png", 2, "nowhere does not exist" },
        { "data heart --out nowhere/h.csv", 2, "nowhere does not exist" },
        { "train --iterations 2147483647", 2, "--iterations must be at most 1000000000, not 2147483647" },
        { "train --iterations 3000000000", 2, "--iterations: 3000000000 is too large" },
        { "train --points 3000000000", 2, "--points: 3000000000 is too large" },
        { "train --iterations -3000000000", 2, "--iterations: -3000000000 is too small" },
        { "train --iterations abc", 2, "--iterations: 'abc' is not a whole number" },
        { "train --iterations 2.5", 2, "--iterations: '2.5' is not a whole number" },
        { "train --learning-rate fast", 2, "--learning-rate: 'fast' is not a number" },
        { "train --seed -1", 2, "--seed: -1 is negative; it takes 0 or more" },
        { "train --learning-rate=fast", 2, "--learning-rate: 'fast' is not a number" },
        { "train --iterations 0.5 --validation-split 0.5", 2, "--iterations: '0.5' is not a whole number" },
        { "train --validation-split 0.5 --iterations 0.5", 2, "--iterations: '0.5' is not a whole number" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void BadCommandLine_OneLineOnStderr_ExitCode_NoFileLeft(string commandLine, int exitCode, string message)
    {
        string[] args = commandLine.Split(' ').Select(a => LooksLikeAFile(a) ? PathOf(a) : a).ToArray();   // nowhere/… is a missing folder
        if (args[0] == "train" && !args.Contains("--model-out")) args = [.. args, "--model-out", PathOf("out.json")];
        if (args[0] == "train" && !args.Contains("--plot")) args = [.. args, "--plot", PathOf("out.png")];
        CliRunner.Run run = CliRunner.InProcess(args);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(message, run.Error);
        Assert.StartsWith("backprop: ", run.Error);
        Assert.Empty(FilesInFolder());
    }

    public static TheoryData<string, string> BadDataFiles() => new()
    {
        { "", "data.csv: the file is empty" },
        { "x,y1,y2\n", "data.csv: no samples" },
        { "x,y1,y2\n0.1,0.2,0.3\n0.4,0.5\n", "data.csv line 3: 2 columns, but the header has 3" },
        { "x,y1,y2\n0.1,0.2,0.3\n0.4,abc,0.6\n", "data.csv line 3, column 2: \"abc\" is not a finite number" },
        { "x,y1,y2\n0.1,NaN,0.3\n", "data.csv line 2, column 2: \"NaN\" is not a finite number" },
        { "x,y1,y2\n0.1,0.2,Infinity\n", "data.csv line 2, column 3: \"Infinity\" is not a finite number" },
        { "x,y1,y2\n0.1,0.2,1e999\n", "data.csv line 2, column 3: \"1e999\" is not a finite number" },
        { "x\n0.1\n", "data.csv line 1: the header has 1 columns" },
        { "x,y1,y2\n0\0\0,0.2,0.3\n", "data.csv line 2, column 1: \"0\\u0000\\u0000\" is not a finite number" },
    };

    [Theory]
    [MemberData(nameof(BadDataFiles))]
    public void Train_BadDataFile_NamesFileLineAndColumn(string content, string message)
    {
        File.WriteAllText(PathOf("data.csv"), content);
        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("data.csv"), "--model-out", PathOf("m.json"), "--plot", PathOf("f.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(message, run.Error);
        Assert.Equal(["data.csv"], FilesInFolder());
    }

    public static TheoryData<string, string> BadModelFiles() => new()
    {
        { "{\"format\": \"backprop/model\", \"version\": 1, \"activation\": \"logistic\", \"layers\": [{\"weights\": [[1]], \"bia", "not valid JSON" },
        { "{\"format\": \"backprop/model\", \"version\": 9, \"activation\": \"logistic\", \"layers\": []}", "version 9 is not supported" },
        { "{\"format\": \"other\", \"version\": 1}", "\"format\" is \"other\"" },
    };

    [Theory]
    [MemberData(nameof(BadModelFiles))]
    public void Commands_BadModelFile_NameTheFileAndProblem(string content, string message)
    {
        File.WriteAllText(PathOf("m.json"), content);
        foreach (string command in new[] { "jacobians", "gradcheck", "plot", "train" })
        {
            string[] args = command switch
            {
                "plot" => ["plot", "--model", PathOf("m.json"), "--out", PathOf("f.png")],
                "train" => ["train", "--resume", PathOf("m.json"), "--model-out", PathOf("m2.json"), "--plot", PathOf("f.png")],
                _ => [command, "--model", PathOf("m.json")],
            };
            CliRunner.Run run = CliRunner.InProcess(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Single(run.ErrorLines);
            Assert.Contains($"{PathOf("m.json")}: {message}", run.Error);
            Assert.Equal(["m.json"], FilesInFolder());
        }
    }

    [Theory]
    [InlineData("train --data folder")]
    [InlineData("train --validation folder --data d.csv")]
    [InlineData("predict --model folder --points 5")]
    [InlineData("evaluate --model m.json --data folder")]
    [InlineData("train --resume folder")]
    public void AFolderGivenForAFile_IsSaidToBeAFolder(string commandLine)
    {
        Directory.CreateDirectory(PathOf("folder"));
        ModelFile.Save(Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1)), PathOf("m.json"));
        File.WriteAllText(PathOf("d.csv"), "x,y1,y2\n0.1,0.2,0.3\n0.4,0.5,0.6\n");
        string[] args = [.. commandLine.Split(' ').Select(a => a is "folder" or "m.json" or "d.csv" ? PathOf(a) : a), .. commandLine.StartsWith("train") ? new[] { "--model-out", PathOf("out.json"), "--no-figure" } : []];
        string option = commandLine.Split(' ')[Array.IndexOf(commandLine.Split(' '), "folder") - 1];

        CliRunner.Run run = CliRunner.InProcess(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"backprop: {PathOf("folder")}: is a folder, not a file ({option})", run.Error.Trim());
        Assert.False(File.Exists(PathOf("out.json")));
    }

    [Fact]
    public void BadOption_AsAProcess_PrintsNoStackTrace()
    {
        CliRunner.Run run = CliRunner.AsProcess(Folder, "train", "--iterations", "-1");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("backprop: --iterations must be 0 or more, not -1", run.Error.Trim());
        Assert.Empty(FilesInFolder());
    }

    private static bool LooksLikeAFile(string argument) =>
        Path.GetExtension(argument) is ".json" or ".csv" or ".gif" or ".jpg" or ".png";
}
