using System.Diagnostics;

namespace Backprop.Cli.Playground;

/// <summary>
/// One browser tab's training: its network, trained on its own background thread while playing, and the latest frame
/// of what it looks like. Training never waits for the page: it publishes at most <see cref="FramesPerSecond"/>
/// frames a second, each replacing the last, and a slow page simply misses frames.
/// </summary>
internal sealed class Session : IDisposable
{
    /// <summary>The most frames a second a session publishes.</summary>
    public const int FramesPerSecond = 30;

    /// <summary>Iterations between the magenta snapshots of the trail, as the worksheet's plot_training draws them.</summary>
    public const int TrailEvery = 1000;

    /// <summary>Every this many snapshots, the spacing of the next ones doubles, so a long run's trail stays bounded.</summary>
    public const int TrailDoublesEvery = 500;

    private int _trailEvery = TrailEvery;

    private readonly object _gate = new();
    private readonly Lock _history = new();   // the trail and the cost points, which streams read without waiting for a step
    private readonly Thread _thread;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _wake = new(0);
    private SteppedTraining _training = null!;
    private DataSet _data = null!;
    private bool _playing;
    private int _pendingSteps;
    private TaskCompletionSource<Frame> _nextFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<double[][]> _trail = [];
    private readonly List<(int Iteration, double Cost, double? TestCost)> _costs = [];
    private DataSet? _test;                 // the samples held out, not trained on
    private double[][]? _testInputs, _testTargets;
    private double _rate;
    private double _allowance;          // steps the speed limit allows now (a token bucket), and when it was last filled
    private double _allowanceAt;
    private int _run;
    private int _costsDropped;
    private long _trailDoubles;
    private double[][] _inputs = [], _targets = [];
    private readonly Stopwatch _sincePictures = Stopwatch.StartNew();   // since the last frame with neuron pictures

    /// <summary>The most numbers the trail of one session holds (16 MB); past it, no more snapshots join the trail.</summary>
    public const long MaxTrailDoubles = 2_000_000;   // counts resets: the page starts its trail and cost curve again when it changes

    private readonly DataSet? _userData;

    /// <summary>Start a session; the user's data must already have been read (<see cref="SessionSettings.ReadData"/>).</summary>
    public Session(string id, SessionSettings settings, DataSet? userData)
    {
        Id = id;
        Settings = settings;
        _userData = userData;
        Reset();
        _thread = new Thread(Loop) { IsBackground = true, Name = $"playground session {id}" };
        _thread.Start();
    }

    public string Id { get; }

    public SessionSettings Settings { get; private set; }

    /// <summary>The loss of the session's network (cross-entropy for classes): the cost the page labels.</summary>
    public string LossName { get; private set; } = "";

    /// <summary>What each input of layer 1 is, for the diagram: x₁, x₂, or the features (x₁², sin x₁, …).</summary>
    public string[] InputLabels { get; private set; } = [];

    /// <summary>The iteration at which the running session last took new settings in place (0: it runs as it started).</summary>
    public int ChangedAt { get; private set; }

    /// <summary>
    /// Go on with <paramref name="next"/> (which <see cref="SessionSettings.ChangesOnlyTheSteps"/> allows) from the next
    /// step, playing or paused as before: the weights, the iteration and the trail stay. Return whether the optimizer
    /// started afresh (another kind).
    /// </summary>
    public bool Change(SessionSettings next)
    {
        bool fresh = false;
        Control(() =>
        {
            next.CarryOver(Settings);
            fresh = _training.Change(next.TrainingOptions());
            Settings = next;
            if (_training.Iteration > 0) ChangedAt = _training.Iteration;
            Publish(force: true);
        });
        return fresh;
    }

    /// <summary>When the page last asked for anything; an idle session is freed.</summary>
    public DateTime LastSeen { get; private set; } = DateTime.UtcNow;

    private Frame? _latest;

    /// <summary>The latest frame.</summary>
    public Frame Latest => Volatile.Read(ref _latest)!;

