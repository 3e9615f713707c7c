using Backprop.Tests.Cli;

namespace Backprop.Tests;

/// <summary>Text from a data file reaches the terminal escaped and short, never raw.</summary>
public class ExcerptTests : TempFolderTest
{
    [Fact]
    public void Printable_EscapesWhatATerminalWouldActOn()
    {
        Assert.Equal("red\\u001B[31m, bell\\u0007, nul\\u0000, del\\u007F, csi\\u009B", Excerpt.Printable("red\u001b[31m, bell\u0007, nul\0, del\u007f, csi\u009b"));
        Assert.Equal("plain text, é, 日本", Excerpt.Printable("plain text, é, 日本"));
    }

    [Fact]
    public void Quoted_CutsALongValueToAnExcerpt()
    {
        string quoted = Excerpt.Quoted(new string('7', 100_000));

        Assert.Equal($"\"{new string('7', Excerpt.MaxLength)}…\"", quoted);
    }

    [Fact]
    public void BadField_WithEscapesAndMegabytes_GivesOneShortEscapedLine()
    {
        File.WriteAllText(PathOf("d.csv"), "x,y\n1,\u001b]0;owned\u0007" + new string('9', 500_000) + "\n");

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("d.csv"), "--model-out", PathOf("m.json"), "--no-plot");

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\u0007', line);
        Assert.Contains("column 2: \"\\u001B]0;owned\\u0007999", line);
        Assert.True(line.Length < 300, $"{line.Length} characters");
    }

    [Fact]
    public void UnknownLabel_IsQuotedEscaped()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassLabels.OneHot(["a", "b\u001b[2J"], ["a", "b"]));

        Assert.Contains("\"b\\u001B[2J\"", e.Message);
        Assert.DoesNotContain('\u001b', e.Message);
    }
}
