using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Backprop.Cli.Playground;

namespace Backprop.Tests.Cli;

/// <summary>
/// The playground answers only its own page, and a flood of streams nobody reads costs only those streams: requests
/// for another host (DNS rebinding) or changes from another origin are refused; streams are limited per session and in
/// all; an unread stream is dropped; the page answers through a flood, and the server stops promptly. Every server
/// binds to 127.0.0.1 on a free port.
/// </summary>
[Collection(nameof(RunAlone))]   // sessions train at once and answers are timed: not beside other tests
public sealed class PlaygroundGuardTests : IAsyncLifetime
{
    private PlaygroundServer _server = null!;
    private HttpClient _http = null!;
    private int Port => new Uri(_server.Address).Port;

    public async Task InitializeAsync()
    {
        _server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0, slowReaderAfter: TimeSpan.FromSeconds(1));
        _http = new HttpClient { BaseAddress = new Uri(_server.Address), Timeout = TimeSpan.FromMinutes(1) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("evil.example:{port}")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("127.0.0.1.nip.io:{port}")]
    [InlineData("127.0.0.1:{other}")]
    [InlineData("localhost")]
    [InlineData("[::1]:{other}")]
    [InlineData("10.1.2.3:{port}")]
    public async Task ARequestForAnotherHost_IsRefused_WhateverItAsks(string host)
    {
        // Given a session, and requests whose Host is not this server (as a page on a rebound name sends them)
        string id = await CreateSession(_http);
        string Host() => host.Replace("{port}", $"{Port}").Replace("{other}", $"{Port + 1}");
        (HttpMethod Method, string Path)[] requests =
        [
            (HttpMethod.Get, "/"), (HttpMethod.Post, "/api/sessions"), (HttpMethod.Post, $"/api/sessions/{id}/play"),
            (HttpMethod.Get, $"/api/sessions/{id}/model"), (HttpMethod.Get, $"/api/sessions/{id}/events"), (HttpMethod.Delete, $"/api/sessions/{id}"),
        ];

        foreach ((HttpMethod method, string path) in requests)
        {
            // When each is sent
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? Json("{}") : null };
            request.Headers.Host = Host();
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

            // Then it is refused, and the session is untouched
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} for {Host()}: {response.StatusCode}");
            Assert.Contains("this server answers requests for", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        Assert.Equal(1, _server.SessionCount);
        Assert.DoesNotContain("\"playing\":true", await FirstFrame(id));
    }

    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("LocalHost:{port}")]
    [InlineData("127.0.0.2:{port}")]
    public async Task ARequestForThisServer_IsAnswered(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host.Replace("{port}", $"{Port}");

        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example", false)]
    [InlineData("http://127.0.0.1:{other}", false)]
    [InlineData("https://127.0.0.1:{port}", false)]
    [InlineData("null", false)]
    [InlineData("http://127.0.0.1:{port}", true)]
    [InlineData(null, true)]
    public async Task AChange_FromAnotherOrigin_IsRefused(string? origin, bool allowed)
    {
        string id = await CreateSession(_http);
        HttpRequestMessage Request(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? Json("{}") : null };
            if (origin is not null) request.Headers.Add("Origin", origin.Replace("{port}", $"{Port}").Replace("{other}", $"{Port + 1}"));
            return request;
        }

        using HttpResponseMessage created = await _http.SendAsync(Request(HttpMethod.Post, "/api/sessions"));
        using HttpResponseMessage played = await _http.SendAsync(Request(HttpMethod.Post, $"/api/sessions/{id}/play"));
        using HttpResponseMessage deleted = await _http.SendAsync(Request(HttpMethod.Delete, $"/api/sessions/{id}"));

        Assert.Equal(allowed ? [HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NoContent] : Enumerable.Repeat(HttpStatusCode.Forbidden, 3),
            new[] { created.StatusCode, played.StatusCode, deleted.StatusCode });
        Assert.Equal(1, _server.SessionCount);   // one made and one deleted, or neither
        if (!allowed) Assert.Contains("cannot change the playground", (await played.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task StreamsOfOneSession_AreLimited_AndAClosedOneIsCountedOff()
    {
        string id = await CreateSession(_http);
        var open = new List<HttpResponseMessage>();
        for (int i = 0; i < PlaygroundServer.MaxStreamsPerSession; i++)
        {
            HttpResponseMessage stream = await _http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            open.Add(stream);
        }

        using HttpResponseMessage refused = await _http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal(PlaygroundServer.MaxStreamsPerSession, _server.StreamCount);

        open[0].Dispose();
        await Eventually(() => _server.StreamCount == PlaygroundServer.MaxStreamsPerSession - 1, "a closed stream is counted off");
        using HttpResponseMessage again = await _http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        foreach (HttpResponseMessage stream in open) stream.Dispose();
    }

    [Fact]
    public async Task AStreamNobodyReads_IsDropped()
    {
        // Given a playing session of 5,000 points (large frames) and a stream whose reader never reads
        string id = await CreateSession(_http, "{\"data\": \"sine\", \"points\": 5000}");
        Assert.Equal(HttpStatusCode.NoContent, (await _http.PostAsync($"/api/sessions/{id}/play", null)).StatusCode);
        using Socket unread = OpenUnreadStream(id);
        await Eventually(() => _server.StreamCount == 1, "the stream opened");

        // Then once the connection's buffers are full and a frame waits longer than a second, the server lets it go
        await Eventually(() => _server.StreamCount == 0, "the unread stream dropped", TimeSpan.FromMinutes(1));
        Assert.Contains("Backprop playground", await _http.GetStringAsync("/"));
    }

    [Fact]
    [Trait("Category", "Long")]   // minutes in plain loops; CI runs it once (its arithmetic is the engine's, checked at every width)
    public async Task TheTrailOfALongRun_ComesInFramesOfBoundedSize_AndWhole()
    {
        // Given a session with a long trail of 5,000-point snapshots (5,000 numbers each), on a server that waits for
        // readers as it does by default (a reader that parses large frames while the machine is slow must not be dropped)
        await using PlaygroundServer server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0);
        using var http = new HttpClient { BaseAddress = new Uri(server.Address), Timeout = TimeSpan.FromMinutes(5) };
        string id = await CreateSession(http, "{\"data\": \"sine\", \"points\": 5000, \"hidden\": [2], \"learningRate\": 0.1}");
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync($"/api/sessions/{id}/play", null)).StatusCode);
        using (HttpResponseMessage watching = await http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead))
        using (var frames = new StreamReader(await watching.Content.ReadAsStreamAsync()))
        {
            while (await frames.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3)) is { } line)
                if (System.Text.RegularExpressions.Regex.Match(line, "\"iteration\":(\\d+)") is { Success: true } iterationField
                    && int.Parse(iterationField.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 25 * Session.TrailEvery)
                    break;
        }
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync($"/api/sessions/{id}/pause", null)).StatusCode);
        await Eventually(() => server.StreamCount == 0, "the watching stream closed");

        // When a new page starts watching
        using HttpResponseMessage response = await http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        int snapshots = 0, iteration = -1;
        while (snapshots < iteration / Session.TrailEvery || iteration < 0)
        {
            string line = (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!;
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            JsonElement frame = JsonDocument.Parse(line[6..]).RootElement;
            iteration = frame.GetProperty("iteration").GetInt32();
            int numbers = frame.GetProperty("trail").EnumerateArray().Sum(s => s.EnumerateArray().Sum(o => o.GetArrayLength()));

            // Then no frame carries more than the bound, and the frames together carry every snapshot
            Assert.InRange(numbers, 0, PlaygroundServer.MaxTrailNumbersPerFrame);
            snapshots += frame.GetProperty("trail").GetArrayLength();
        }
        Assert.Equal(iteration / Session.TrailEvery, snapshots);
    }

    [Fact]
    [Trait("Category", "Stress")]
    public async Task AFloodOfUnreadStreams_CostsOnlyThemselves_ThePageAnswersWithinASecond()
    {
        // Given the most sessions, all playing
        string[] ids = await Task.WhenAll(Enumerable.Range(0, PlaygroundServer.MaxSessions).Select(_ => CreateSession(_http)));
        await Task.WhenAll(ids.Select(id => _http.PostAsync($"/api/sessions/{id}/play", null)));

        // When 400 streams are opened and never read
        var flood = new List<Socket>();
        try
        {
            for (int i = 0; i < 400; i++) flood.Add(OpenUnreadStream(ids[i % ids.Length]));

            // Then the page, a deletion and a new session are answered within a second, again and again
            for (int round = 0; round < 5; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                var clock = Stopwatch.StartNew();
                Assert.Contains("Backprop playground", await _http.GetStringAsync("/"));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the page took {clock.Elapsed.TotalSeconds:F1} s");
                Assert.InRange(_server.StreamCount, 0, PlaygroundServer.MaxStreams);
            }
            var deletion = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/sessions/{ids[0]}")).StatusCode);
            Assert.True(deletion.Elapsed < TimeSpan.FromSeconds(1), $"the deletion took {deletion.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (Socket socket in flood) socket.Dispose();
        }
        await Eventually(() => _server.StreamCount == 0, "every stream closed");
    }

    [Fact]
    [Trait("Category", "Stress")]
    public async Task Stopping_WithEverySessionPlaying_TakesUnderThreeSeconds()
    {
        PlaygroundServer server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0);
        using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
        string[] ids = await Task.WhenAll(Enumerable.Range(0, PlaygroundServer.MaxSessions).Select(_ => CreateSession(http, "{\"hidden\": [64, 64, 64]}")));
        await Task.WhenAll(ids.Select(id => http.PostAsync($"/api/sessions/{id}/play", null)));
        using HttpResponseMessage watching = await http.GetAsync($"/api/sessions/{ids[0]}/events", HttpCompletionOption.ResponseHeadersRead);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Stopping_WithARequestNeverFinished_TakesUnderThreeSeconds()
    {
        // Given a server with a session playing and clients that began requests and never finished them
        PlaygroundServer server = await PlaygroundServer.StartAsync(IPAddress.Loopback, 0);
        using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
        string id = await CreateSession(http);
        await http.PostAsync($"/api/sessions/{id}/play", null);
        var unfinished = new List<Socket>();
        foreach (string start in new[] { "GET / HT", "GET / HTTP/1.1\r\nHost: x", $"POST /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:{new Uri(server.Address).Port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{" })
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, new Uri(server.Address).Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(start));
            unfinished.Add(socket);
        }
        await Task.Delay(300);

        // When it stops
        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        // Then it does not wait for them
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {clock.Elapsed.TotalSeconds:F1} s");
        foreach (Socket socket in unfinished) socket.Dispose();
    }

    // A raw connection that asks for a session's stream with a small receive buffer and never reads.
    private Socket OpenUnreadStream(string id)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        socket.Connect(IPAddress.Loopback, Port);
        socket.Send(Encoding.ASCII.GetBytes($"GET /api/sessions/{id}/events HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\n\r\n"));
        return socket;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<string> CreateSession(HttpClient http, string settings = "{}")
    {
        HttpResponseMessage response = await http.PostAsync("/api/sessions", Json(settings));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<string> FirstFrame(string id) => (await FirstFrameJson(id)).GetRawText();

    private async Task<JsonElement> FirstFrameJson(string id)
    {
        using HttpResponseMessage response = await _http.GetAsync($"/api/sessions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) return JsonDocument.Parse(line[6..]).RootElement.Clone();
        throw new InvalidOperationException("the stream ended");
    }

    private static Task Eventually(Func<bool> condition, string what, TimeSpan? within = null) =>
        Eventually(() => Task.FromResult(condition()), what, within);

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < (within ?? TimeSpan.FromSeconds(10)), $"not so within {(within ?? TimeSpan.FromSeconds(10)).TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
