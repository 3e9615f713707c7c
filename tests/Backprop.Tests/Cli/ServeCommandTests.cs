using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

/// <summary><c>backprop serve</c> as a real process: one line with its address, the page served, and a clean stop on a signal.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Serve_PrintsItsLoopbackAddress_ServesThePage_AndStopsCleanlyWhenAsked(string signal)
    {
        using var process = Process.Start(CliRunner.StartInfo(Environment.CurrentDirectory, "serve", "--port", "0"))!;
        try
        {
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Match address = Regex.Match(line ?? "", @"^serving: (http://127\.0\.0\.1:\d+/)$");
            Assert.True(address.Success, line);

            using var http = new HttpClient { BaseAddress = new Uri(address.Groups[1].Value) };
            Assert.Contains("Backprop playground", await http.GetStringAsync("/"));
            // A tab watching its session: the stop must not wait for it to close.
            HttpResponseMessage created = await http.PostAsync("/api/sessions", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            string id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            using HttpResponseMessage stream = await http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead);

            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()])) await kill.WaitForExitAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "the server did not stop within 10 s with a page watching");
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("stopped", (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Theory]
    [InlineData("--port 70000", "--port must be from 0 to 65535")]
    [InlineData("--host localhost", "--host must be an IP address")]
    public void BadOption_IsAUsageError(string options, string message)
    {
        CliRunner.Run run = CliRunner.InProcess(["serve", .. options.Split(' ')]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
    }
}
