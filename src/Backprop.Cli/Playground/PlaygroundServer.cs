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
internal sealed class PlaygroundServer : IAsyncDisposable
{
    /// <summary>The most sessions (browser tabs) one server trains at once.</summary>
    public const int MaxSessions = 24;

    /// <summary>A session nobody has asked anything of for this long is freed (unless told otherwise).</summary>
    public static readonly TimeSpan DefaultIdleAfter = TimeSpan.FromMinutes(10);

    private readonly TimeSpan _idleAfter;

    // Web names; a cost that overflowed is sent as "Infinity" or "NaN" (JSON has no such numbers) for the page to show.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private static readonly Dictionary<string, (string Resource, string ContentType)> Pages = new()
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/app.js"] = ("app.js", "text/javascript; charset=utf-8"),
        ["/style.css"] = ("style.css", "text/css; charset=utf-8"),
    };

    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private int _reserved;   // sessions made or being made
    private readonly WebApplication _app;
    private readonly Timer _sweep;

    private PlaygroundServer(WebApplication app, TimeSpan idleAfter)
    {
        _app = app;
        _idleAfter = idleAfter;
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
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<PlaygroundServer> StartAsync(IPAddress host, int port, TimeSpan? idleAfter = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "backprop" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(host, port);
            kestrel.Limits.MaxRequestBodySize = 1 << 20;
        });
        WebApplication app = builder.Build();
        var server = new PlaygroundServer(app, idleAfter ?? DefaultIdleAfter);
        server.Map(app);
        await app.StartAsync(cancellationToken);
        return server;
    }

    private void Map(WebApplication app)
    {
        foreach ((string path, (string resource, string contentType)) in Pages)
            app.MapGet(path, () => Results.Stream(Page(resource), contentType));

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
            return Results.Json(new { id = session.Id, commandLine = settings.CommandLine(0) }, Json, statusCode: 201);
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

        app.MapGet("/api/sessions/{id}/chain", (string id, int layer, int neuron, int? input) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session");
            try
            {
                (ChainRuleTerm term, Matrix[] gradients) = session.Chain(layer, neuron, input);
                return Results.Json(new
                {
                    term.Parameter,
                    Factors = term.Factors.Select(f => new { f.Name, Values = f.Value.ToRows() }),
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

        app.MapGet("/api/sessions/{id}/events", async (string id, HttpContext http) =>
        {
            if (!_sessions.TryGetValue(id, out Session? session)) return Problem(404, "no such session");
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, app.Lifetime.ApplicationStopping);
            CancellationToken gone = stopping.Token;   // the tab closed, or the server stops
            long seen = 0;
            int run = -1, trailSent = 0, costsSent = 0;
            try
            {
                while (!gone.IsCancellationRequested)
                {
                    // A page that watches keeps its session: a comment line every so often when no frame comes.
                    Task<Frame> next = session.NextFrameAsync(seen, gone);
                    if (await Task.WhenAny(next, Task.Delay(_idleAfter / 3 < TimeSpan.FromSeconds(15) ? _idleAfter / 3 : TimeSpan.FromSeconds(15), gone)) != next)
                    {
                        session.Touch();
                        await http.Response.WriteAsync(": waiting\n\n", gone);
                        await http.Response.Body.FlushAsync(gone);
                        continue;
                    }
                    Frame frame = await next;
                    seen = frame.Sequence;
                    bool newRun = frame.Run != run;   // the first frame, or the first after a reset: the page starts again
                    if (newRun) (run, trailSent, costsSent) = (frame.Run, 0, 0);
                    (double[][][] trail, (int Iteration, double Cost)[] costs) = session.Since(trailSent, costsSent);
                    trailSent += trail.Length;
                    costsSent += costs.Length;
                    string json = JsonSerializer.Serialize(new
                    {
                        frame.Sequence, frame.Run, frame.Iteration, frame.Cost, frame.Rate, frame.Outputs, frame.Weights, frame.Biases, frame.Plane, frame.Stopped, frame.Playing,
                        NewRun = newRun,
                        Inputs = newRun ? frame.Inputs : null,
                        Targets = newRun ? frame.Targets : null,
                        Trail = trail,
                        Costs = costs.Select(c => new[] { c.Iteration, c.Cost }),
                        CommandLine = session.Settings.CommandLine(frame.Iteration),
                    }, Json);
                    await http.Response.WriteAsync($"data: {json}\n\n", gone);
                    await http.Response.Body.FlushAsync(gone);
                }
            }
            catch (OperationCanceledException)
            {
                // the tab closed
            }
            return Results.Empty;
        });
    }

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, Json, statusCode: status);

    private static Stream Page(string resource) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream($"Backprop.Cli.Playground.wwwroot.{resource}")
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

    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync();
        await _app.StopAsync();
        foreach (Session session in _sessions.Values) session.Dispose();
        _sessions.Clear();
        await _app.DisposeAsync();
    }
}
