using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Backprop.Cli.Playground;

namespace Backprop.Tests.Cli;

/// <summary>
/// The playground's server without a browser: the page, the stream, the limits, bad requests, paths outside the
/// tool's resources, and many tabs at once. Every server binds to 127.0.0.1 on a free port.
/// </summary>
[Collection(nameof(RunAlone))]   // twenty tabs train at once: not beside other tests
public sealed class PlaygroundServerTests : IAsyncLifetime
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

    [Fact]
    public async Task ServesThePage_OnTheLoopbackAddressOnly()
    {
        Assert.StartsWith("http://127.0.0.1:", _server.Address);
        string page = await _http.GetStringAsync("/");
        Assert.Contains("Backprop playground", page);
        Assert.Contains("EventSource", await _http.GetStringAsync("/app.js"));
    }

    [Theory]
    [InlineData("/../../../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/Playground/wwwroot/index.html")]
    [InlineData("/Backprop.Cli.dll")]
    public async Task PathsOutsideThePage_AreNotFound(string path)
    {
        // Sent as written, not normalised by a client: the server sees the dots.
        using var client = new TcpClient();
        var uri = new Uri(_server.Address);
        await client.ConnectAsync(uri.Host, uri.Port);
        await using NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n"));
        string response = await new StreamReader(stream).ReadToEndAsync();

        Assert.Matches("^HTTP/1.1 (400|404) ", response);
        Assert.DoesNotContain("root:", response);
    }

    [Fact]
    public async Task Session_TrainsTheWorksheet_AsTrainDoes()
    {
        string id = await CreateSession("{}");
        await Post($"/api/sessions/{id}/play");

        List<JsonElement> frames = await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() >= 3000);

        // The cost at every 1,000 iterations, as backprop train reports it (the same steps and noise draws).
        var expected = new Dictionary<int, double>();
        var random = new NumpyRandom(1);   // the weights, then the noise, from one generator, as train draws them
        Network network = Network.CreateRandom([1, 6, 7, 2], random);
        Trainer.Train(network, HeartData.Create(100), random, new TrainingOptions { Iterations = 3000, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } },
            onSnapshot: s => expected[s.Iteration] = s.Cost);
        var streamed = frames.SelectMany(f => f.GetProperty("costs").EnumerateArray()).ToDictionary(c => (int)c[0].GetDouble(), c => c[1].GetDouble());
        foreach (int iteration in new[] { 0, 1000, 2000, 3000 }) Assert.Equal(expected[iteration], streamed[iteration]);
        Assert.True(frames.SelectMany(f => f.GetProperty("trail").EnumerateArray()).Count() >= 3, "the magenta trail");
    }

    [Fact]
    public async Task Reset_WithTheSameSeed_GivesTheSameFirstFrame()
    {
        string id = await CreateSession("{\"seed\": 5, \"hidden\": [4]}");
        JsonElement first = (await ReadFrames(id, _ => true))[0];
        await Post($"/api/sessions/{id}/play");
        await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() > 100);

        await Post($"/api/sessions/{id}/reset");
        JsonElement again = (await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 0))[^1];

        Assert.Equal(first.GetProperty("outputs").GetRawText(), again.GetProperty("outputs").GetRawText());
        Assert.Equal(first.GetProperty("cost").GetDouble(), again.GetProperty("cost").GetDouble());
    }

    [Theory]
    [InlineData("moons", 2, true)]
    [InlineData("circles", 2, true)]
    [InlineData("xor", 2, true)]
    [InlineData("sine", 1, false)]
    [InlineData("bump", 1, false)]
    public async Task BuiltInData_HasItsInputs_AndTwoInputsGetTheInputPlane(string data, int inputs, bool plane)
    {
        string id = await CreateSession($"{{\"data\": \"{data}\", \"points\": 200}}");

        JsonElement frame = (await ReadFrames(id, _ => true))[0];

        Assert.Equal(inputs, frame.GetProperty("inputs").GetArrayLength());
        Assert.Equal(200, frame.GetProperty("inputs")[0].GetArrayLength());
        Assert.Equal(plane, frame.GetProperty("plane").ValueKind == JsonValueKind.Object);
        if (plane) Assert.Equal(Session.PlaneCells * Session.PlaneCells, frame.GetProperty("plane").GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public async Task PerLayerActivations_TheOutput_AndBatches_AreTheModelsDesign()
    {
        string id = await CreateSession("{\"hidden\": [4, 3], \"activation\": \"tanh,relu\", \"output\": \"identity\", \"batchSize\": 10}");
        await Post($"/api/sessions/{id}/step");
        await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 1);

        Network model = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        Assert.Equal(["tanh", "relu", "identity"], model.Layers.Select(l => l.Activation.Name));
        HttpResponseMessage refused = await _http.PostAsync("/api/sessions", new StringContent("{\"hidden\": [4], \"activation\": \"tanh,relu\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task CrossEntropy_OnTwoClasses_ItsChainRuleIsTheBackwardPasses()
    {
        string id = await CreateSession("{\"data\": \"moons\", \"loss\": \"cross-entropy\", \"optimizer\": \"adam\", \"learningRate\": 0.01}");
        await Post($"/api/sessions/{id}/step");
        await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 1);

        Network model = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));
        JsonElement chain = await _http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/chain?layer=3&neuron=1&input=2");

        Assert.Equal(Loss.CrossEntropy, model.Loss);
        Assert.StartsWith("∂C/∂z⁽³⁾", chain.GetProperty("factors")[0].GetProperty("name").GetString());
        // The exported weights and the server's data: the server's moons are its own, so compare with the finite difference.
        Assert.True(Math.Abs(chain.GetProperty("value").GetDouble() - chain.GetProperty("finiteDifference").GetDouble()) < 1e-8);
    }

    [Fact]
    public async Task CsvWithAClassColumn_TrainsASoftmaxClassifier_WithItsLabels()
    {
        var csv = new StringBuilder("a,b,class\n");
        string[] names = ["setosa", "versicolor", "virginica"];
        for (int i = 0; i < 30; i++) csv.Append($"{i % 3 + 0.1 * i},{(i % 3) * 2 - 0.05 * i},{names[i % 3]}\n");
        string settings = JsonSerializer.Serialize(new { csv = csv.ToString(), csvName = "flowers.csv", optimizer = "adam", learningRate = 0.01 });
        string id = await CreateSession(settings);
        await Post($"/api/sessions/{id}/step");
        JsonElement frame = (await ReadFrames(id, f => f.GetProperty("iteration").GetInt32() == 1))[^1];

        Network model = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));
        JsonElement chain = await _http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/chain?layer=1&neuron=1&input=2");

        // Three classes: the input plane carries each cell's most likely class.
        JsonElement plane = frame.GetProperty("plane");
        Assert.Equal(JsonValueKind.Null, plane.GetProperty("cells").ValueKind);
        Assert.All(plane.GetProperty("classes").EnumerateArray(), c => Assert.InRange(c.GetInt32(), 0, 2));
        Assert.Equal(Session.PlaneCells * Session.PlaneCells, plane.GetProperty("classes").GetArrayLength());
        Assert.Equal(names, model.Classes);
        Assert.Equal((Activation.Softmax, Loss.CrossEntropy), (model.OutputActivation, model.Loss));
        Assert.True(Math.Abs(chain.GetProperty("value").GetDouble() - chain.GetProperty("finiteDifference").GetDouble()) < 1e-8);
    }

    [Theory]
    [InlineData("{\"optimizer\": \"momentum\", \"momentum\": 0.5, \"learningRate\": 0.1}", "--optimizer momentum --learning-rate 0.1 --momentum 0.5 ")]
    [InlineData("{\"optimizer\": \"adam\", \"beta1\": 0.8, \"beta2\": 0.99, \"learningRate\": 0.01}", "--optimizer adam --learning-rate 0.01 --beta1 0.8 --beta2 0.99 --epsilon 0.00000001 ")]
    [InlineData("{\"optimizer\": \"momentum\", \"nesterov\": true, \"weightDecay\": 0.0005}", "--momentum 0.9 --nesterov --weight-decay 0.0005 ")]
    public async Task OptimizerSettings_AreTheRunsCommandLine(string settings, string expected)
    {
        HttpResponseMessage response = await _http.PostAsync("/api/sessions", new StringContent(settings, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commandLine").GetString());
    }

    [Theory]
    [InlineData("{\"optimizer\": \"sgd\", \"weightDecay\": 0.01}")]
    [InlineData("{\"optimizer\": \"momentum\", \"momentum\": 0.8, \"nesterov\": true, \"weightDecay\": 0.001, \"learningRate\": 0.5}")]
    [InlineData("{\"optimizer\": \"adam\", \"beta1\": 0.85, \"epsilon\": 0.000001, \"weightDecay\": 0.0001, \"learningRate\": 0.02, \"batchSize\": 32}")]
    public async Task TheRunsCommandLine_TrainsTheSameWeights(string settings)
    {
        string id = await CreateSession(settings);
        for (int i = 0; i < 5; i++) await Post($"/api/sessions/{id}/step");
        JsonElement last = (await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 5))[^1];
        Network session = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        string commandLine = last.GetProperty("commandLine").GetString()!;
        DirectoryInfo folder = Directory.CreateTempSubdirectory("backprop-playground-");
        try
        {
            string model = Path.Combine(folder.FullName, "model.json");
            CliRunner.Run run = CliRunner.InProcess([.. commandLine.Split(' ').Skip(1), "--model-out", model, "--no-plot", "--quiet"]);
            Assert.True(run.ExitCode == 0, run.Error);
            Network trained = ModelFile.Load(model);
            Assert.Equal(session.LayerSizes, trained.LayerSizes);
            for (int l = 0; l < session.Layers.Count; l++)
            {
                Assert.Equal(session.Layers[l].Weights.AsSpan().ToArray(), trained.Layers[l].Weights.AsSpan().ToArray());
                Assert.Equal(session.Layers[l].Biases, trained.Layers[l].Biases);
            }
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public async Task TheRunsCommandLine_OnAFile_TrainsTheSameWeights_NotTheDataDefaults()
    {
        const string csv = "x,y\n0,0.1\n0.5,0.7\n1,0.9\n";
        string id = await CreateSession(JsonSerializer.Serialize(new { csv, csvName = "points.csv", optimizer = "adam", learningRate = 0.05 }));
        for (int i = 0; i < 5; i++) await Post($"/api/sessions/{id}/step");
        JsonElement last = (await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 5))[^1];
        Network session = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        string commandLine = last.GetProperty("commandLine").GetString()!;
        Assert.Contains("--recipe worksheet --data points.csv", commandLine);
        DirectoryInfo folder = Directory.CreateTempSubdirectory("backprop-playground-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "points.csv"), csv);
            string model = Path.Combine(folder.FullName, "model.json");
            string[] words = [.. commandLine.Split(' ').Skip(1).Select(w => w == "points.csv" ? Path.Combine(folder.FullName, w) : w)];
            CliRunner.Run run = CliRunner.InProcess([.. words, "--model-out", model, "--no-plot", "--quiet"]);
            Assert.True(run.ExitCode is 0 or 3, run.Error);
            Assert.Equal(ModelFile.Serialize(session), File.ReadAllText(model));
        }
        finally { folder.Delete(recursive: true); }
    }

    [Theory]
    [InlineData("{\"data\": \"moons\", \"hidden\": [5], \"optimizer\": \"adam\", \"learningRate\": 0.05}")]
    [InlineData("{\"data\": \"spiral\", \"points\": 61, \"dataNoise\": 0.03, \"hidden\": [8, 8], \"activation\": \"tanh\"}")]
    [InlineData("{\"data\": \"circles\", \"dataNoise\": 0, \"batchSize\": 16}")]
    [InlineData("{\"data\": \"xor\", \"loss\": \"cross-entropy\"}")]
    [InlineData("{\"data\": \"sine\", \"dataNoise\": 0.05, \"hidden\": [4]}")]
    [InlineData("{\"data\": \"bump\"}")]
    [InlineData("{\"data\": \"moons\", \"testShare\": 0.2, \"points\": 150}")]
    [InlineData("{\"data\": \"heart\", \"dataNoise\": 0.02}")]
    [InlineData("{\"data\": \"spiral\", \"features\": \"x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)\", \"hidden\": [6], \"activation\": \"tanh\"}")]
    [InlineData("{\"data\": \"circles\", \"features\": \"x1^2,x2^2\", \"testShare\": 0.2, \"hidden\": [2]}")]
    [InlineData("{\"data\": \"sine\", \"features\": \"sin(x1),x1\"}")]
    public async Task TheRunsCommandLines_ForABuiltInSet_WriteItsDataAndTrainTheSameWeights(string settings)
    {
        // Given a session on a built-in set, five steps in
        string id = await CreateSession(settings);
        for (int i = 0; i < 5; i++) await Post($"/api/sessions/{id}/step");
        JsonElement last = (await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 5))[^1];
        Network session = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        // When its two commands run, backprop data writing the set's CSV, then backprop train on it
        string[] commands = last.GetProperty("commandLine").GetString()!.Split(" && ");
        Assert.Equal(2, commands.Length);
        Assert.StartsWith("backprop data ", commands[0]);
        DirectoryInfo folder = Directory.CreateTempSubdirectory("backprop-playground-");
        try
        {
            // Words as a POSIX shell reads them (these have no spaces; a quoted one is in single quotes)
            static string Unquoted(string w) => w.Length > 1 && w[0] == '\'' && w[^1] == '\'' ? w[1..^1] : w;
            string[] InFolder(string command) => [.. command.Split(' ').Skip(1).Select(Unquoted).Select(w => w.EndsWith(".csv", StringComparison.Ordinal) ? Path.Combine(folder.FullName, w) : w)];
            CliRunner.Run data = CliRunner.InProcess(InFolder(commands[0]));
            Assert.True(data.ExitCode == 0, data.Error);
            string model = Path.Combine(folder.FullName, "model.json");
            CliRunner.Run run = CliRunner.InProcess([.. InFolder(commands[1]), "--model-out", model, "--no-plot", "--quiet"]);
            Assert.True(run.ExitCode is 0 or 3, run.Error);

            // Then the weights are the session's, bit for bit
            Assert.Equal(ModelFile.Serialize(session), File.ReadAllText(model));
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public async Task NewSteps_ChangeTheRunningSession_WhereItIs()
    {
        // Given a session five steps into the worksheet's run
        string id = await CreateSession("{}");
        for (int i = 0; i < 5; i++) await Post($"/api/sessions/{id}/step");
        await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 5);

        // When the learning rate, the gradient noise and the weight decay change, and three more steps are taken
        HttpResponseMessage response = await _http.PutAsync($"/api/sessions/{id}/settings",
            new StringContent("{\"learningRate\": 2, \"noise\": 0.3, \"weightDecay\": 0.001}", Encoding.UTF8, "application/json"));
        JsonElement changed = await response.Content.ReadFromJsonAsync<JsonElement>();
        for (int i = 0; i < 3; i++) await Post($"/api/sessions/{id}/step");
        JsonElement last = (await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 8))[^1];

        // Then it went on from iteration 5, said so, and its weights are five steps of the old settings and three of the new
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, changed.GetProperty("iteration").GetInt32());
        Assert.Equal(5, last.GetProperty("changedAt").GetInt32());
        Assert.Contains("--learning-rate 2 --noise 0.3 --weight-decay 0.001 ", last.GetProperty("commandLine").GetString());
        var random = new NumpyRandom(1);   // the weights' draws, then the noise's, as the session makes them
        Network network = Network.CreateRandom([1, 6, 7, 2], random);
        var training = new SteppedTraining(network, HeartData.Create(100), random, new TrainingOptions { LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });
        training.Step(5);
        training.Change(new TrainingOptions { LearningRate = 2, WeightDecay = 0.001, Optimizer = new Sgd { Noise = 0.3 } });
        training.Step(3);
        Assert.Equal(ModelFile.Serialize(network), await _http.GetStringAsync($"/api/sessions/{id}/model"));
    }

    [Fact]
    public async Task TestShare_IsHeldOut_AndItsCostIsTheNetworksOnThoseSamples()
    {
        // Given a session on moons with a fifth held out, five steps in
        string id = await CreateSession("{\"data\": \"moons\", \"testShare\": 0.2}");
        for (int i = 0; i < 5; i++) await Post($"/api/sessions/{id}/step");
        List<JsonElement> frames = await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 5);
        Network network = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        // Then the held-out samples are train --validation-split's, 20 of 100, sent apart, and the test cost is the network's on them
        (DataSet training, DataSet test) = BuiltInData.Create("moons", 100).Split(0.2, new NumpyRandom(1), stratify: false);
        Assert.Equal(20, frames[0].GetProperty("testInputs")[0].GetArrayLength());
        Assert.Equal(80, frames[0].GetProperty("inputs")[0].GetArrayLength());
        Assert.Equal(test.Inputs.Row(0).ToArray(), frames[0].GetProperty("testInputs")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(network.Cost(test), frames[^1].GetProperty("testCost").GetDouble());
        Assert.Equal(network.Cost(training), frames[^1].GetProperty("cost").GetDouble(), 1e-15);
    }

    [Fact]
    public async Task SpeedLimit_StepsAtThatRate_WhilePlaying()
    {
        // Given a session limited to 20 steps a second
        string id = await CreateSession("{\"stepsPerSecond\": 20}");

        // When it plays for a second and a half
        await Post($"/api/sessions/{id}/play");
        await Task.Delay(1500);
        await Post($"/api/sessions/{id}/pause");
        JsonElement last = (await ReadFrames(id, frame => !frame.GetProperty("playing").GetBoolean()))[^1];

        // Then it took about 30 steps, not the thousands it takes unlimited
        Assert.InRange(last.GetProperty("iteration").GetInt32(), 15, 45);
    }

    [Theory]
    [InlineData("{\"hidden\": [4]}")]
    [InlineData("{\"seed\": 2}")]
    [InlineData("{\"data\": \"sine\"}")]
    [InlineData("{\"dataNoise\": 0.1}")]
    public async Task NewNetworkDataOrSeed_AreNotChangedInPlace_ButNeedANewSession(string settings)
    {
        string id = await CreateSession("{}");

        HttpResponseMessage response = await _http.PutAsync($"/api/sessions/{id}/settings", new StringContent(settings, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("start a new session", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(4, true)]
    public async Task TheRunsCommandLine_OnIris_ItsSpeciesAsClasses_TrainsTheSameWeights(int? inputs, bool? classes)
    {
        string csv = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "iris.csv"));
        string id = await CreateSession(JsonSerializer.Serialize(new { csv, csvName = "iris.csv", hidden = new[] { 5 }, inputs, csvClasses = classes }));
        for (int i = 0; i < 5; i++) await Post($"/api/sessions/{id}/step");
        JsonElement last = (await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 5))[^1];
        Network session = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));
        Assert.Equal(["setosa", "versicolor", "virginica"], session.Classes);

        string commandLine = last.GetProperty("commandLine").GetString()!;
        Assert.Contains("--classes", commandLine);
        DirectoryInfo folder = Directory.CreateTempSubdirectory("backprop-playground-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "iris.csv"), csv);
            string model = Path.Combine(folder.FullName, "model.json");
            string[] words = [.. commandLine.Split(' ').Skip(1).Select(w => w == "iris.csv" ? Path.Combine(folder.FullName, w) : w)];
            CliRunner.Run run = CliRunner.InProcess([.. words, "--model-out", model, "--no-plot", "--quiet"]);
            Assert.True(run.ExitCode is 0 or 3, run.Error);
            Assert.Equal(ModelFile.Serialize(session), File.ReadAllText(model));
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public async Task TheRunsCommandLine_QuotesAFileNameForThePosixShell()
    {
        // Given a file whose name a shell would run as commands
        const string name = "x;touch pwned;'$(touch pwned2)'.csv";
        string settings = JsonSerializer.Serialize(new { csv = "x,y\n0,0.1\n1,0.9\n", csvName = name });
        HttpResponseMessage response = await _http.PostAsync("/api/sessions", new StringContent(settings, Encoding.UTF8, "application/json"));
        string commandLine = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commandLine").GetString()!;

        // When a POSIX shell reads the command line (backprop being a function that prints its arguments)
        DirectoryInfo folder = Directory.CreateTempSubdirectory("backprop-shell-");
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "backprop() { printf '%s\\n' \"$@\"; }; " + commandLine])
                { WorkingDirectory = folder.FullName, RedirectStandardOutput = true };
            using var shell = System.Diagnostics.Process.Start(start)!;
            string[] words = (await shell.StandardOutput.ReadToEndAsync()).Split('\n');
            await shell.WaitForExitAsync();

            // Then the name is one argument, after --data, and nothing ran
            Assert.Equal(name, words[Array.IndexOf(words, "--data") + 1]);
            Assert.Empty(folder.GetFiles());
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public async Task Step_TakesOneStep_AndTheModelExports()
    {
        string id = await CreateSession("{}");
        await Post($"/api/sessions/{id}/step");
        await ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() == 1);

        Network exported = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        Assert.Equal([1, 6, 7, 2], exported.LayerSizes);
    }

    [Fact]
    public async Task Chain_IsTheBackwardPassesDerivative_AndABadIndexIsRefused()
    {
        string id = await CreateSession("{}");
        JsonElement chain = await _http.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/chain?layer=1&neuron=2&input=1");
        Gradients expected = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1)).Backpropagate(HeartData.Create(100));

        Assert.Equal("w⁽¹⁾₂₁", chain.GetProperty("parameter").GetString());
        Assert.Equal(expected.Layers[0].Weights[1, 0], chain.GetProperty("value").GetDouble(), 1e-15);
        Assert.Equal([6, 7, 2], chain.GetProperty("layerGradients").EnumerateArray().Select(g => g.GetArrayLength()));
        HttpResponseMessage bad = await _http.GetAsync($"/api/sessions/{id}/chain?layer=9&neuron=1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("layers run from 1 to 3", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("{\"hidden\": [100]}", "1 to 64 neurons")]
    [InlineData("{\"hidden\": [1, 1, 1, 1, 1, 1, 1]}", "at most 6 hidden layers")]
    [InlineData("{\"points\": 1000000}", "2 to 5000 points")]
    [InlineData("{\"learningRate\": -1}", "learning-rate must be a finite number, 0 or more")]
    [InlineData("{\"optimizer\": \"lbfgs\"}", "sgd, momentum or adam")]
    [InlineData("{\"optimizer\": \"momentum\", \"momentum\": 1}", "momentum must be from 0 up to (not including) 1")]
    [InlineData("{\"optimizer\": \"adam\", \"beta2\": -0.5}", "beta2 must be from 0 up to (not including) 1")]
    [InlineData("{\"optimizer\": \"momentum\", \"nesterov\": 2}", "nesterov is true or false")]
    [InlineData("{\"optimizer\": \"sgd\", \"noise\": \"loud\"}", "noise is a number")]
    [InlineData("{\"data\": \"../etc/passwd\"}", "the built-in data sets are heart, sine")]
    [InlineData("{\"loss\": \"cross-entropy\", \"output\": \"identity\"}", "cross-entropy needs the logistic output")]
    [InlineData("{\"loss\": \"cross-entropy\", \"data\": \"sine\", \"csv\": \"x,y\\n1,5\\n2,7\\n\"}", "cross-entropy needs targets from 0 to 1")]
    [InlineData("{\"csv\": \"x,y\\n1,oops\\n\", \"csvName\": \"mine.csv\"}", "mine.csv line 2, column 2: \"oops\" is not a finite number")]
    [InlineData("{\"hidden\": ", "not valid JSON")]
    [InlineData("{\"data\": \"moons\", \"features\": \"x1,cos(x2)\"}", "\"cos(x2)\" is not a feature (xi, xi^2, xi*xj or sin(xi))")]
    [InlineData("{\"data\": \"moons\", \"features\": \"\"}", "choose at least one feature")]
    [InlineData("{\"data\": \"sine\", \"features\": \"x1,x2\"}", "the features: x2 uses input 2, but the data has 1 input")]
    [InlineData("{\"csv\": \"x,y\\n1,0.5\\n2,0.6\\n\", \"csvName\": \"a\\u0000b.csv\"}", "not a file name")]
    public async Task BadSettings_AreRefused_WithAMessage_AndTheServerGoesOn(string settings, string message)
    {
        HttpResponseMessage response = await _http.PostAsync("/api/sessions", new StringContent(settings, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Contains("Backprop playground", await _http.GetStringAsync("/"));
    }

    [Fact]
    public async Task Features_NameTheDiagramsInputs_AndChangingThemStartsAgain()
    {
        HttpResponseMessage created = await _http.PostAsync("/api/sessions",
            new StringContent("{\"data\": \"moons\", \"features\": \"x1*x2,sin(x2),x1^2\", \"hidden\": [3]}", Encoding.UTF8, "application/json"));
        JsonElement session = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = session.GetProperty("id").GetString()!;
        Network network = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));

        HttpResponseMessage change = await _http.PutAsync($"/api/sessions/{id}/settings",
            new StringContent("{\"data\": \"moons\", \"features\": \"x1,x2\", \"hidden\": [3]}", Encoding.UTF8, "application/json"));

        Assert.Equal(["x₁x₂", "sin x₂", "x₁²"], session.GetProperty("inputLabels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("x1*x2,sin(x2),x1^2", network.InputFeatures!.ToString());
        Assert.Equal([3, 3, 1], network.LayerSizes);
        Assert.Equal(2, network.InputSize);
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
    }

    [Fact]
    public async Task UnknownSessionOrAction_IsNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync("/api/sessions/nope/play", null)).StatusCode);
        string id = await CreateSession("{}");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/api/sessions/{id}/explode", null)).StatusCode);
    }

    [Fact]
    public async Task TwentyTabs_TrainAtOnce_TheServerStaysResponsive_AndTheNextPastTheLimitIsRefused()
    {
        string[] ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CreateSession("{}")));
        await Task.WhenAll(ids.Select(id => Post($"/api/sessions/{id}/play")));

        List<JsonElement>[] streams = await Task.WhenAll(ids.Select(id => ReadFrames(id, frame => frame.GetProperty("iteration").GetInt32() >= 2000)));
        Assert.Contains("Backprop playground", await _http.GetStringAsync("/"));
        Assert.All(streams, frames => Assert.True(frames[^1].GetProperty("iteration").GetInt32() >= 2000));

        for (int i = ids.Length; i < PlaygroundServer.MaxSessions; i++) await CreateSession("{}");
        HttpResponseMessage refused = await _http.PostAsync("/api/sessions", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
    }

    [Fact]
    public async Task IdleSession_IsFreed_AWatchedOneIsNot()
    {
        await using PlaygroundServer server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0, idleAfter: TimeSpan.FromSeconds(1));
        using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
        async Task<string> Create() => (await (await http.PostAsync("/api/sessions", new StringContent("{}", Encoding.UTF8, "application/json")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string idle = await Create(), watched = await Create();
        using HttpResponseMessage stream = await http.GetAsync($"/api/sessions/{watched}/events", HttpCompletionOption.ResponseHeadersRead);

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/api/sessions/{idle}/play", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync($"/api/sessions/{watched}/play", null)).StatusCode);
        Assert.Equal(1, server.SessionCount);
    }

    [Fact]
    public async Task Divergence_StopsTraining_KeepsTheLastFiniteWeights_AndSaysWhy()
    {
        // Inputs of 10¹⁵⁰ through identity layers to identity outputs (targets outside [0, 1]): the cost overflows.
        string id = await CreateSession("{\"activation\": \"identity\", \"csv\": \"x,y\\n1e150,5\\n2e150,7\\n\", \"csvName\": \"huge.csv\"}");
        await Post($"/api/sessions/{id}/play");

        JsonElement stopped = (await ReadFrames(id, frame => frame.GetProperty("stopped").ValueKind == JsonValueKind.String))[^1];

        Assert.Matches("non-finite|became", stopped.GetProperty("stopped").GetString());
        Network kept = ModelFile.Parse(await _http.GetStringAsync($"/api/sessions/{id}/model"));   // finite, or it could not be written
        Assert.Equal([1, 6, 7, 1], kept.LayerSizes);
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
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
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
