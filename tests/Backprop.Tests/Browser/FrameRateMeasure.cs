using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;
using Backprop.Cli.Playground;
using Backprop.Tests.Cli;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Backprop.Tests.Browser;

/// <summary>
/// Measures, not tests: how many frames a second the playground page draws and how many training steps a second the
/// server takes, with the neuron pictures on and off, and what the pictures cost the server per frame. Run only when
/// BACKPROP_MEASURE=1 (bench/playground-fps.sh); nothing is asserted about speed. The figures go to the test's output
/// and, when BACKPROP_MEASURE_OUT names a file, to that file.
/// </summary>
[Trait("Category", "Measure")]
[Collection(nameof(RunAlone))]
public sealed class FrameRateMeasure(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly bool Asked = Environment.GetEnvironmentVariable("BACKPROP_MEASURE") == "1";
    private static int Rounds => int.Parse(Environment.GetEnvironmentVariable("BACKPROP_MEASURE_ROUNDS") ?? "3", CultureInfo.InvariantCulture);
    private static double Seconds => double.Parse(Environment.GetEnvironmentVariable("BACKPROP_MEASURE_SECONDS") ?? "10", CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task PageFramesAndTrainingSteps_PicturesOnAndOff()
    {
        Skip.IfNot(Asked, "a measurement: BACKPROP_MEASURE=1 runs it (bench/playground-fps.sh)");
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing");
        await using PlaygroundServer server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(server.Address);
        await page.WaitForFunctionAsync("() => /^iteration 0 /.test(document.getElementById('status').textContent)");

        // Rounds over every row in turn, pictures on and off alternately, so that a machine that slows for a while slows
        // both alike; each figure is the median of its rounds.
        // The last with all seven input features: seven pictures more in layer 0, and seven inputs to layer 1.
        (string Data, string Hidden, bool Features)[] runs = [("moons", "6,7", false), ("spiral", "6,7", false), ("moons", "8,8", false), ("moons", "16,16,16", false), ("spiral", "8,8", true)];
        var rows = new Dictionary<(string, string, bool, bool), List<double[]>>();
        for (int round = 0; round < Rounds; round++)
            foreach ((string data, string hidden, bool features) in runs)
                foreach (bool pictures in round % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (!rows.TryGetValue((data, hidden, features, pictures), out List<double[]>? figures)) rows[(data, hidden, features, pictures)] = figures = [];
                    figures.Add(await Measure(page, data, hidden, features, pictures));
                }
        var report = new StringBuilder(Machine());
        report.AppendLine(CultureInfo.InvariantCulture, $"Each row: the median of {Rounds} rounds of {Seconds:0} s of play after 2 s of warming up, the page in headless Chromium at 1280×900 on the same machine as the server.");
        report.AppendLine("| data | network | pictures | page draws/s | frames received/s | bytes/frame | training steps/s |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (((string data, string hidden, bool features, bool pictures), List<double[]> figures) in rows)
        {
            double Median(int k) => figures.Select(f => f[k]).Order().ElementAt(figures.Count / 2);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {data}{(features ? ", 7 features" : "")} | {(features ? 7 : 2)},{hidden},1 | {(pictures ? "on" : "off")} | {Median(0):0.0} | {Median(1):0.0} | {Median(2):N0} | {Median(3):N0} |");
        }
        Write(report.ToString());
    }

    [SkippableFact]
    public void ServerCostOfThePictures_PerFrame()
    {
        Skip.IfNot(Asked, "a measurement: BACKPROP_MEASURE=1 runs it (bench/playground-fps.sh)");
        var report = new StringBuilder(Machine());
        report.AppendLine("| network | plane alone (40², µs) | plane and pictures (40² + 16², µs) | pictures' share of a second at 15 pictured frames/s (NeuronPictures.PerSecond) |");
        report.AppendLine("|---|---|---|---|");
        foreach (int[] sizes in new[] { new[] { 2, 6, 7, 1 }, [2, 8, 8, 1], [2, 16, 16, 16, 1], [2, 64, 64, 64, 64, 64, 64, 1] })
        {
            Network network = Network.CreateRandom(sizes, new NumpyRandom(1));
            int plane = Session.PlaneCells * Session.PlaneCells, cells = NeuronPictures.DefaultCells;
            var alone = new Matrix(2, plane);
            var both = new Matrix(2, plane + cells * cells);
            NeuronPictures.WriteGrid(alone, 0, Session.PlaneCells, -1, 1, -1, 1);
            NeuronPictures.WriteGrid(both, 0, Session.PlaneCells, -1, 1, -1, 1);
            NeuronPictures.WriteGrid(both, plane, cells, -1, 1, -1, 1);
            (double withoutPictures, double withPictures) = Microseconds(() => network.Forward(alone), () => NeuronPictures.From(network.Forward(both), network, plane, cells));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {string.Join(',', sizes)} | {withoutPictures:0} | {withPictures:0} | {(withPictures - withoutPictures) * NeuronPictures.PerSecond / 1e6:P2} |");
        }
        Write(report.ToString());
    }

    // The settings made, play for a while: the page's draws, the frames and their bytes, and the steps, a second.
    private static async Task<double[]> Measure(IPage page, string data, string hidden, bool features, bool pictures)
    {
        if (await page.InputValueAsync("#data") != data) await page.SelectOptionAsync("#data", data);
        ILocator[] boxes = [.. await page.Locator("#features input").AllAsync()];
        for (int f = 0; f < boxes.Length; f++) await boxes[f].SetCheckedAsync(features || f < 2);   // all seven, or x₁ and x₂
        if (await page.InputValueAsync("#hidden") != hidden)
        {
            await page.FillAsync("#hidden", hidden);
            await page.PressAsync("#hidden", "Tab");
        }
        await page.SetCheckedAsync("#pictures", pictures);
        await page.WaitForFunctionAsync($"() => document.getElementById('command').textContent.includes('--layers {hidden} ') && document.getElementById('command').textContent.includes('{data}') && document.getElementById('command').textContent.includes('--features') === {(features ? "true" : "false")}");
        await page.ClickAsync("#reset");
        await page.WaitForFunctionAsync("() => /^iteration 0 /.test(document.getElementById('status').textContent)");
        await page.ClickAsync("#play");
        await Task.Delay(2000);
        const string Count = @"() => {
            const s = window.playground.state;
            if (!s.counting || s.counting.events !== s.events) {   // this session's stream
              const counting = s.counting = { events: s.events, frames: 0, bytes: 0 };
              s.events.addEventListener('message', (m) => { counting.frames++; counting.bytes += m.data.length; });
            }
            return [s.draws, s.counting.frames, s.counting.bytes, s.frame.iteration, performance.now()]; }";
        double[] start = await page.EvaluateAsync<double[]>(Count);
        await Task.Delay(TimeSpan.FromSeconds(Seconds));
        double[] end = await page.EvaluateAsync<double[]>(Count);
        await page.ClickAsync("#play");   // pause
        await page.WaitForFunctionAsync("() => !window.playground.state.playing");
        double seconds = (end[4] - start[4]) / 1000, frames = end[1] - start[1];
        return [(end[0] - start[0]) / seconds, frames / seconds, (end[2] - start[2]) / Math.Max(1, frames), (end[3] - start[3]) / seconds];
    }

    // Microseconds a call of each, the least of ten alternating 100 ms runs (the machine's noise only ever adds).
    private static (double First, double Second) Microseconds(Action first, Action second)
    {
        for (int i = 0; i < 50; i++) { first(); second(); }   // warm
        double Run(Action work)
        {
            var clock = Stopwatch.StartNew();
            int reps = 0;
            while (clock.ElapsedMilliseconds < 100 || reps < 10) { work(); reps++; }
            return clock.Elapsed.TotalMicroseconds / reps;
        }
        double a = double.MaxValue, b = double.MaxValue;
        for (int round = 0; round < 10; round++) (a, b) = (Math.Min(a, Run(first)), Math.Min(b, Run(second)));
        return (a, b);
    }

    private static string Machine()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        string widest = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "256-bit (AVX2)" : Vector128.IsHardwareAccelerated ? "128-bit" : "none";
        return $"CPU: {cpu}, {Environment.ProcessorCount} logical processors; float64; Vector<double>.Count = {Vector<double>.Count} ({widest} accelerated)\n";
    }

    private void Write(string report)
    {
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("BACKPROP_MEASURE_OUT") is { Length: > 0 } path) File.AppendAllText(path, report + "\n");
    }
}
