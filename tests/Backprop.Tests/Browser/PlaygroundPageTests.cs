using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Backprop.Cli.Playground;
using Backprop.Tests.Cli;
using Microsoft.Playwright;

namespace Backprop.Tests.Browser;

/// <summary>
/// The playground in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium, which .ci/run installs;
/// no browser is downloaded) against a server on 127.0.0.1. Skipped where Chromium is missing, unless
/// BACKPROP_BROWSER_TESTS=required (as in CI), where its absence fails.
/// </summary>
[Trait("Category", "Browser")]
[Collection(nameof(RunAlone))]   // timing-sensitive: not beside the CPU-heavy tests
public sealed class PlaygroundPageTests : TempFolderTest, IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private PlaygroundServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
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
            // As root, without a sandbox; no background connections (the machine's network is closed).
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        await _page.GotoAsync(_server.Address);
        await WaitForStatus(@"^iteration 0 · cost 0\.225$");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _server.DisposeAsync();
    }

    [SkippableFact]
    public async Task Play_TheCostFallsBelowTheWorksheets_WhereTrainCrossesIt_AndTheCurveChanges()
    {
        RequireChromium();
        byte[] before = await _page.Locator("#curve").ScreenshotAsync();

        await _page.ClickAsync("#play");
        (int iteration, double cost) = await WaitForStatus(@"cost (0\.00[01]\d*|\d(\.\d+)?e-\d+)( |$)");

        // The page shows frames as fast as it can draw them: where it first shows a cost below 0.002, the cost is
        // backprop train's at that iteration (three digits shown), and train is there only after iteration 11,000
        // (iteration=11000 cost=0.00200622275, iteration=12000 cost=0.00195847166).
        var random = new NumpyRandom(1);
        Network network = Network.CreateRandom([1, 6, 7, 2], random);
        TrainingResult train = Trainer.Train(network, HeartData.Create(100), random, new TrainingOptions { Iterations = iteration, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });
        Assert.True(cost < 0.002, $"cost {cost}");
        Assert.True(iteration > 11_000, $"iteration {iteration}");
        Assert.Equal(double.Parse(train.FinalCost.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), cost);
        Assert.NotEqual(before, await _page.Locator("#curve").ScreenshotAsync());
    }

    [SkippableFact]
    public async Task PauseStepReset_DoWhatTheySay_AndTheSameSeedGivesTheSameStart()
    {
        RequireChromium();
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration [1-9][\d,]{3,}");
        await _page.ClickAsync("#play");   // now "Pause"
        await WaitForText("#play", "Play");
        (int paused, _) = Status(await _page.InnerTextAsync("#status"));

        await _page.ClickAsync("#step");
        await WaitForStatus($"^iteration {paused + 1:N0} ");

        await _page.ClickAsync("#reset");
        await WaitForStatus(@"^iteration 0 · cost 0\.225$");
    }

    [SkippableFact]
    public async Task LearningRateChange_KeepsTheIterationAndGoesOn_WhereALayerChangeStartsAgain()
    {
        RequireChromium();
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration [1-9][\d,]{3,}");
        await _page.ClickAsync("#play");   // now "Pause"
        await WaitForText("#play", "Play");
        (int paused, _) = Status(await _page.InnerTextAsync("#status"));

        // A new learning rate: the same iteration, said so, and the next step goes on from there
        await _page.FillAsync("#learningRate", "2");
        await _page.PressAsync("#learningRate", "Tab");
        await WaitForText("#change-note", $"New settings from iteration {paused:N0} on; training goes on.");
        await WaitForText("#command", "--learning-rate 2 ");
        await WaitForText("#command-note", $"this run took them at iteration {paused:N0}");
        Assert.Equal(paused, Status(await _page.InnerTextAsync("#status")).Iteration);
        await _page.ClickAsync("#step");
        await WaitForStatus($"^iteration {paused + 1:N0} ");

        // A new network starts again, and says so
        await _page.FillAsync("#hidden", "5");
        await _page.PressAsync("#hidden", "Tab");
        await WaitForStatus(@"^iteration 0 · ");
        await WaitForText("#change-note", "started again at iteration 0");
    }

    [SkippableFact]
    public async Task ChangingTheLayers_StartsAgain_AndTheExportedModelHasThem()
    {
        RequireChromium();
        await _page.FillAsync("#hidden", "4");
        await _page.PressAsync("#hidden", "Tab");   // committed: one change event
        await WaitForStatus(@"^iteration 0 · cost (?!0\.225$)");
        await _page.ClickAsync("#step");
        await WaitForStatus("^iteration 1 ");

        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#model"));
        await download.SaveAsAsync(PathOf("model.json"));

        Assert.Equal([1, 4, 2], ModelFile.Load(PathOf("model.json")).LayerSizes);
        Assert.Contains("--layers 4 ", await _page.InnerTextAsync("#command"));
    }

    [SkippableTheory]
    [InlineData("line[data-layer='2'][data-neuron='3'][data-input='1']", 2, 3, 1)]
    [InlineData("circle[data-layer='3'][data-neuron='2']", 3, 2, 0)]
    public async Task ChainRulePanel_ItsProductIsWhatJacobiansPrints_ForTheSameWeights(string element, int layer, int neuron, int input)
    {
        RequireChromium();
        await _page.ClickAsync("#step");
        await WaitForStatus("^iteration 1 ");

        await _page.ClickAsync(element);
        await WaitForText("#chain-product", "finite difference");
        double product = double.Parse((await _page.GetAttributeAsync("#chain-product", "data-value"))!, CultureInfo.InvariantCulture);
        double finite = double.Parse((await _page.GetAttributeAsync("#chain-product", "data-finite-difference"))!, CultureInfo.InvariantCulture);
        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#model"));
        await download.SaveAsAsync(PathOf("model.json"));

        // backprop jacobians on the exported weights and the same heart data.
        CliRunner.Run jacobians = CliRunner.InProcess("jacobians", "--model", PathOf("model.json"));
        System.Text.Json.JsonElement layerJacobian = System.Text.Json.JsonDocument.Parse(jacobians.Out).RootElement.GetProperty("layers")[layer - 1];
        double expected = input > 0 ? layerJacobian.GetProperty("weights")[neuron - 1][input - 1].GetDouble() : layerJacobian.GetProperty("biases")[neuron - 1].GetDouble();
        Assert.True(Math.Abs(product - expected) <= 1e-12 * Math.Max(1e-3, Math.Abs(expected)), $"panel {product:R}, jacobians {expected:R}");
        Assert.True(Math.Abs(finite - expected) <= 1e-7, $"finite difference {finite:R}, jacobians {expected:R}");
        Assert.Contains(input > 0 ? $"∂C/∂w⁽{"⁰¹²³⁴⁵⁶⁷⁸⁹"[layer]}⁾" : $"∂C/∂b⁽{"⁰¹²³⁴⁵⁶⁷⁸⁹"[layer]}⁾", await _page.InnerTextAsync("#chain-title"));
        Assert.StartsWith("∂C/∂", await _page.InnerTextAsync("#chain-formula"));
        Assert.Equal(3, await _page.Locator("#heatmaps canvas").CountAsync());   // every layer's ∂C/∂W, the chosen one marked
        Assert.Equal($"∂C/∂W of layer {layer}", await _page.Locator("#heatmaps canvas.chosen").GetAttributeAsync("aria-label"));
    }

    [SkippableFact]
    public async Task ChainRulePanel_ForOneSample_MultipliesOutByHand_AndAllIsTheSumOfTheSamplesTerms()
    {
        RequireChromium();
        await _page.ClickAsync("#step");
        await WaitForStatus("^iteration 1 ");
        await _page.ClickAsync("line[data-layer='1'][data-neuron='4'][data-input='1']");
        await WaitForText("#chain-product", "finite difference");

        // All: a sum of the samples' terms, never a product of averages; its shown terms are the samples' own
        string all = await _page.InnerTextAsync("#chain-product");
        Assert.Matches(@"^= \S+ \+ \S+ \+ \S+ \+ \S+ \+ … \(100 terms\) = ", all);
        double total = double.Parse((await _page.GetAttributeAsync("#chain-product", "data-value"))!, CultureInfo.InvariantCulture);
        double firstTerm = double.Parse(all.Split(' ')[1], CultureInfo.InvariantCulture);

        // One sample: its factors, and each product so far is the previous one times the factor between, to the shown digits
        await _page.SelectOptionAsync("#chain-sample", "1");
        await WaitForText("#chain-product", "this sample's contribution");
        string[][] rows = await Rows("#chain-factors");
        int split = Array.FindIndex(rows, r => r[0] == "product so far");
        double[][][] factors = [.. rows[1..split].Select(r => r[1].Split('\n').Select(Numbers).ToArray())];
        string[] factorNames = [.. rows[1..split].Select(r => r[0])];
        double[][] products = [.. rows[(split + 1)..].Select(r => Numbers(r[1]))];
        Assert.Equal(factors.Length - 1, products.Length);
        AssertClose(factors[0][0], products[0]);
        for (int p = 1; p < products.Length; p++)
        {
            double[][] f = factors[p];
            double[] expected = factorNames[p].StartsWith("∂a", StringComparison.Ordinal)
                ? [.. products[p - 1].Zip(f[0], (g, d) => g * d)]
                : [.. Enumerable.Range(0, f[0].Length).Select(i => Enumerable.Range(0, f.Length).Sum(j => f[j][i] * products[p - 1][j]))];
            AssertClose(expected, products[p]);
        }
        // … and the contribution is the product's neuron-4 entry times ∂z/∂w, and the first term of the sum
        string contribution = await _page.InnerTextAsync("#chain-product");
        Match shown = Regex.Match(contribution, @"contribution: (\S+) × (\S+) = (\S+) · of ∂C/∂w⁽¹⁾₄₁ = (\S+), the sum over all 100 samples");
        Assert.True(shown.Success, contribution);
        double[] parts = [.. Enumerable.Range(1, 4).Select(g => double.Parse(shown.Groups[g].Value, CultureInfo.InvariantCulture))];
        AssertClose([products[^1][3] * factors[^1][0][0]], [parts[0] * parts[1]]);
        AssertClose([parts[0] * parts[1]], [parts[2]]);
        AssertClose([firstTerm], [parts[2]]);
        Assert.Equal(total, parts[3], 1e-7 * Math.Abs(total));
    }

    // The rows of a table, each cell's text.
    private async Task<string[][]> Rows(string table) =>
        await _page.EvalOnSelectorAsync<string[][]>(table, "t => [...t.rows].map(r => [...r.cells].map(c => c.textContent))");

    private static double[] Numbers(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => double.Parse(n, CultureInfo.InvariantCulture))];

    // Agreement to the digits shown (six significant: a few units in the sixth digit of the vector's largest entry).
    private static void AssertClose(double[] expected, double[] shown)
    {
        Assert.Equal(expected.Length, shown.Length);
        double scale = Math.Max(1e-300, expected.Max(Math.Abs));
        for (int i = 0; i < shown.Length; i++)
            Assert.True(Math.Abs(expected[i] - shown[i]) <= 2e-5 * scale, $"entry {i}: by hand {expected[i]:R}, shown {shown[i]:R}");
    }

    [SkippableFact]
    public async Task UploadedCsv_IsTrainedOn_AndDrawnAgainstItsInput()
    {
        RequireChromium();
        var csv = new System.Text.StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) csv.Append(CultureInfo.InvariantCulture, $"{i / 39.0:R},{0.5 + 0.4 * Math.Sin(6 * i / 39.0):R}\n");
        File.WriteAllText(PathOf("wave.csv"), csv.ToString());

        await _page.SetInputFilesAsync("#file", PathOf("wave.csv"));
        await WaitForText("#curve-what", "Outputs against the input");
        await WaitForText("#command", "--data wave.csv");
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration [1-9][\d,]{4,} ");
        await _page.ClickAsync("#play");   // pause
        await WaitForText("#play", "Play");

        // The same data and settings trained here, by the library: the page's first frame is its start.
        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#model"));
        await download.SaveAsAsync(PathOf("model.json"));
        Assert.Equal([1, 6, 7, 1], ModelFile.Load(PathOf("model.json")).LayerSizes);
        IDownload figure = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#figure"));
        await figure.SaveAsAsync(PathOf("figure.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(PathOf("figure.png"))[..4]);   // a PNG
    }

    [SkippableFact]
    public async Task TwoClassData_IsDrawnOnTheInputPlane_AndLearned()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "moons");
        await WaitForText("#curve-what", "input plane");
        (_, double first) = await WaitForStatus("^iteration 0 ");
        byte[] before = await _page.Locator("#curve").ScreenshotAsync();

        await _page.ClickAsync("#play");
        (_, double later) = await WaitForStatus(@"^iteration (?:(?:[2-9]\d|\d{3}),\d{3}|\d{1,3}(?:,\d{3}){2,}) ");

        Assert.True(later < first / 2, $"cost {first} then {later}");
        Assert.NotEqual(before, await _page.Locator("#curve").ScreenshotAsync());
    }

    [SkippableFact]
    public async Task DataNoise_OfTheSpiral_ReachesTheRun_AndItsCommandLinesWriteThatData()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "spiral");
        await _page.FillAsync("#dataNoise", "0.04");
        await _page.PressAsync("#dataNoise", "Tab");

        await WaitForText("#command", "backprop data spiral --points 100 --noise 0.04 --out spiral.csv && backprop train ");
        await WaitForText("#command", " --recipe worksheet --data spiral.csv ");
        Assert.Contains("Gradient noise", await _page.InnerTextAsync("#optimizer-settings"));
    }

    [SkippableFact]
    public async Task IrisCsv_ItsSpeciesColumnTrainsAsClasses_AndTheTargetAndKindCanBeChosen()
    {
        RequireChromium();
        File.Copy(Path.Combine(Repository.Root(), "docs", "iris.csv"), PathOf("iris.csv"));

        // A label column of any name (species): classes, as train reads it
        await _page.SetInputFilesAsync("#file", PathOf("iris.csv"));
        await WaitForText("#command", "--recipe worksheet --data iris.csv --classes ");
        await WaitForStatus("^iteration 0 ");
        Assert.Equal("", await _page.InnerTextAsync("#error"));
        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#model"));
        await download.SaveAsAsync(PathOf("model.json"));
        Assert.Equal(["setosa", "versicolor", "virginica"], ModelFile.Load(PathOf("model.json")).Classes);

        // The target chosen: petal_width and species as two number columns is refused in one line (species is words)…
        await _page.SelectOptionAsync("#target", "3");
        await _page.SelectOptionAsync("#csvClasses", "false");
        await WaitForText("#error", "iris.csv");
        Assert.Equal("not training", await _page.InnerTextAsync("#status"));

        // … and species alone, as classes, trains again
        await _page.SelectOptionAsync("#target", "4");
        await _page.SelectOptionAsync("#csvClasses", "true");
        await WaitForText("#command", "--data iris.csv --inputs 4 --classes ");
        await WaitForStatus("^iteration 0 ");
    }

    [SkippableFact]
    public async Task TwoClassPlane_IsPale_TheSamplesInTheirFullClassColour_AndDiscretizeMakesTwoColours()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "moons");
        await WaitForText("#curve-what", "input plane");
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration (?:[2-9]\d|\d{3}),\d{3} ");
        await _page.ClickAsync("#play");
        await WaitForText("#play", "Play");
        await WaitForText("#cost-what", "(squared)");   // the loss the run uses is the one labelled
        await _page.SelectOptionAsync("#testShare", "0.2");   // a fifth held out: its cost beside the training cost
        (_, _) = await WaitForStatus(@"^iteration 0 · cost [\d.e-]+ · test [\d.e-]+$");
        await WaitForText("#command", "--validation-split 0.2 ");
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration (?:[2-9]\d|\d{3}),\d{3} · cost [\d.e-]+ · test ");
        await _page.ClickAsync("#play");
        await WaitForText("#play", "Play");
        await Task.Delay(200);

        // The plane is pale: a far corner (class 0, no sample there) is more than half way from the class's full colour to white
        int[] corner = await _page.EvaluateAsync<int[]>("() => [...document.getElementById('curve').getContext('2d').getImageData(2, 2, 1, 1).data]");
        int[] full = await _page.EvaluateAsync<int[]>(@"() => { const c = document.createElement('canvas').getContext('2d');
            c.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--negative').trim(); c.fillRect(0, 0, 1, 1);
            return [...c.getImageData(0, 0, 1, 1).data]; }");
        for (int k = 0; k < 3; k++) Assert.True(corner[k] >= (full[k] + 255) / 2, $"the corner is rgb({string.Join(',', corner.Take(3))}), the class rgb({string.Join(',', full.Take(3))})");
        byte[] smooth = await _page.Locator("#curve").ScreenshotAsync();
        await _page.CheckAsync("#discretize");
        await Task.Delay(200);
        Assert.NotEqual(smooth, await _page.Locator("#curve").ScreenshotAsync());
        int distinct = await _page.EvaluateAsync<int>(@"() => {
            const c = document.getElementById('curve'), d = c.getContext('2d').getImageData(0, 0, 40, 40).data, seen = new Set();
            for (let i = 0; i < d.length; i += 4) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
            return seen.size; }");
        Assert.True(distinct <= 4, $"{distinct} colours in a corner of a discretized plane");
    }

    [SkippableFact]
    public async Task Url_HoldsTheSettings_AndACopiedUrlOpensTheSameRun()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "moons");
        await _page.FillAsync("#hidden", "5,3");
        await _page.PressAsync("#hidden", "Tab");
        await _page.FillAsync("#seed", "7");
        await _page.PressAsync("#seed", "Tab");
        await _page.SelectOptionAsync("#optimizer", "adam");
        await _page.FillAsync("#learningRate", "0.02");
        await _page.PressAsync("#learningRate", "Tab");
        await _page.SelectOptionAsync("#speed", "100");
        await WaitForText("#command", "--learning-rate 0.02 ");
        await _page.ClickAsync("#reset");
        (_, double cost) = await WaitForStatus("^iteration 0 ");
        string command = await _page.InnerTextAsync("#command");

        // Opened in another tab, the copied URL gives the same controls, the same command line and the same start
        IPage copy = await _browser.NewPageAsync();
        await copy.GotoAsync(_page.Url);
        await copy.WaitForFunctionAsync("() => document.getElementById('command').textContent.includes('--layers 5,3 ')", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Contains("#", _page.Url);
        Assert.Equal(command, await copy.InnerTextAsync("#command"));
        Assert.Equal("moons", await copy.InputValueAsync("#data"));
        Assert.Equal("100", await copy.InputValueAsync("#speed"));
        Assert.Equal("0.02", await copy.InputValueAsync("#learningRate"));
        Assert.Equal(cost, Status(await copy.InnerTextAsync("#status")).Cost);
    }

    [SkippableFact]
    public async Task FeatureBoxes_ReachTheRun_NameTheDiagramsInputs_AndTravelInTheUrl()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "circles");
        ILocator Box(string name) => _page.Locator($"#features input[data-feature='{name}']");
        await _page.Locator("#features input").Nth(6).WaitForAsync();

        // TensorFlow Playground's seven, the inputs themselves checked: no --features in the command line
        Assert.Equal(["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"], (await _page.Locator("#features label").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.True(await Box("x1").IsCheckedAsync());
        Assert.False(await Box("x1^2").IsCheckedAsync());
        await WaitForText("#command", "--data circles.csv ");
        Assert.DoesNotContain("--features", await _page.InnerTextAsync("#command"));

        // x₁² and x₂² instead of x₁ and x₂: the run takes them, and the diagram says so
        await Box("x1^2").CheckAsync();
        await Box("x2^2").CheckAsync();
        await Box("x1").UncheckAsync();
        await Box("x2").UncheckAsync();
        await WaitForText("#command", " --features 'x1^2,x2^2' ");
        await _page.WaitForFunctionAsync("() => [...document.querySelectorAll('#diagram text.input-label')].map(t => t.textContent).join(' ') === 'x₁² x₂²'",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Contains("features=x1%5E2%2Cx2%5E2", _page.Url);

        // The copied URL opens the same boxes and the same run
        IPage copy = await _browser.NewPageAsync();
        await copy.GotoAsync(_page.Url);
        await copy.WaitForFunctionAsync("() => document.getElementById('command').textContent.includes('--features')", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Equal(await _page.InnerTextAsync("#command"), await copy.InnerTextAsync("#command"));
        Assert.True(await copy.Locator("#features input[data-feature='x2^2']").IsCheckedAsync());
        Assert.False(await copy.Locator("#features input[data-feature='x1']").IsCheckedAsync());

        // One input: x₁, x₁², sin x₁
        await _page.SelectOptionAsync("#data", "sine");
        await WaitForText("#command", "--data sine.csv ");
        Assert.Equal(["x₁", "x₁²", "sin x₁"], (await _page.Locator("#features label").AllInnerTextsAsync()).Select(t => t.Trim()));
    }

    [SkippableFact]
    public async Task StepThroughOneSample_PhaseByPhase_ShowsTheLibrarysNumbers()
    {
        RequireChromium();
        await _page.ClickAsync("#step");
        await WaitForStatus("^iteration 1 ");
        await _page.SelectOptionAsync("#walk-sample", "3");
        await _page.ClickAsync("#walk-start");
        await WaitForText("#walk-title", "1/11 · The sample's inputs");

        // → from the keyboard: layer 1 forward, a and z per neuron, and the same numbers beside the neurons in the diagram
        await _page.PressAsync("#walk", "ArrowRight");
        await WaitForText("#walk-title", "2/11 · Layer 1 forward");
        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#model"));
        await download.SaveAsAsync(PathOf("model.json"));
        Network network = ModelFile.Load(PathOf("model.json"));
        DataSet sample = HeartData.Create(100).Subset([2]);
        ForwardTrace trace = network.Forward(sample.Inputs);
        string[][] rows = await Rows("#walk-neurons");
        Assert.Equal(["neuron", "a", "z"], rows[0]);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(trace.Activation(1)[j, 0], double.Parse(rows[j + 1][1], CultureInfo.InvariantCulture), 1e-5 * Math.Abs(trace.Activation(1)[j, 0]));
            Assert.Equal(trace.WeightedSum(1)[j, 0], double.Parse(rows[j + 1][2], CultureInfo.InvariantCulture), 1e-5 * Math.Abs(trace.WeightedSum(1)[j, 0]));
        }
        Assert.Equal(6, await _page.Locator("#diagram g[data-labels='1'] text").CountAsync());
        Assert.Contains("z⁽¹⁾₁ = ", await _page.InnerTextAsync("#walk-formula"));

        // On through the loss to layer 3 backward: δ⁽³⁾ is the backward pass's ∂C/∂b⁽³⁾ over that one sample
        for (int i = 0; i < 4; i++) await _page.ClickAsync("#walk-next");
        await WaitForText("#walk-title", "6/11 · Layer 3 backward");
        Gradients one = network.Backpropagate(sample);
        rows = await Rows("#walk-neurons");
        for (int j = 0; j < 2; j++)
            Assert.Equal(one.Layers[2].Biases[j], double.Parse(rows[j + 1][3], CultureInfo.InvariantCulture), 1e-5 * Math.Abs(one.Layers[2].Biases[j]));
        Assert.StartsWith("δ⁽³⁾ = ∂C/∂z⁽³⁾ = [", await _page.InnerTextAsync("#walk-formula"));
    }

    [SkippableFact]
    public async Task BadCsv_IsShownInThePage_WithItsLineAndColumn()
    {
        RequireChromium();
        File.WriteAllText(PathOf("bad.csv"), "x,y\n0.1,0.2\n0.3,oops\n");

        await _page.SetInputFilesAsync("#file", PathOf("bad.csv"));

        await WaitForText("#error", "bad.csv line 3, column 2: \"oops\" is not a finite number");

        // Nothing of the heart's run stays: no status, no command line, blank figures
        Assert.Equal("not training", await _page.InnerTextAsync("#status"));
        Assert.Equal("", await _page.InnerTextAsync("#command"));
        Assert.True(await _page.EvaluateAsync<bool>("() => ['curve', 'cost'].every(id => { const c = document.getElementById(id); return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.every(v => v === 0); })"));
        await _page.ClickAsync("#heart");
        await WaitForStatus(@"^iteration 0 · cost 0\.225$");
    }

    [SkippableFact]
    public async Task FigureAsSvg_HoldsTheTargetTheTrailAndTheCurve()
    {
        RequireChromium();
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration (?:(?:[3-9]|\d{2,3}),\d{3}|\d{1,3}(?:,\d{3}){2,}) ");
        await _page.ClickAsync("#play");
        await WaitForText("#play", "Play");

        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#figure-svg"));
        await download.SaveAsAsync(PathOf("figure.svg"));

        var svg = System.Xml.Linq.XDocument.Load(PathOf("figure.svg"));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        string[] colours = [.. svg.Descendants(ns + "polyline").Select(p => (string)p.Attribute("stroke")!)];
        Assert.Equal("#008000", colours[0]);   // the target, then at least 3 snapshots of the trail, then the curve now
        Assert.True(colours.Count(c => c == "#ff00ff") >= 3, string.Join(" ", colours));
        Assert.Equal("#ff8c00", colours[^1]);
        Assert.Equal(100, ((string)svg.Descendants(ns + "polyline").Last().Attribute("points")!).Split(' ').Length);
    }

    [SkippableFact]
    public async Task FigureAsSvg_OfTheInputPlane_IsDrawnAsTheCanvasIs_CellsAndSamplesAsVectors()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#data", "moons");
        await WaitForText("#curve-what", "input plane");

        IDownload download = await _page.RunAndWaitForDownloadAsync(() => _page.ClickAsync("#figure-svg"));
        await download.SaveAsAsync(PathOf("plane.svg"));

        // The same drawing as the canvas: a background, 40 × 40 cells of the plane, then one dot per sample (100 points)
        var svg = System.Xml.Linq.XDocument.Load(PathOf("plane.svg"));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(1 + 40 * 40, svg.Descendants(ns + "rect").Count());
        Assert.Equal(100, svg.Descendants(ns + "circle").Count());
        Assert.Empty(svg.Descendants(ns + "image"));   // no picture of the canvas: vectors
    }

    [SkippableFact]
    public async Task LayerButtons_AddAndRemoveHiddenLayers()
    {
        RequireChromium();
        await _page.ClickAsync("#add-layer");
        await WaitForText("#command", "--layers 6,7,4 ");
        // 1 input, 6, 7, 4, 2 outputs, once the next screen frame has drawn the diagram.
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#diagram circle').length === 20", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        await _page.ClickAsync("#remove-layer");
        await _page.ClickAsync("#remove-layer");
        await WaitForText("#command", "--layers 6 ");
        Assert.Equal("6", await _page.InputValueAsync("#hidden"));
    }

    [SkippableFact]
    public async Task OptimizerControls_ReachTheRun_AsItsCommandLineShows()
    {
        RequireChromium();
        await _page.SelectOptionAsync("#optimizer", "momentum");
        await _page.CheckAsync("#nesterov");
        await _page.FillAsync("#weightDecay", "0.001");
        await _page.PressAsync("#weightDecay", "Tab");
        await WaitForText("#command", "--momentum 0.9 --nesterov --weight-decay 0.001 ");

        await _page.SelectOptionAsync("#optimizer", "adam");
        await _page.FillAsync("#epsilon", "0.0001");
        await _page.PressAsync("#epsilon", "Tab");
        await WaitForText("#command", "--optimizer adam ");
        await WaitForText("#command", "--epsilon 0.0001 --weight-decay 0.001 ");
        Assert.False(await _page.IsVisibleAsync("#nesterov"));   // each optimizer's own settings only
    }

    [SkippableFact]
    public async Task Diagram_ByKeyboard_MovesBetweenNeuronsBiasesWeightsAndLayers()
    {
        RequireChromium();
        await _page.FocusAsync("#diagram");

        string[] expected = ["b⁽¹⁾₁", "b⁽¹⁾₂", "w⁽¹⁾₂₁", "w⁽²⁾₂₁", "w⁽²⁾₂₂", "w⁽²⁾₃₂", "b⁽²⁾₃", "b⁽³⁾₂"];
        string[] keys = ["ArrowDown", "ArrowDown", "ArrowRight", "PageDown", "ArrowRight", "ArrowDown", "Home", "PageDown"];
        for (int i = 0; i < keys.Length; i++)
        {
            await _page.Keyboard.PressAsync(keys[i]);
            await WaitForText("#chain-title", $"∂C/∂{expected[i]}");
        }

        Assert.Equal(1, await _page.Locator("#diagram circle.selected[data-layer='3'][data-neuron='2']").CountAsync());
        await _page.Keyboard.PressAsync("ArrowDown");   // layer 3 has two neurons: the last stays chosen
        await _page.Keyboard.PressAsync("ArrowLeft");
        await WaitForText("#chain-title", "∂C/∂b⁽³⁾₂");
    }

    [SkippableFact]
    public async Task Diagram_ATapNearANeuron_ChoosesItsBias_WhereAMouseClickMustBeCloser()
    {
        RequireChromium();
        // The output neuron b⁽³⁾₂ has nothing to its right: 10 px past its edge is within a finger's reach, not a mouse's.
        (float X, float Y) NearTheOutput(LocatorBoundingBoxResult box) => (box.X + box.Width + 10, box.Y + box.Height / 2);
        ILocator neuron = _page.Locator("#diagram circle[data-layer='3'][data-neuron='2']");
        await neuron.ScrollIntoViewIfNeededAsync();
        (float x, float y) = NearTheOutput((await neuron.BoundingBoxAsync())!);
        await _page.Mouse.ClickAsync(x, y);
        Assert.True(await _page.EvaluateAsync<bool>("() => playground.state.selected === null"));   // a click chooses at once, or not at all
        await _page.ClickAsync("#diagram circle:not([data-layer])");                        // the input neuron: no bias, no weight
        Assert.True(await _page.EvaluateAsync<bool>("() => playground.state.selected === null"));

        await using IBrowserContext touch = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            HasTouch = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        IPage phone = await touch.NewPageAsync();
        await phone.GotoAsync(_server.Address);
        ILocator touched = phone.Locator("#diagram circle[data-layer='3'][data-neuron='2']");
        await touched.ScrollIntoViewIfNeededAsync();
        (x, y) = NearTheOutput((await touched.BoundingBoxAsync())!);
        await phone.Touchscreen.TapAsync(x, y);
        await phone.WaitForFunctionAsync("() => document.getElementById('chain-title').textContent === '∂C/∂b⁽³⁾₂'",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
    }

    [SkippableFact]
    public async Task Diagram_OfTheLargestNetwork_DrawsEachLayersLargestWeights_AndKeepsTraining()
    {
        RequireChromium();
        await _page.FillAsync("#hidden", "64,64,64,64,64,64");
        await _page.PressAsync("#hidden", "Tab");
        await WaitForText("#command", "--layers 64,64,64,64,64,64 ");
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#diagram circle').length === 1 + 6 * 64 + 2", null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        await WaitForText("#diagram-note", "layer 6: the 400 largest of 4,096 weights");

        // 64 + 5 × 400 + 128 lines, and in every layer none left out is larger than one drawn.
        Assert.Equal(64 + 5 * 400 + 128, await _page.Locator("#diagram line").CountAsync());
        bool largestDrawn = await _page.EvaluateAsync<bool>(@"() => playground.state.weights.every((w, l) => {
            const drawn = new Set([...document.querySelectorAll(`#diagram g[data-lines='${l + 1}'] line`)]
              .map((line) => `${line.dataset.neuron},${line.dataset.input}`));
            const all = w.flatMap((row, j) => row.map((v, k) => [Math.abs(v), drawn.has(`${j + 1},${k + 1}`)]));
            const smallestDrawn = Math.min(...all.filter(([, d]) => d).map(([a]) => a));
            return all.every(([a, d]) => d || a <= smallestDrawn);
        })");
        Assert.True(largestDrawn);

        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration ([1-9]\d{0,2},)?\d{3} ");
        await _page.ClickAsync("#diagram circle[data-layer='4'][data-neuron='40']");
        await WaitForText("#chain-title", "∂C/∂b⁽⁴⁾₄₀");
        int before = (await WaitForStatus("^iteration ")).Iteration;
        await WaitForStatus($"^iteration (?!{before.ToString("N0", CultureInfo.InvariantCulture)} )");
    }

    [SkippableFact]
    public async Task BadSettings_AreShownInThePage_AndTheServerGoesOn()
    {
        RequireChromium();
        await _page.FillAsync("#hidden", "500");
        await _page.PressAsync("#hidden", "Tab");

        await WaitForText("#error", "hidden layers have 1 to 64 neurons");
        Assert.True(await _page.IsVisibleAsync("#error"));
        await _page.FillAsync("#hidden", "6,7");
        await _page.PressAsync("#hidden", "Tab");
        await WaitForStatus(@"^iteration 0 · cost 0\.225$");
        Assert.False(await _page.IsVisibleAsync("#error"));
    }

    [SkippableFact]
    public async Task Screenshot_ForTheReadme()
    {
        RequireChromium();
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration (?:(?:[2-9]\d|\d{3}),\d{3}|\d{1,3}(?:,\d{3}){2,}) ");
        await _page.ClickAsync("#play");
        await WaitForText("#play", "Play");
        await _page.ClickAsync("line[data-layer='2'][data-neuron='3'][data-input='1']");
        await WaitForText("#chain-product", "finite difference");
        await _page.SelectOptionAsync("#chain-sample", "25");   // one sample's chain, to multiply by hand
        await WaitForText("#chain-product", "this sample's contribution");
        // docs/playground*.png are remade only when asked (BACKPROP_UPDATE_SCREENSHOT=1): a test run leaves the tree as it was.
        bool update = Environment.GetEnvironmentVariable("BACKPROP_UPDATE_SCREENSHOT") == "1";
        string Shot(string name) => update ? Path.Combine(RepositoryRoot(), "docs", name) : PathOf(name);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("playground.png"), FullPage = true });

        // The step walk: sample 25 at layer 2 backward
        await _page.SelectOptionAsync("#walk-sample", "25");
        await _page.ClickAsync("#walk-start");
        await WaitForText("#walk-title", "1/11 · ");
        for (int i = 0; i < 5; i++) await _page.PressAsync("#walk", "ArrowRight");
        await WaitForText("#walk-title", "6/11 · Layer 3 backward");
        await _page.PressAsync("#walk", "ArrowRight");
        await _page.Locator("section.walk").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("playground-walk.png") });

        // A classification set with features: the spiral with a fifth held out, all seven of TensorFlow Playground's
        // features, tanh layers, Adam; the curve and cost, and the network with each neuron's picture
        await _page.SelectOptionAsync("#data", "spiral");
        await _page.SelectOptionAsync("#testShare", "0.2");
        await _page.FillAsync("#points", "300");
        await _page.PressAsync("#points", "Tab");
        foreach (ILocator feature in await _page.Locator("#features input").AllAsync()) await feature.CheckAsync();
        await WaitForText("#command", "--features 'x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)' ");
        await _page.FillAsync("#hidden", "8,8");
        await _page.PressAsync("#hidden", "Tab");
        await _page.FillAsync("#activation", "tanh");
        await _page.PressAsync("#activation", "Tab");
        await _page.SelectOptionAsync("#optimizer", "adam");
        await _page.FillAsync("#learningRate", "0.03");
        await _page.PressAsync("#learningRate", "Tab");
        await WaitForText("#command", "--learning-rate 0.03 ");
        await _page.ClickAsync("#play");
        await WaitForStatus(@"^iteration (?:[3-9]|\d{2}),\d{3} ");
        await _page.ClickAsync("#play");
        await WaitForText("#play", "Play");
        var box = await _page.EvaluateAsync<float[]>("() => { const a = document.querySelector('main').getBoundingClientRect(), " +
            "b = document.querySelector('section.network').getBoundingClientRect(); " +
            "return [a.left + scrollX, a.top + scrollY, Math.max(a.right, b.right) - a.left, b.bottom - a.top]; }");
        await _page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Shot("playground-classes.png"), FullPage = true, Clip = new Clip { X = box[0], Y = box[1], Width = box[2], Height = box[3] },
        });
        foreach (string name in new[] { "playground.png", "playground-walk.png", "playground-classes.png" })
            Assert.True(new FileInfo(Shot(name)).Length > 10_000, name);
    }

    private static void RequireChromium()
    {
        bool required = Environment.GetEnvironmentVariable("BACKPROP_BROWSER_TESTS") == "required";
        Assert.True(File.Exists(Chromium) || !required, $"{Chromium} is missing; .ci/run installs Debian's chromium");
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium, as .ci/run does)");
    }

    // The status line's iteration and cost, once it matches pattern (a minute at most): checked in the page at every
    // animation frame, so no status the page shows is missed.
    private async Task<(int Iteration, double Cost)> WaitForStatus(string pattern)
    {
        try
        {
            IJSHandle text = await _page.WaitForFunctionAsync(
                "pattern => { const t = document.getElementById('status').textContent; return new RegExp(pattern).test(t) ? t : null; }",
                pattern, new PageWaitForFunctionOptions { Timeout = 60_000 });
            return Status(await text.JsonValueAsync<string>());
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the status never matched {pattern}: it reads \"{await _page.InnerTextAsync("#status")}\"; error: \"{await _page.InnerTextAsync("#error")}\"");
        }
    }

    private async Task WaitForText(string selector, string text)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await _page.InnerTextAsync(selector)).Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"{selector} never said \"{text}\"");
            await Task.Delay(10);
        }
    }

    private static (int Iteration, double Cost) Status(string text)
    {
        Match match = Regex.Match(text, @"^iteration ([\d,]+) · cost ([\d.e+-]+)");
        Assert.True(match.Success, text);
        return (int.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
            double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