    public void Touch() => LastSeen = DateTime.UtcNow;

    public void Play() => Control(() =>
    {
        _playing = true;
        Publish(force: true);   // the page learns at once that it plays
    });

    public void Pause() => Control(() =>
    {
        _playing = false;
        Publish(force: true);
    });

    public void Step() => Control(() => { _playing = false; _pendingSteps++; });

    /// <summary>Back to the first weights: the same seed draws them again.</summary>
    public void Reset() => Control(() =>
    {
        _playing = false;
        _pendingSteps = 0;
        (Network network, _data, _test, NumpyRandom random, TrainingOptions options) = Settings.Start(_userData);
        _testInputs = _test?.Inputs.ToRows();
        _testTargets = _test?.Targets.ToRows();
        _training = new SteppedTraining(network, _data, random, options);
        LossName = network.Loss.Name;
        InputLabels = network.InputFeatures is { } features ? [.. features.Features.Select(f => f.Label)]
            : [.. Enumerable.Range(1, network.InputSize).Select(i => InputFeature.Input(i).Label)];
        lock (_history)
        {
            _trail.Clear();
            _costs.Clear();
            _costsDropped = 0;
        }
        _trailDoubles = 0;
        _trailEvery = TrailEvery;
        _inputs = _data.Inputs.ToRows();   // once a run
        _targets = _data.Targets.ToRows();
        _run++;
        ChangedAt = 0;
        Publish(force: true);
    });

    /// <summary>The model JSON of the current weights, as <c>backprop train</c> writes it.</summary>
    public string ModelJson()
    {
        lock (_gate) return ModelFile.Serialize(_training.Network);
    }

    /// <summary>
    /// The chain rule for one weight (or bias, without <paramref name="input"/>) at the current weights, and every
    /// layer's ∂C/∂W for the heat maps.
    /// </summary>
    /// <exception cref="ArgumentException">An index is out of range.</exception>
    public (ChainRuleTerm Term, ChainRuleSample? Sample, Matrix[] LayerGradients) Chain(int layer, int neuron, int? input, int? sample = null)
    {
        Touch();
        lock (_gate)
        {
            ChainRuleSample? one = sample is { } s ? ChainRule.ForSample(_training.Network, _data, layer, neuron, input, s) : null;   // checks the indices
            ChainRuleTerm term = one?.All ?? ChainRule.For(_training.Network, _data, layer, neuron, input);
            return (term, one, [.. _training.Network.Backpropagate(_data).Layers.Select(l => l.Weights)]);   // a fresh pass: no copy needed
        }
    }

    /// <summary>Sample <paramref name="sample"/> (from 1) walked through the network at its current weights, phase by phase, with the run's learning rate.</summary>
    /// <exception cref="ArgumentException">The sample is out of range.</exception>
    public IReadOnlyList<WalkPhase> Walk(int sample)
    {
        Touch();
        lock (_gate) return SampleWalk.For(_training.Network, _data, sample, Settings.TrainingOptions().LearningRate);
    }

