using Backprop.Tests.Cli;

namespace Backprop.Tests;

/// <summary>The help of every command, as a user reads it: it changes only when its approved file is changed with it.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("")]
    [InlineData("train")]
    [InlineData("tune")]
    [InlineData("jacobians")]
    [InlineData("gradcheck")]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("data heart")]
    [InlineData("data spiral")]
    [InlineData("bench")]
    [InlineData("serve")]
    [InlineData("plot")]
    [InlineData("export")]
    public void Help_IsTheApprovedText(string command)
    {
        CliRunner.Run run = CliRunner.InProcess([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Approval.Verify($"help-{(command.Length == 0 ? "backprop" : command.Replace(' ', '-'))}", run.Out);
    }
}
