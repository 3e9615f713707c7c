using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backprop.Cli.Playground;

/// <summary>
/// The playground's web server (ASP.NET Core, Kestrel, minimal API): the page and its script from the tool's own
/// embedded resources (nothing is read from disk, so no path can reach outside them), and one training session per
/// browser tab, streamed to it as Server-Sent Events.
/// </summary>
/// <remarks>
/// Only requests for this server are answered: a Host that is not localhost, a loopback address or the address it
/// serves, at its port, is refused (another name pointed at this machine is DNS rebinding: a web page on the internet
/// driving the playground), and so is a request that changes something from another page's origin. A slow or unread
/// stream costs only its own connection: streams are limited per session and in all, each holds at most one frame
/// (of a bounded size) and Kestrel's response buffer, and a reader that takes a frame for longer than
/// <see cref="DefaultSlowReaderAfter"/> is dropped.
/// </remarks>
internal sealed class PlaygroundServer : IAsyncDisposable
{
    /// <summary>The most sessions (browser tabs) one server trains at once.</summary>
    public const int MaxSessions = 24;

    /// <summary>A session nobody has asked anything of for this long is freed (unless told otherwise).</summary>
    public static readonly TimeSpan DefaultIdleAfter = TimeSpan.FromMinutes(10);

    /// <summary>The most event streams one session sends at once (a tab has one; a reconnecting one briefly two).</summary>
    public const int MaxStreamsPerSession = 4;

    /// <summary>The most event streams the server sends at once.</summary>
    public const int MaxStreams = 64;

    /// <summary>A stream whose reader has not taken a frame for this long is dropped (unless told otherwise).</summary>
    public static readonly TimeSpan DefaultSlowReaderAfter = TimeSpan.FromSeconds(10);

    /// <summary>The most numbers of the trail one frame carries; a page that is behind gets the rest in the frames after.</summary>
    public const int MaxTrailNumbersPerFrame = 100_000;

    private readonly TimeSpan _idleAfter, _slowReaderAfter;
    private readonly IPAddress _host;
    private int _streams;   // event streams open

    // Web names; a cost that overflowed is sent as "Infinity" or "NaN" (JSON has no such numbers) for the page to show.
    // A setting as the page reads it: its range's ends (null for none), whether each is included, and the range in words.
    private static object SettingJson(Setting setting) => new
    {
        setting.Name,
        setting.Label,
        setting.Description,
        setting.Default,
        Switch = setting.IsSwitch,
        Lowest = double.IsFinite(setting.Range.Lowest) ? setting.Range.Lowest : (double?)null,
        Highest = double.IsFinite(setting.Range.Highest) ? setting.Range.Highest : (double?)null,
        setting.Range.IncludesLowest,
        setting.Range.IncludesHighest,
        Range = setting.Range.ToString(),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    // The page's files, embedded from wwwroot/: index.html at /, every other file (the ES modules, the style) at /NAME.
    private const string PagePrefix = "Backprop.Cli.Playground.wwwroot.";

    private static readonly Dictionary<string, (string Resource, string ContentType)> Pages =
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(name => name.StartsWith(PagePrefix, StringComparison.Ordinal))
            .Select(name => name[PagePrefix.Length..])
            .ToDictionary(file => file == "index.html" ? "/" : $"/{file}", file => (file, Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                var other => throw new InvalidOperationException($"the page has a file of unknown type: {file}"),
            }));

    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private int _reserved;   // sessions made or being made
    private readonly WebApplication _app;
    private readonly Timer _sweep;

    private PlaygroundServer(WebApplication app, IPAddress host, TimeSpan idleAfter, TimeSpan slowReaderAfter)
    {
        _app = app;
        _host = host;
        _idleAfter = idleAfter;
        _slowReaderAfter = slowReaderAfter;
        TimeSpan sweepEvery = idleAfter / 4 < TimeSpan.FromSeconds(30) ? idleAfter / 4 : TimeSpan.FromSeconds(30);
        _sweep = new Timer(_ => FreeIdleSessions(), null, sweepEvery, sweepEvery);
    }

    /// <summary>The address it serves, for example <c>http://127.0.0.1:5117/</c>.</summary>
    public string Address => _app.Urls.First().TrimEnd('/') + "/";