    /// <summary>Wait for a frame newer than <paramref name="seen"/> (or return the latest at once if it is newer).</summary>
    public Task<Frame> NextFrameAsync(long seen, CancellationToken cancellationToken)
    {
        Touch();
        // The task first, then the latest frame: a frame published between the two reads is then either the latest
        // (returned at once) or completes the task, never missed.
        Task<Frame> next = Volatile.Read(ref _nextFrame).Task;
        Frame latest = Volatile.Read(ref _latest)!;
        if (latest.Sequence > seen) return Task.FromResult(latest);
        return next.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Trail snapshots from index <paramref name="trailFrom"/> on (each [outputs][samples]), at most
    /// <paramref name="maxTrailNumbers"/> numbers of them (one snapshot at least), and cost points from
    /// <paramref name="costsFrom"/> on; <c>More</c> when trail snapshots are left for the next call.
    /// </summary>
    public (double[][][] Trail, (int Iteration, double Cost, double? TestCost)[] Costs, bool More) Since(int trailFrom, int costsFrom, int maxTrailNumbers = int.MaxValue)
    {
        lock (_history)
        {
            int count = 0;
            for (long numbers = 0; trailFrom + count < _trail.Count; count++)
            {
                numbers += (long)_trail[trailFrom + count].Length * _trail[trailFrom + count][0].Length;
                if (numbers > maxTrailNumbers && count > 0) break;
            }
            // Cost points are numbered from the run's first, also after old ones were let go (_costsDropped).
            return ([.. _trail.Skip(trailFrom).Take(count)], [.. _costs.Skip(Math.Max(0, costsFrom - _costsDropped))], trailFrom + count < _trail.Count);
        }
    }

    private int _streams;

    /// <summary>Count one more stream of this session, unless <paramref name="max"/> are open.</summary>
    public bool TryOpenStream(int max)
    {
        if (Interlocked.Increment(ref _streams) <= max) return true;
        Interlocked.Decrement(ref _streams);
        return false;
    }

    /// <summary>Count one stream less.</summary>
    public void CloseStream() => Interlocked.Decrement(ref _streams);

    /// <summary>How many cost points the run has recorded (the number of the next).</summary>
    public int CostCount
    {
        get { lock (_history) return _costsDropped + _costs.Count; }
    }

    private void Control(Action change)
    {
        Touch();
        lock (_gate) change();
        _wake.Release();
    }

    // While playing: steps in chunks of about 5 ms, ending at each trail iteration; a frame at most every 1/30 s.
    private void Loop()
    {
        var sinceFrame = Stopwatch.StartNew();
        var time = Stopwatch.StartNew();   // the speed limit's clock
        int chunk = 10;
        while (!_closing.IsCancellationRequested)
        {
            bool idle = false;
            lock (_gate)
            {
                // Checked and stepped under one lock: a reset or pause between the two would otherwise be stepped past.
                int allowed = int.MaxValue;
                if (_playing && _pendingSteps == 0 && Settings.StepsPerSecond is { } speed)
                {
                    // The speed limit: steps accrue at `speed` a second, at most a frame's worth (or one) in hand
                    double now = time.Elapsed.TotalSeconds;
                    _allowance = Math.Min(_allowance + (now - _allowanceAt) * speed, Math.Max(1, speed / FramesPerSecond));
                    _allowanceAt = now;
                    allowed = (int)_allowance;
                }
                if (!(_playing || _pendingSteps > 0) || _training.StopReason is not null || allowed == 0) idle = true;
                else
                {
                    int iteration = _training.Iteration;
                    int steps = _pendingSteps > 0 ? 1 : Math.Min(Math.Min(chunk, allowed), _trailEvery - iteration % _trailEvery);
                    var clock = Stopwatch.StartNew();
                    int taken = _training.Step(steps);
                    if (allowed != int.MaxValue) _allowance -= taken;
                    double seconds = clock.Elapsed.TotalSeconds;
                    if (_pendingSteps > 0) _pendingSteps--;
                    else chunk = Math.Clamp((int)(chunk * 0.005 / Math.Max(seconds, 1e-6)), 1, 100_000);   // about 5 ms a chunk
                    if (seconds > 0 && taken > 0) _rate = 0.8 * _rate + 0.2 * (taken / seconds);
                    bool trail = _training.Iteration % _trailEvery == 0 && taken > 0;
                    bool slow = allowed != int.MaxValue && Settings.StepsPerSecond <= FramesPerSecond;   // slow enough to draw every step
                    if (trail || slow || !_playing || _training.StopReason is not null || sinceFrame.Elapsed.TotalSeconds >= 1.0 / FramesPerSecond)
                    {
                        Publish(force: false, trail);
                        sinceFrame.Restart();
                    }
                }
            }
            if (idle)
            {
                // Waiting for the page, or for the speed limit's next step (at most a frame away)
                int wait = _playing && Settings.StepsPerSecond is { } limit ? (int)Math.Clamp(1000 / limit, 1, 1000 / FramesPerSecond) : 100;
                try { _wake.Wait(wait, _closing.Token); } catch (OperationCanceledException) { return; }
            }
        }
    }

    // The current outputs and cost as the next frame (under _gate).
    private void Publish(bool force, bool trail = false)
    {
        (double cost, Matrix outputs) = _training.Evaluate();
        double? testCost = _test is null ? null : _training.Network.Cost(_test);
        double[][] curve = outputs.ToRows();
        lock (_history)
        {
            if (trail && _trailDoubles + (long)outputs.Rows * outputs.Columns <= MaxTrailDoubles)
            {
                _trail.Add(curve);
                _trailDoubles += (long)outputs.Rows * outputs.Columns;
                if (_trail.Count % TrailDoublesEvery == 0) _trailEvery *= 2;
            }
            if (_costs.Count == 0 || _costs[^1].Iteration != _training.Iteration) _costs.Add((_training.Iteration, cost, testCost));
            if (_costs.Count > 20_000)   // bounded: the page keeps what it has
            {
                _costsDropped += _costs.Count / 2;
                _costs.RemoveRange(0, _costs.Count / 2);
            }
        }
        // The weights for the network diagram: always for a small network, when paused for a larger one.
        Network network = _training.Network;
        bool weights = network.Layers.Sum(l => l.Weights.Rows * l.Weights.Columns) <= 2_000 || !_playing;
        double[][][]? w = weights ? [.. network.Layers.Select(l => l.Weights.ToRows())] : null;
        double[][]? b = weights ? [.. network.Layers.Select(l => l.Biases.ToArray())] : null;
        // Each neuron's picture: for a network of at most MaxNeuronsWhilePlaying neurons, or when paused; while playing, at
        // most PerSecond times a second (the frames between carry none and the page keeps the last).
        bool pictured = (network.LayerSizes.Sum() <= NeuronPictures.MaxNeuronsWhilePlaying || !_playing)
            && (force || !_playing || _training.StopReason is not null || _sincePictures.Elapsed.TotalSeconds >= 1.0 / NeuronPictures.PerSecond);
        if (pictured) _sincePictures.Restart();
        (InputPlane? plane, NeuronPictures? pictures) = Plane(network, pictured);
        var frame = new Frame(_latest is null ? 1 : _latest.Sequence + 1, _run, _training.Iteration, cost, _rate, curve, w, b, plane,
            _inputs, _targets, _training.StopReason, _playing) { TestCost = testCost, TestInputs = _testInputs, TestTargets = _testTargets, Pictures = pictures };
        Volatile.Write(ref _latest, frame);
        TaskCompletionSource<Frame> waiting = Interlocked.Exchange(ref _nextFrame, new(TaskCreationOptions.RunContinuationsAsynchronously));
        waiting.TrySetResult(frame);
    }

    /// <summary>Cells across the input plane (for two inputs) at which the first output is drawn.</summary>
    public const int PlaneCells = 40;

    // Two inputs: the first output over a PlaneCells² grid spanning the samples (10% more each way), row 0 at the top, and
    // (when asked) each neuron's output over a coarser grid of the same span: one forward pass over both grids.
    private (InputPlane? Plane, NeuronPictures? Pictures) Plane(Network network, bool pictured)
    {
        if (_data.InputSize != 2) return (null, null);
        (double x0, double x1) = Span(_data.Inputs.Row(0));
        (double y0, double y1) = Span(_data.Inputs.Row(1));
        int planeCells = PlaneCells * PlaneCells, pictureCells = pictured ? NeuronPictures.DefaultCells : 0;
        var grid = new Matrix(2, planeCells + pictureCells * pictureCells);
        NeuronPictures.WriteGrid(grid, 0, PlaneCells, x0, x1, y0, y1);
        NeuronPictures.WriteGrid(grid, planeCells, pictureCells, x0, x1, y0, y1);
        ForwardTrace trace = network.Forward(grid);
        NeuronPictures? pictures = pictured ? NeuronPictures.From(trace, network, planeCells, pictureCells) : null;
        Matrix predicted = network.Unscale(trace.Output);   // as Predict gives it
        if (predicted.Rows < 3) return (new InputPlane(x0, x1, y0, y1, predicted.Row(0)[..planeCells].ToArray(), null), pictures);
        // Three or more classes: each cell's most likely class.
        int[] classes = [.. Enumerable.Range(0, planeCells).Select(cell => ClassLabels.ArgMax(predicted, cell))];
        return (new InputPlane(x0, x1, y0, y1, null, classes), pictures);
    }

    private static (double Low, double High) Span(ReadOnlySpan<double> values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values) (low, high) = (Math.Min(low, v), Math.Max(high, v));
        double pad = Math.Max(1e-9, 0.1 * (high - low));
        return (low - pad, high + pad);
    }

