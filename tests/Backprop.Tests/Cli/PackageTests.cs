using System.Diagnostics;

namespace Backprop.Tests.Cli;

/// <summary>
/// The packages as a user gets them: tools/package/install-check.sh packs a clean clone, checks the library package's
/// metadata, symbols and SourceLink and the tool package's contents, installs the tool into a folder of its own, runs
/// it, and proves that <c>dotnet tool update</c> picks up a rebuild (committed, and uncommitted). About a minute.
/// </summary>
[Trait("Category", "Package")]
[Collection(nameof(RunAlone))]   // it builds the solution twice over: not beside timing-sensitive tests
public sealed class PackageTests : TempFolderTest
{
    [Fact]
    public async Task PackagesInstallAndUpdate_AsTheReadmeSays()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tools", "package", "install-check.sh"));
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, output + await error);
        Assert.EndsWith("install-check: ok", output.Trim());
    }
}
