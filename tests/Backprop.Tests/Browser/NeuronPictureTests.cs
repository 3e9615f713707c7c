using System.Net;
using System.Text.Json;
using Backprop.Cli.Playground;
using Backprop.Tests.Cli;
using Microsoft.Playwright;
using SkiaSharp;

namespace Backprop.Tests.Browser;

/// <summary>
/// The neuron pictures in the network diagram, in a real browser (Debian's Chromium through Playwright, as
/// <see cref="PlaygroundPageTests"/> drives it): one per neuron, coloured as the frame's values call for, the right way
/// up, and hidden by their switch. That the values are the network's forward pass is <see cref="NeuronPictureServerTests"/>.
/// </summary>
[Trait("Category", "Browser")]
[Collection(nameof(RunAlone))]
public sealed class NeuronPictureTests : TempFolderTest, IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private PlaygroundServer _server = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0);
        if (!File.Exists(Chromium)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, DeviceScaleFactor = 1, AcceptDownloads = true });
        await _page.GotoAsync(_server.Address);
        await WaitFor("() => /^iteration 0 /.test(document.getElementById('status').textContent)");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _server.DisposeAsync();
    }

    [SkippableFact]
    public async Task Moons_EveryNeuronHasItsPicture_ColouredAsItsValuesCallFor_AndTheSwitchHidesThem()
    {
        RequireChromium();
        // Given the heart (one input): no pictures
        Assert.False(await _page.Locator("#neuron-pictures").IsVisibleAsync());

        // When the moons train a while and pause
        await _page.SelectOptionAsync("#data", "moons");
        await WaitFor("() => document.getElementById('curve-what').textContent.includes('input plane')");
        await _page.ClickAsync("#play");
        await WaitFor(@"() => /^iteration (\d{1,3},)?\d{1,3},\d{3} /.test(document.getElementById('status').textContent)");
        await _page.ClickAsync("#play");
        await WaitFor("() => document.getElementById('play').textContent === 'Play' && !window.playground.state.playing");
        await Task.Delay(300);   // the paused frame drawn
        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#model"));
        await download.SaveAsAsync(PathOf("model.json"));
        int[] sizes = [.. ModelFile.Load(PathOf("model.json")).LayerSizes];

        // Then there is one picture per neuron, inputs and output included, each on its neuron's circle
        Assert.Equal([2, 6, 7, 1], sizes);
        ILocator pictures = _page.Locator("#neuron-pictures canvas");
        Assert.Equal(sizes.Sum(), await pictures.CountAsync());
        Assert.Equal(sizes.Sum(), await _page.Locator("#diagram circle").CountAsync());
        for (int l = 0; l < sizes.Length; l++)
            Assert.Equal(sizes[l], await _page.Locator($"#neuron-pictures canvas[data-layer='{l}']").CountAsync());
        await AssertCentredOnItsCircle(layer: 2, neuron: 4);

        // … each pixel the colour its decoded value calls for on its layer's scale (here every cell of layer 1's neuron 3)
        JsonElement picture = await _page.EvaluateAsync<JsonElement>(@"() => {
            const p = window.playground.state.pictures, layer = p.layers[1];
            const canvas = document.querySelector(""#neuron-pictures canvas[data-layer='1'][data-neuron='3']"");
            return { cells: p.cells, scaleLow: layer.scaleLow, scaleHigh: layer.scaleHigh, neuron: layer.neurons[2],
              drawn: [...canvas.getContext('2d').getImageData(0, 0, p.cells, p.cells).data] }; }");
        Palette palette = await ReadPalette();
        int cells = picture.GetProperty("cells").GetInt32();
        Assert.Equal(NeuronPictures.DefaultCells, cells);
        int[][] expected = ExpectedColours(picture, palette);
        int[] drawn = [.. picture.GetProperty("drawn").EnumerateArray().Select(v => v.GetInt32())];
        for (int i = 0; i < cells * cells; i++)
            for (int c = 0; c < 3; c++)
                Assert.True(Math.Abs(drawn[4 * i + c] - expected[i][c]) <= 1, $"cell {i}: drawn rgb({drawn[4 * i]},{drawn[4 * i + 1]},{drawn[4 * i + 2]}), its value calls for rgb({string.Join(',', expected[i])})");
        Assert.True(expected.Select(e => string.Join(',', e)).Distinct().Count() > 10, "a neuron of a trained network varies over the plane");

        // … and on the screen too, in the middle of a few cells of the picture as shown (the screenshot, not the canvas): the
        // colour of that cell, or of a neighbour (the picture's box may start mid-pixel, moving the cells by a fraction)
        using SKBitmap shown = await Screenshot("#neuron-pictures canvas[data-layer='1'][data-neuron='3']");
        foreach ((int row, int column) in new[] { (1, 1), (3, 12), (8, 8), (14, 14), (12, 2) })
        {
            SKColor pixel = shown.GetPixel(Middle(column, cells, shown.Width), Middle(row, cells, shown.Height));
            int[][] near = [.. from r in new[] { row, row - 1, row + 1 } from c in new[] { column, column - 1, column + 1 } select expected[r * cells + c]];
            Assert.True(near.Any(want => Math.Abs(pixel.Red - want[0]) <= 2 && Math.Abs(pixel.Green - want[1]) <= 2 && Math.Abs(pixel.Blue - want[2]) <= 2),
                $"cell ({row}, {column}) shows {pixel}, its value calls for rgb({string.Join(',', expected[row * cells + column])})");
        }

        // … the right way up, as the input plane: x₁ grows to the right (orange to blue), x₂ upwards (row 0 the highest)
        using SKBitmap x1 = await Screenshot("#neuron-pictures canvas[data-layer='0'][data-neuron='1']");
        using SKBitmap x2 = await Screenshot("#neuron-pictures canvas[data-layer='0'][data-neuron='2']");
        AssertOrangeThenBlue(x1.GetPixel(3, x1.Height / 2), x1.GetPixel(x1.Width - 4, x1.Height / 2), "x₁: left, then right");
        AssertOrangeThenBlue(x2.GetPixel(x2.Width / 2, x2.Height - 4), x2.GetPixel(x2.Width / 2, 3), "x₂: bottom, then top");

        // When the switch is turned off, no picture shows, and the URL says so; on again, they are back
        await _page.UncheckAsync("#pictures");
        Assert.False(await _page.Locator("#neuron-pictures").IsVisibleAsync());
        Assert.Equal(0, await _page.Locator("#neuron-pictures canvas:visible").CountAsync());
        Assert.Contains("pictures=false", _page.Url);
        await _page.CheckAsync("#pictures");
        Assert.Equal(sizes.Sum(), await _page.Locator("#neuron-pictures canvas:visible").CountAsync());
        Assert.DoesNotContain("pictures=", _page.Url);
    }

    [SkippableFact]
    public async Task ClickingAPicture_ChoosesItsNeuronsBias_AndOutlinesIt()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "moons");
        await WaitFor("() => document.querySelectorAll('#neuron-pictures canvas').length > 0 && !document.getElementById('neuron-pictures').hidden");

        // A click near a picture's corner, outside its circle: the picture lets it through to the neuron under it
        ILocator picture = _page.Locator("#neuron-pictures canvas[data-layer='2'][data-neuron='5']");
        await picture.ScrollIntoViewIfNeededAsync();
        LocatorBoundingBoxResult box = (await picture.BoundingBoxAsync())!;
        await _page.Mouse.ClickAsync(box.X + box.Width - 2, box.Y + 2);

        await WaitFor("() => document.getElementById('chain-title').textContent.includes('∂C/∂b⁽²⁾₅')");
        Assert.Contains("selected", await picture.GetAttributeAsync("class") ?? "");
    }

    // The colour each cell's value calls for, as the page's scale says in words: v = low + q/255 · (high − low), then the
    // negative colour at scaleLow, white (the paper) halfway, the positive colour at scaleHigh, mixed in a straight line.
    private static int[][] ExpectedColours(JsonElement picture, Palette palette)
    {
        JsonElement neuron = picture.GetProperty("neuron");
        double low = neuron.GetProperty("low").GetDouble(), high = neuron.GetProperty("high").GetDouble();
        double scaleLow = picture.GetProperty("scaleLow").GetDouble(), scaleHigh = picture.GetProperty("scaleHigh").GetDouble();
        byte[] q = Convert.FromBase64String(neuron.GetProperty("values").GetString()!);
        return [.. q.Select(b =>
        {
            double v = low + b / 255.0 * (high - low);
            double t = Math.Clamp((v - scaleLow) / (scaleHigh - scaleLow), 0, 1);
            (int[] towards, double share) = t < 0.5 ? (palette.Negative, 1 - 2 * t) : (palette.Positive, 2 * t - 1);
            return palette.Paper.Select((p, c) => (int)Math.Floor(p + (towards[c] - p) * share + 0.5)).ToArray();
        })];
    }

    private sealed record Palette(int[] Paper, int[] Negative, int[] Positive);

    // The page's colours (style.css's variables), as a canvas paints them.
    private async Task<Palette> ReadPalette()
    {
        int[][] rgb = await _page.EvaluateAsync<int[][]>(@"() => ['--paper', '--negative', '--positive'].map(name => {
            const c = document.createElement('canvas').getContext('2d');
            c.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(name).trim(); c.fillRect(0, 0, 1, 1);
            return [...c.getImageData(0, 0, 1, 1).data].slice(0, 3); })");
        return new Palette(rgb[0], rgb[1], rgb[2]);
    }

    private async Task AssertCentredOnItsCircle(int layer, int neuron)
    {
        LocatorBoundingBoxResult picture = (await _page.Locator($"#neuron-pictures canvas[data-layer='{layer}'][data-neuron='{neuron}']").BoundingBoxAsync())!;
        LocatorBoundingBoxResult circle = (await _page.Locator($"#diagram circle[data-layer='{layer}'][data-neuron='{neuron}']").BoundingBoxAsync())!;
        Assert.Equal(circle.X + circle.Width / 2, picture.X + picture.Width / 2, 1.0);
        Assert.Equal(circle.Y + circle.Height / 2, picture.Y + picture.Height / 2, 1.0);
        Assert.InRange(picture.Width, 16, 28);
    }

    private async Task<SKBitmap> Screenshot(string selector) => SKBitmap.Decode(await _page.Locator(selector).ScreenshotAsync());

    // The screen pixel in the middle of cell `cell` of `cells`, on a picture `pixels` wide (nearest-neighbour scaling).
    private static int Middle(int cell, int cells, int pixels)
    {
        int pixel = (int)((cell + 0.5) * pixels / cells);
        Assert.Equal(cell, (int)((pixel + 0.5) * cells / pixels));
        return pixel;
    }

    private static void AssertOrangeThenBlue(SKColor first, SKColor second, string what)
    {
        Assert.True(first.Red > first.Blue, $"{what}: {first} is not orange");
        Assert.True(second.Blue > second.Red, $"{what}: {second} is not blue");
    }

    private static void RequireChromium()
    {
        bool required = Environment.GetEnvironmentVariable("BACKPROP_BROWSER_TESTS") == "required";
        Assert.True(File.Exists(Chromium) || !required, $"{Chromium} is missing; .ci/run installs Debian's chromium");
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium, as .ci/run does)");
    }

    private async Task WaitFor(string condition) =>
        await _page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = 60_000 });
}