    /// <summary>Tell the training thread to stop, without waiting for it.</summary>
    public void Close()
    {
        if (_closing.IsCancellationRequested) return;
        _closing.Cancel();
        _wake.Release();
    }

    public void Dispose()
    {
        Close();
        _thread.Join(TimeSpan.FromSeconds(5));
        _closing.Dispose();
    }
}

/// <summary>What the page draws at one moment.</summary>
/// <param name="Sequence">Increases with every frame.</param>
/// <param name="Run">Increases with every reset: the trail and cost curve start again.</param>
/// <param name="Iteration">Steps taken.</param>
/// <param name="Cost">The training cost at the current weights.</param>
/// <param name="Rate">Iterations a second, smoothed.</param>
/// <param name="Outputs">The network's outputs over the samples, one array per output.</param>
/// <param name="Weights">Each layer's W⁽ⁿ⁾, row by row (null while a large network plays).</param>
/// <param name="Biases">Each layer's b⁽ⁿ⁾ (null with the weights).</param>
/// <param name="Plane">For two inputs, the first output over the input plane; else null.</param>
/// <param name="Inputs">The samples' inputs, one array per input.</param>
/// <param name="Targets">The samples' targets, one array per output (the green curve).</param>
/// <param name="Stopped">Why training stopped (it diverged), or null.</param>
/// <param name="Playing">Whether training runs.</param>
internal sealed record Frame(long Sequence, int Run, int Iteration, double Cost, double Rate, double[][] Outputs, double[][][]? Weights, double[][]? Biases, InputPlane? Plane, double[][] Inputs, double[][] Targets, string? Stopped, bool Playing)
{
    /// <summary>The cost over the held-out test samples, when some are held out.</summary>
    public double? TestCost { get; init; }

    /// <summary>The held-out samples' inputs and targets (drawn apart from the training samples), or null.</summary>
    public double[][]? TestInputs { get; init; }

    /// <inheritdoc cref="TestInputs"/>
    public double[][]? TestTargets { get; init; }

    /// <summary>
    /// For two inputs, each neuron's output over the input plane; null otherwise, and in frames between pictures while
    /// playing (<see cref="NeuronPictures.PerSecond"/>) or for a large network while it plays.
    /// </summary>
    public NeuronPictures? Pictures { get; init; }
}

/// <summary>The first output over a grid of the input plane.</summary>
/// <param name="X0">The left edge (input 1).</param>
/// <param name="X1">The right edge.</param>
/// <param name="Y0">The bottom edge (input 2).</param>
/// <param name="Y1">The top edge.</param>
/// <param name="Cells">The first output, row by row from the top, <see cref="Session.PlaneCells"/> a row; null with classes.</param>
/// <param name="Classes">For three or more outputs, each cell's most likely class (from 0), in the same order; else null.</param>
internal sealed record InputPlane(double X0, double X1, double Y0, double Y1, double[]? Cells, int[]? Classes);
