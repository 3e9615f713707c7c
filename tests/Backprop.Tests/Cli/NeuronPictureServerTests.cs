using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backprop.Cli.Playground;

namespace Backprop.Tests.Cli;

/// <summary>
/// The neuron pictures a frame carries (each neuron's output over the input plane, quantised to bytes), held against
/// the library's own forward pass of the session's exported network over a grid built here.
/// </summary>
public sealed class NeuronPictureServerTests : IAsyncLifetime
{
    private PlaygroundServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0);
        _http = new HttpClient { BaseAddress = new Uri(_server.Address), Timeout = TimeSpan.FromMinutes(1) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("moons", "[4, 3]", "tanh", null)]
    [InlineData("spiral", "[5]", "relu", null)]      // three classes: a softmax output of three neurons
    [InlineData("xor", "[6, 7]", "logistic", null)]
    [InlineData("circles", "[4]", "tanh", "x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)")]   // layer 0: the seven features layer 1 takes
    public async Task Pictures_AreEachNeuronsForwardPass_OverTheGrid_WithinAQuantisationStep(string data, string hidden, string activation, string? features)
    {
        // Given a session trained a few hundred steps, then paused
        string withFeatures = features is null ? "" : $", \"features\": \"{features}\"";
        string id = await CreateSession($"{{\"data\": \"{data}\", \"hidden\": {hidden}, \"activation\": \"{activation}\", \"seed\": 3{withFeatures}}}");
        await Post($"/api/sessions/{id}/play");
        await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() >= 300);
        await Post($"/api/sessions/{id}/pause");
        JsonElement frame = (await ReadFrames(id, f => !f.GetProperty("playing").GetBoolean()))[^1];
        Network network = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));   // the weights of that frame: paused

        // When the same network runs forward over the picture's grid, built here from the plane's edges
        JsonElement plane = frame.GetProperty("plane"), pictures = frame.GetProperty("pictures");
        int cells = pictures.GetProperty("cells").GetInt32();
        (double x0, double x1, double y0, double y1) = (plane.GetProperty("x0").GetDouble(), plane.GetProperty("x1").GetDouble(),
            plane.GetProperty("y0").GetDouble(), plane.GetProperty("y1").GetDouble());
        var samples = new List<double[]>();
        for (int row = 0; row < cells; row++)   // row 0 at the top: the highest x₂
            for (int column = 0; column < cells; column++)
                samples.Add([x0 + (column + 0.5) * (x1 - x0) / cells, y1 - (row + 0.5) * (y1 - y0) / cells]);
        ForwardTrace trace = network.Forward(Matrix.FromSampleRows(samples));

        // Then every layer's every neuron, inputs and outputs too, is its a⁽ⁿ⁾ there, to within half a quantisation step
        JsonElement layers = pictures.GetProperty("layers");
        Assert.Equal(network.LayerSizes.Count, layers.GetArrayLength());
        Assert.Equal(features?.Split(',').Length ?? 2, network.LayerSizes[0]);
        for (int n = 0; n < network.LayerSizes.Count; n++)
        {
            JsonElement neurons = layers[n].GetProperty("neurons");
            Assert.Equal(network.LayerSizes[n], neurons.GetArrayLength());
            for (int j = 0; j < network.LayerSizes[n]; j++)
            {
                double[] expected = [.. trace.Activation(n).Row(j)];
                (double low, double high, double[] shown) = Decode(neurons[j]);
                double scale = 1e-12 * Math.Max(1, expected.Max(Math.Abs));
                Assert.Equal(expected.Min(), low, scale);
                Assert.Equal(expected.Max(), high, scale);
                double step = (high - low) / 255;
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(shown[i] - expected[i]) <= step / 2 + scale, $"layer {n} neuron {j + 1} cell {i}: {shown[i]:R}, forward {expected[i]:R}");
            }
        }
        // … and a bounded activation's layers are coloured on its own range, the inputs symmetric about 0
        double[] inputEnds = [.. trace.Activation(0).AsSpan().ToArray().Select(Math.Abs)];
        Assert.Equal(-inputEnds.Max(), layers[0].GetProperty("scaleLow").GetDouble(), 1e-12);
        Assert.Equal(inputEnds.Max(), layers[0].GetProperty("scaleHigh").GetDouble(), 1e-12);
        Activation f = network.Layers[0].Activation;
        if (double.IsFinite(f.Highest)) Assert.Equal(f.Highest, layers[1].GetProperty("scaleHigh").GetDouble());
    }

    [Fact]
    public async Task OneInput_HasNoPictures()
    {
        string id = await CreateSession("{\"data\": \"sine\"}");

        JsonElement frame = (await ReadFrames(id, _ => true))[0];

        Assert.Equal(JsonValueKind.Null, frame.GetProperty("pictures").ValueKind);
    }

    [Fact]
    public void Quantise_AConstant_IsAllZeros_AndNaNIsZero_InfinityTheTop()
    {
        NeuronPicture constant = NeuronPicture.Quantise([0.25, 0.25, 0.25]);
        NeuronPicture odd = NeuronPicture.Quantise([double.NaN, -1, 1, double.PositiveInfinity]);

        Assert.Equal((0.25, 0.25), (constant.Low, constant.High));
        Assert.Equal([0, 0, 0], constant.Values);
        Assert.Equal((-1.0, 1.0), (odd.Low, odd.High));
        Assert.Equal([0, 0, 255, 255], odd.Values);
    }

    // A neuron's picture decoded as the page decodes it: v = low + q/255 · (high − low).
    private static (double Low, double High, double[] Values) Decode(JsonElement neuron)
    {
        double low = neuron.GetProperty("low").GetDouble(), high = neuron.GetProperty("high").GetDouble();
        byte[] q = Convert.FromBase64String(neuron.GetProperty("values").GetString()!);
        return (low, high, [.. q.Select(v => low + v / 255.0 * (high - low))]);
    }

    private async Task<string> CreateSession(string settings)
    {
        HttpResponseMessage response = await _http.PostAsync("/api/sessions", new StringContent(settings, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task Post(string path) => Assert.Equal(HttpStatusCode.NoContent, (await _http.PostAsync(path, null)).StatusCode);

    // The frames of a session's stream until one satisfies until (a minute at most).
    private async Task<List<JsonElement>> ReadFrames(string id, Func<JsonElement, bool> until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using HttpResponseMessage response = await _http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var frames = new List<JsonElement>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            JsonElement frame = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            frames.Add(frame);
            if (until(frame)) return frames;
        }
        throw new InvalidOperationException("the stream ended");
    }
}