    /// <summary>How many sessions are training or waiting.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Start serving on <paramref name="host"/> (an IP address; 127.0.0.1 unless told) and <paramref name="port"/> (0: any free port).</summary>
    /// <param name="host">The address to listen on.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="idleAfter">How long a session may go without a request or a watching page before it is freed; <see cref="DefaultIdleAfter"/> by default.</param>
    /// <param name="slowReaderAfter">How long a stream's reader may take a frame before it is dropped; <see cref="DefaultSlowReaderAfter"/> by default.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<PlaygroundServer> StartAsync(IPAddress host, int port, TimeSpan? idleAfter = null, TimeSpan? slowReaderAfter = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "backprop" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(host, port);
            kestrel.Limits.MaxRequestBodySize = 1 << 20;
            kestrel.Limits.MaxResponseBufferSize = 64 << 10;   // what a connection holds unsent before its writes wait
        });
        WebApplication app = builder.Build();
        var server = new PlaygroundServer(app, host, idleAfter ?? DefaultIdleAfter, slowReaderAfter ?? DefaultSlowReaderAfter);
        server.Map(app);
        await app.StartAsync(cancellationToken);
        return server;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (Refusal(http.Request, http.Connection) is { } refusal)
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsJsonAsync(new { error = refusal }, Json);
                return;
            }
            await next(http);
        });

        foreach ((string path, (string resource, string contentType)) in Pages)
            app.MapGet(path, () => Results.Stream(Page(resource), contentType));

        // What the page offers, all of it from the library's catalog: activations, losses, optimizers with their settings
        // (name, label, description, default, range), the learning rate and weight decay, and the built-in data sets.
        app.MapGet("/api/catalog", () => Results.Json(new
        {
            Activations = Catalog.Activations.Select(a => new { a.Name, a.Description, ElementWise = a.IsElementWise }),
            Losses = Catalog.Losses.Select(l => new { l.Name, l.Description }),
            Optimizers = Catalog.Optimizers.Select(o => new { o.Name, o.Description, o.DefaultLearningRate, Settings = o.Settings.Select(SettingJson) }),
            LearningRate = SettingJson(Catalog.LearningRate),
            WeightDecay = SettingJson(Catalog.WeightDecay),
            Data = BuiltInData.Names.Select(name => new { Name = name, BuiltInData.Create(name, 2).InputSize }),
            Features = new[] { 1, 2 }.Select(inputs => new { Inputs = inputs, Offered = InputFeatures.Offered(inputs).Select(f => new { f.Name, f.Label }) }),
        }, Json));

        app.MapPost("/api/sessions", async (HttpRequest request) =>
        {
            SessionSettings? settings;
            try
            {
                settings = await request.ReadFromJsonAsync<SessionSettings>(Json) ?? new SessionSettings();
            }
            catch (JsonException e)
            {
                return Problem(400, $"the settings are not valid JSON: {e.Message}");
            }
            catch (InvalidOperationException)   // not application/json
            {
                return Problem(400, "the settings are sent as JSON (Content-Type: application/json)");
            }
            if (settings.Problem() is { } problem) return Problem(400, problem);
            // A slot is taken before any work, so requests at once cannot pass the limit together.
            if (Interlocked.Increment(ref _reserved) > MaxSessions)
            {
                Interlocked.Decrement(ref _reserved);
                return Problem(429, $"this server trains at most {MaxSessions} sessions at once; close a tab and try again");
            }
            Session session;
            try
            {
                session = new Session(Guid.NewGuid().ToString("N"), settings, settings.ReadData());
            }
            catch (InvalidDataException e)   // a bad CSV, or data the design cannot train on
            {
                Interlocked.Decrement(ref _reserved);
                return Problem(400, Excerpt.Printable(e.Message));
            }
            _sessions[session.Id] = session;
            return Results.Json(new { id = session.Id, commandLine = settings.CommandLine(0), inputLabels = session.InputLabels }, Json, statusCode: 201);
        });

        // New steps for a running session: the optimizer, its settings, the learning rate, weight decay or batch size
        // change in place (409 when the settings would change the network, the data or the seed: a new session).
        app.MapPut("/api/sessions/{id}/settings", async (string id, HttpRequest request) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session (it may have been idle and freed); reload the page");
            SessionSettings? settings;
            try
            {
                settings = await request.ReadFromJsonAsync<SessionSettings>(Json) ?? new SessionSettings();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return Problem(400, "the settings are sent as JSON (Content-Type: application/json)");
            }
            if (settings.Problem() is { } problem) return Problem(400, problem);
            if (!session.Settings.ChangesOnlyTheSteps(settings)) return Problem(409, "these settings change the network, the data or the seed: start a new session");
            bool fresh = session.Change(settings);
            return Results.Json(new { restarted = false, optimizerStartedAfresh = fresh, iteration = session.ChangedAt, commandLine = settings.CommandLine(session.Latest.Iteration) }, Json);
        });

        app.MapPost("/api/sessions/{id}/{action}", (string id, string action) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session (it may have been idle and freed); reload the page");
            switch (action)
            {
                case "play": session.Play(); break;
                case "pause": session.Pause(); break;
                case "step": session.Step(); break;
                case "reset": session.Reset(); break;
                default: return Problem(404, $"no action \"{action}\": play, pause, step or reset");
            }
            return Results.NoContent();
        });

        app.MapDelete("/api/sessions/{id}", (string id) =>
        {
            if (_sessions.TryRemove(id, out Session? session)) Free(session);
            return Results.NoContent();
        });

        app.MapGet("/api/sessions/{id}/model", (string id) =>
            _sessions.TryGetValue(id, out Session? session)
                ? Results.Text(session.ModelJson(), "application/json")
                : Problem(404, "no such session"));

        // The chain rule for one parameter: over all samples, the sum of each sample's product (its first terms and the
        // total); for one sample (?sample=s, from 1), that sample's factors, the running product and its contribution.
        app.MapGet("/api/sessions/{id}/chain", (string id, int layer, int neuron, int? input, int? sample) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session");
            try
            {
                (ChainRuleTerm term, ChainRuleSample? one, Matrix[] gradients) = session.Chain(layer, neuron, input, sample);
                return Results.Json(new
                {
                    term.Parameter,
                    Factors = (one?.Factors ?? term.Factors).Select(f => new { f.Name, Values = f.Value.ToRows() }),
                    Products = one?.Products.Select(f => new { f.Name, Values = f.Value.ToRows() }),
                    Sample = one?.Sample,
                    Contribution = one?.Contribution,
                    Samples = term.Contributions.Count,
                    FirstContributions = term.Contributions.Take(FirstTermsShown),
                    term.Value,
                    term.FiniteDifference,
                    LayerGradients = gradients.Select(g => g.ToRows()),
                }, Json);
            }
            catch (ArgumentException e)
            {
                return Problem(400, CommandFailure.MessageOf(e));
            }
        });

        // One sample through the network, phase by phase (forward, loss, backward, update), at the current weights.
        app.MapGet("/api/sessions/{id}/walk", (string id, int sample) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session");
            try
            {
                return Results.Json(session.Walk(sample), Json);
            }
            catch (ArgumentException e)
            {
                return Problem(400, CommandFailure.MessageOf(e));
            }
        });

        app.MapGet("/api/sessions/{id}/events", async (string id, HttpContext http) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session");
            if (!TryOpenStream(session))
                return Problem(429, $"this server sends at most {MaxStreamsPerSession} streams a session and {MaxStreams} in all; close a tab and try again");
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, app.Lifetime.ApplicationStopping);
            CancellationToken gone = stopping.Token;   // the tab closed, or the server stops
            long seen = 0;
            int run = -1, trailSent = 0, costsSent = 0;
            bool behind = false;   // trail snapshots are still to be sent: the next frame goes at once
            try
            {
                while (!gone.IsCancellationRequested)
                {
                    Frame frame;
                    if (behind) frame = session.Latest;
                    else
                    {
                        // A page that watches keeps its session: a comment line every so often when no frame comes.
                        Task<Frame> next = session.NextFrameAsync(seen, gone);
                        if (await Task.WhenAny(next, Task.Delay(_idleAfter / 3 < TimeSpan.FromSeconds(15) ? _idleAfter / 3 : TimeSpan.FromSeconds(15), gone)) != next)
                        {
                            session.Touch();
                            if (!await Send(http, (body, token) => body.WriteAsync(Waiting, token).AsTask(), gone)) break;
                            continue;
                        }
                        frame = await next;
                    }
                    seen = frame.Sequence;
                    bool newRun = frame.Run != run;   // the first frame, or the first after a reset: the page starts again
                    if (newRun) (run, trailSent, costsSent) = (frame.Run, 0, 0);
                    (double[][][] trail, (int Iteration, double Cost, double? TestCost)[] costs, behind) = session.Since(trailSent, costsSent, MaxTrailNumbersPerFrame);
                    trailSent += trail.Length;
                    costsSent += costs.Length;
                    object message = new
                    {
                        frame.Sequence, frame.Run, frame.Iteration, frame.Cost, frame.Rate, frame.Outputs, frame.Weights, frame.Biases, frame.Plane, frame.Pictures, frame.Stopped, frame.Playing,
                        NewRun = newRun,
                        Inputs = newRun ? frame.Inputs : null,
                        Targets = newRun ? frame.Targets : null,
                        Trail = trail,
                        Costs = costs.Select(c => c.TestCost is { } test ? new[] { c.Iteration, c.Cost, test } : new[] { c.Iteration, c.Cost }),
                        frame.TestCost,
                        TestInputs = newRun ? frame.TestInputs : null,
                        TestTargets = newRun ? frame.TestTargets : null,
                        CommandLine = session.Settings.CommandLine(frame.Iteration),
                        session.ChangedAt,
                        Loss = session.LossName,
                    };
                    // Serialised into the response as it goes (Kestrel's pooled buffers), never into one large array.
                    if (!await Send(http, async (body, token) =>
                    {
                        await body.WriteAsync(DataLine, token);
                        await JsonSerializer.SerializeAsync(body, message, message.GetType(), Json, token);
                        await body.WriteAsync(MessageEnd, token);
                    }, gone)) break;
                }
            }
            catch (OperationCanceledException)
            {
                // the tab closed
            }
            finally
            {
                CloseStream(session);
            }
            return Results.Empty;
        });
    }

    /// <summary>How many of the sum's terms the chain panel is sent, for "all samples".</summary>
    public const int FirstTermsShown = 4;

    private static readonly byte[] DataLine = "data: "u8.ToArray(), MessageEnd = "\n\n"u8.ToArray(), Waiting = ": waiting\n\n"u8.ToArray();

    // One message of a stream, written and flushed; false (and the connection dropped) when its reader has not taken it
    // within _slowReaderAfter. Kestrel holds at most MaxResponseBufferSize of it unsent; the writing waits for the rest.
    private async Task<bool> Send(HttpContext http, Func<Stream, CancellationToken, Task> write, CancellationToken gone)
    {
        using var slow = CancellationTokenSource.CreateLinkedTokenSource(gone);
        slow.CancelAfter(_slowReaderAfter);
        try
        {
            await write(http.Response.Body, slow.Token);
            await http.Response.Body.FlushAsync(slow.Token);
            return true;
        }
        catch (OperationCanceledException) when (!gone.IsCancellationRequested)
        {
            http.Abort();
            return false;
        }
    }

    private bool TryOpenStream(Session session)
    {
        if (Interlocked.Increment(ref _streams) <= MaxStreams && session.TryOpenStream(MaxStreamsPerSession)) return true;
        Interlocked.Decrement(ref _streams);
        return false;
    }

    private void CloseStream(Session session)
    {
        session.CloseStream();
        Interlocked.Decrement(ref _streams);
    }

    /// <summary>How many event streams are open.</summary>
    public int StreamCount => Volatile.Read(ref _streams);

    // Why a request is not for this server, or null: its Host is not this server (DNS rebinding), or it would change
    // something from another origin than the page's own.
    private string? Refusal(HttpRequest request, ConnectionInfo connection)
    {
        string host = request.Headers.Host.ToString();
        if (!IsThisServer(host, connection))
            return $"this server answers requests for {_host}:{connection.LocalPort} or localhost:{connection.LocalPort} only, not for {Excerpt.Quoted(host)}";
        bool changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        string? origin = request.Headers.Origin;
        if (changes && origin is not null && !string.Equals(origin, $"http://{host}", StringComparison.OrdinalIgnoreCase))
            return $"a request from another page ({Excerpt.Quoted(origin)}) cannot change the playground";
        return null;
    }

    // A Host header naming this server at its port: localhost, a loopback address, the address it listens on, or, when it
    // listens on every address, the one the connection came in on. Addresses cannot be rebound by DNS; other names can.
    private bool IsThisServer(string host, ConnectionInfo connection)
    {
        if (host.Length == 0) return false;
        var header = new HostString(host);
        if ((header.Port ?? 80) != connection.LocalPort) return false;
        string name = header.Host;
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(name.Trim('[', ']'), out IPAddress? address) || name.Contains('%')) return false;
        IPAddress Plain(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        address = Plain(address);
        return IPAddress.IsLoopback(address) || address.Equals(Plain(_host))
            || ((_host.Equals(IPAddress.Any) || _host.Equals(IPAddress.IPv6Any)) && connection.LocalIpAddress is { } local && address.Equals(Plain(local)));
    }

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, Json, statusCode: status);

    private static Stream Page(string resource) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(PagePrefix + resource)
            ?? throw new InvalidOperationException($"the page resource {resource} is missing from the build");

    private void Free(Session session)
    {
        session.Dispose();
        Interlocked.Decrement(ref _reserved);
    }

    private void FreeIdleSessions()
    {
        foreach (Session session in _sessions.Values)
            if (DateTime.UtcNow - session.LastSeen > _idleAfter && _sessions.TryRemove(session.Id, out _)) Free(session);
    }

    /// <summary>The longest a stop waits for requests under way (a client that never finishes its request is cut off after it).</summary>
    public static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Stop: every session is told to stop at once, streams end, connections still open after <see cref="StopWithin"/>
    /// are cut, then the sessions' threads are joined.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync();
        foreach (Session session in _sessions.Values) session.Close();   // all together, not one after another
        using (var deadline = new CancellationTokenSource(StopWithin))
        {
            try
            {
                await _app.StopAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // requests that did not end in time are cut off
            }
        }
        foreach (Session session in _sessions.Values) session.Dispose();
        _sessions.Clear();
        await _app.DisposeAsync();
    }
}
