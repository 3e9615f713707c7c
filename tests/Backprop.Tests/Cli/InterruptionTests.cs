using Backprop.Cli;

namespace Backprop.Tests.Cli;

/// <summary>The one line an interruption ends with: what was written, once, whoever says it first.</summary>
public sealed class InterruptionTests
{
    [Theory]
    [InlineData(false, "", "backprop: interrupted: nothing written")]
    [InlineData(true, "", "backprop: interrupted: no file written, and what went to standard output may be cut short")]
    [InlineData(false, "m.json", "backprop: interrupted after writing m.json")]
    [InlineData(true, "m.json,f.png", "backprop: interrupted after writing m.json, f.png, and what went to standard output may be cut short")]
    public void Report_SaysWhatWasWritten(bool dataOnOut, string files, string expected)
    {
        var error = new StringWriter();
        Terminal terminal = Terminal.ForTests(new StringWriter(), error);
        if (dataOnOut) terminal.BeginDataOnOut();

        new Interruption().Report(terminal, files.Length == 0 ? [] : files.Split(','));

        Assert.Equal(expected, error.ToString().Trim());
    }

    [Fact]
    public void Report_FromTwoThreadsAtOnce_WritesOneWholeLine()
    {
        for (int trial = 0; trial < 200; trial++)
        {
            var error = new StringWriter();
            Terminal terminal = Terminal.ForTests(new StringWriter(), error);
            var interruption = new Interruption();
            using var start = new Barrier(2);

            Parallel.Invoke(() => { start.SignalAndWait(); interruption.Report(terminal, []); }, () => { start.SignalAndWait(); interruption.Report(terminal, []); });

            // Both calls have returned: the line is whole by then, and there is one
            Assert.Equal("backprop: interrupted: nothing written" + Environment.NewLine, error.ToString());
        }
    }

    [Fact]
    public void AProtectedCommand_IsNotAbandoned_AnAbandonedOneCannotProtectItself()
    {
        var kept = new Interruption();
        Assert.True(kept.Protect());
        Assert.False(kept.TryAbandon());

        var abandoned = new Interruption();
        Assert.True(abandoned.TryAbandon());
        Assert.False(abandoned.Protect());
    }
}
