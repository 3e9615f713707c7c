using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Tests.Cli;

/// <summary>
/// The tool behaves as .NET users expect of a dotnet tool: --version, help for a bare command line, a usage error for a
/// command without its subcommand, required options marked, examples, plain numbers, one naming scheme for outputs.
/// </summary>
public sealed class ToolBehaviourTests : TempFolderTest
{
    private static readonly string[] Commands = ["train", "tune", "jacobians", "gradcheck", "predict", "evaluate", "data heart", "data moons", "bench", "serve", "plot", "export"];

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    public void Version_IsTheOnePlacesVersion_WithTheCommitCount_AndTheCommit(string option)
    {
        // major.minor from Directory.Build.props; the third number is the commit count, and the commit follows (git's own).
        string prefix = XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        string majorMinor = string.Join('.', prefix.Split('.').Take(2));
        string? count = Git("rev-list", "--count", "HEAD"), commit = Git("rev-parse", "HEAD");

        CliRunner.Run run = CliRunner.AsProcess(Folder, option);

        Assert.Equal(0, run.ExitCode);
        string expected = count is null ? prefix
            : Git("rev-parse", "--is-shallow-repository") == "true" ? $"{prefix} (commit {commit![..12]})"   // no count there
            : $"{majorMinor}.{count} (commit {commit![..12]})";
        Assert.Equal(expected, run.Out.Trim());
    }

    // git's answer in the repository, or null without git or a repository.
    private static string? Git(params string[] args) => RunProgram("git", args) is (0, var output, _) ? output.Trim() : null;

    [Fact]
    public void BareCommandLine_PrintsHelp_AndSucceeds()
    {
        CliRunner.Run run = CliRunner.InProcess();

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("USAGE:", run.Out);
        foreach (string command in Commands) Assert.Contains($"    {command.Split(' ')[0]} ", run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void CommandWithoutItsSubcommand_PrintsItsHelp_AndIsAUsageError()
    {
        CliRunner.Run run = CliRunner.InProcess("data");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("backprop data [OPTIONS] <COMMAND>", run.Out);
        Assert.Contains("heart", run.Out);
    }

    [Theory]
    [InlineData("train", "")]
    [InlineData("tune", "--data")]
    [InlineData("jacobians", "--model")]
    [InlineData("gradcheck", "--model")]
    [InlineData("predict", "--model")]
    [InlineData("evaluate", "--model")]
    [InlineData("plot", "--model --out")]
    [InlineData("export", "--model")]
    public void Help_MarksRequiredOptions_ShowsExamples_AndWritesNumbersPlainly(string command, string required)
    {
        CliRunner.Run run = CliRunner.InProcess([.. command.Split(' '), "--help"]);
        string help = Regex.Replace(run.Out, @"\s+", " ");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"EXAMPLES: backprop {command} ", help);
        foreach (string option in required.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            Assert.Matches($@"{option} <FILE> (\S+ )?Required\.", help);
        if (required == "") Assert.DoesNotContain("Required.", help);
        Assert.DoesNotMatch(@"\d[eE][-+]?\d", help);   // 0.000001, not 1E-06
    }

    [Fact]
    public void EveryCommandsHelp_WritesNumbersPlainly()
    {
        foreach (string command in Commands)
        {
            CliRunner.Run run = CliRunner.InProcess([.. command.Split(' '), "--help"]);
            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotMatch(@"\d[eE][-+]?\d", run.Out);
        }
    }

    [Fact]
    public void Outputs_AreNamedOneWay_AndTheOldNamesStillWork()
    {
        // --out for a command's one output, --model-out and --figure-out for train's two; --plot and --no-plot as before.
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "20", "--quiet", "--model-out", PathOf("a.json"), "--figure-out", PathOf("a.png")).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "20", "--quiet", "--model-out", PathOf("b.json"), "--plot", PathOf("b.svg")).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "20", "--quiet", "--model-out", PathOf("c.json"), "--figure-out", PathOf("c.png"), "--no-plot").ExitCode);
        Assert.Equal(0, CliRunner.InProcess("train", "--iterations", "20", "--quiet", "--model-out", PathOf("d.json"), "--figure-out", PathOf("d.png"), "--no-figure").ExitCode);
        Assert.Equal(0, CliRunner.InProcess("plot", "--model", PathOf("a.json"), "--out", PathOf("e.png")).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("predict", "--model", PathOf("a.json"), "--points", "5", "--out", PathOf("f.csv")).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("data", "heart", "--points", "5", "--out", PathOf("g.csv")).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("export", "--model", PathOf("a.json"), "--out", PathOf("h.onnx")).ExitCode);

        Assert.Equal(["a.json", "a.png", "b.json", "b.svg", "c.json", "d.json", "e.png", "f.csv", "g.csv", "h.onnx"], FilesInFolder());   // no c.png, d.png
    }
}
