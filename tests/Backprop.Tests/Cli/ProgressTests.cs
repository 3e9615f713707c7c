using Backprop.Cli;
using Spectre.Console.Testing;

namespace Backprop.Tests.Cli;

/// <summary>The progress bar on a terminal: it fits the terminal's width and stops where training stopped.</summary>
public sealed class ProgressTests : TempFolderTest
{
    [Fact]
    public void NarrowTerminal_NoLineWrapsPastItsWidth()
    {
        var console = new TestConsole().Interactive().Width(60);
        var terminal = new Terminal(new StringWriter(), new StringWriter(), console, IsInteractive: true);

        int code = BackpropApp.Run(["train", "--iterations", "3000", "--validation-split", "0.2", "--no-plot", "--model-out", PathOf("m.json")], terminal);

        Assert.Equal(0, code);
        string[] lines = console.Lines.Where(l => l.Length > 0).ToArray();
        Assert.Contains(lines, l => l.Contains("100%", StringComparison.Ordinal));
        // What is written, not the blanks the test console writes where a terminal would move its cursor back.
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 60, $"{l.TrimEnd().Length} columns: {l}"));
    }

    [Fact]
    public void Interrupted_StopsWhereTrainingStopped_NotAt100Percent()
    {
        var console = new TestConsole().Interactive().Width(100);
        var terminal = new Terminal(new StringWriter(), new StringWriter(), console, IsInteractive: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        int code = BackpropApp.Run(["train", "--iterations", "100000000", "--no-plot", "--model-out", PathOf("m.json")], terminal, cancel.Token);

        Assert.Equal(130, code);
        Assert.DoesNotContain("100%", console.Output);
        Assert.Contains("  0%", console.Lines.Last(l => l.Contains('%')));   // a million iterations of 100 million
    }

    [Fact]
    public void Fit_CutsWithAnEllipsis_AndEscapesMarkup()
    {
        Assert.Equal("iteration 5 · cost [[1]]", Backprop.Cli.Commands.TrainCommand.Fit("iteration 5 · cost [1]", 40));
        Assert.Equal("abcd…", Backprop.Cli.Commands.TrainCommand.Fit("abcdefgh", 5));
    }
}
