using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// One training run's state: the network, its passes over the data (whole set, batches, validation), the batch order
/// and the optimizer's state. Made once per run; steps allocate nothing.
/// </summary>
internal sealed class TrainingRun
{
    private readonly Network _network;
    private readonly DataSet _data;
    private readonly DataSet? _validation;
    private readonly bool _isClassifier;
    private readonly Backpropagation _whole;                 // all N samples: full-batch gradients, snapshots
    private Backpropagation? _batch, _shortBatch;            // B samples, and the N mod B of an epoch's last batch
    private readonly Backpropagation? _held;                 // the validation samples
    private int[] _order;                                    // this epoch's order of the samples
    private int _next;                                       // the first sample of the next batch, in _order
    private readonly NumpyRandom _random;
    private OptimizerState _optimizer;
    private Optimizer _optimizerKind;
    private double _weightDecay, _learningRate;
    private readonly int _threads;
    private readonly CancellationToken _cancellation;
    private readonly double[][] _θ;                          // W⁽¹⁾ … W⁽ᴸ⁾, b⁽¹⁾ … b⁽ᴸ⁾ of the network
    private Backpropagation _last;                           // the pass whose gradients the next step uses
    private int _lastStart;                                  // its samples: _order[_lastStart..] (a batch), or all of them
    private readonly LastBatch _objective;                   // the cost and gradients of _last's samples, at any θ

    public TrainingRun(Network network, DataSet data, DataSet? validation, NumpyRandom random, TrainingOptions options,
        CancellationToken cancellationToken = default)
    {
        _network = network;
        _data = data;
        _random = random;
        _threads = options.Threads;
        _cancellation = cancellationToken;
        _whole = _last = Backpropagation.For(network, data.Count, options.Threads, cancellationToken);   // a pass stops between tiles when asked
        _order = [];
        UseBatches(options.BatchSize);
        _validation = validation;
        if (validation is not null) _held = Backpropagation.For(network, validation.Count, options.Threads, cancellationToken);
        _isClassifier = network.Classes is not null;
        _θ = ParameterArrays(network.LayerArray);
        _optimizerKind = options.Optimizer;
        _optimizer = options.Optimizer.Start([.. _θ.Select(θ => θ.Length)], random, options);
        _objective = new LastBatch(this);
        _weightDecay = options.WeightDecay;
        _learningRate = options.LearningRate;
    }

    // Steps on batches of B samples (a fresh order each epoch, the first batch starting one), or on the whole set.
    private void UseBatches(int? batchSize)
    {
        int batch = batchSize ?? _data.Count;
        _batch = _shortBatch = null;
        _order = [];
        _last = _whole;
        if (batch >= _data.Count) return;
        _batch = Backpropagation.For(_network, batch, _threads, _cancellation);
        if (_data.Count % batch != 0) _shortBatch = Backpropagation.For(_network, _data.Count % batch, _threads, _cancellation);
        _order = new int[_data.Count];
        _next = _data.Count;   // the first batch starts an epoch
    }

    /// <summary>
    /// Go on with <paramref name="options"/>' optimizer, learning rate, weight decay and batch size from the next step:
    /// the same kind of optimizer keeps its state (moments, velocity, step count) and takes the new settings; another
    /// kind starts afresh; a new batch size starts a new epoch. Return whether the optimizer started afresh.
    /// </summary>
    public bool Retune(TrainingOptions options)
    {
        bool fresh = options.Optimizer.GetType() != _optimizerKind.GetType();
        if (fresh) _optimizer = options.Optimizer.Start([.. _θ.Select(θ => θ.Length)], _random, options);
        else _optimizer.Retune(options.Optimizer, options.LearningRate);
        _optimizerKind = options.Optimizer;
        _learningRate = options.LearningRate;
        _weightDecay = options.WeightDecay;
        if (options.BatchSize != (_batch is null ? null : _batch.SampleCount)) UseBatches(options.BatchSize);
        return fresh;
    }

    /// <summary>Why training stops when the cost after <paramref name="iterations"/> steps is not finite.</summary>
    public static string CostNotFinite(double cost, int iterations) => $"the cost became {cost} after {iterations} iterations";

    /// <summary>Why training stops when step <paramref name="iteration"/> (from 1) would make the weights non-finite (<see cref="TryStep"/> false).</summary>
    public string StepNotFinite(int iteration) =>
        $"iteration {iteration} would make the weights non-finite (is the learning rate {PlainNumber.Format(_learningRate)} too large?)";

    /// <summary>Whether steps are taken on mini-batches rather than the whole set.</summary>
    public bool UsesBatches => _batch is not null;

    /// <summary>a⁽ᴸ⁾ over the whole training set at the weights of the last pass over it that captured outputs.</summary>
    public Matrix Outputs => _whole.Output;

    /// <summary>Compute the cost and every Jacobian at the current weights, on the whole set or the next batch; return the cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double ComputeGradients(bool captureOutputs = false)
    {
        if (_batch is null) return (_last = _whole).Compute(_network, _data, captureOutputs);
        if (_next >= _order.Length)   // a new epoch: a fresh order, as np.random.permutation(N)
        {
            _random.Permutation(_order);
            _next = 0;
        }
        int count = Math.Min(_batch.SampleCount, _order.Length - _next);
        _last = count == _batch.SampleCount ? _batch : _shortBatch!;
        _lastStart = _next;
        _next += count;
        return ComputeLast();
    }

    // The cost and gradients of the last pass's samples at the current weights.
    private double ComputeLast() => _last == _whole
        ? _whole.Compute(_network, _data)
        : _last.Compute(_network, _data, _order.AsSpan(_lastStart, _last.SampleCount));

    /// <summary>Return the whole training set's cost at the current weights, keeping its outputs; the next step is unaffected.</summary>
    public double ComputeTrainingCost() => _whole.Compute(_network, _data, captureOutputs: true);

    /// <summary>Return the validation cost, and the accuracy for a classifier, at the current weights; nulls without validation data.</summary>
    public (double? Cost, double? Accuracy) Validate()
    {
        if (_held is null || _validation is null) return (null, null);
        double cost = _held.Compute(_network, _validation, captureOutputs: true);
        return (cost, _isClassifier ? Accuracy(_held.Output, _validation.Targets) : null);
    }

    /// <summary>Add weight decay to the last gradients and take one step; return whether it was taken (false: it would not be finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryStep()
    {
        AddWeightDecay();
        if (!_optimizer.TryStep(_θ, _last.GradientArrays, _objective)) return false;
        _network.RoundToPrecision();   // a float32 network's weights stay float32 values, as PyTorch's float32 parameters
        return true;
    }

    private void AddWeightDecay()
    {
        if (_weightDecay == 0) return;
        double[][] g = _last.GradientArrays;
        for (int k = 0; k < g.Length; k++)
        {
            double[] gk = g[k], θk = _θ[k];
            for (int i = 0; i < gk.Length; i++) gk[i] += _weightDecay * θk[i];   // g ← g + λθ
        }
    }

    // The objective a step is given: the last batch's cost (weight decay's gradient included) at whatever θ holds.
    private sealed class LastBatch(TrainingRun run) : Objective
    {
        public override double Evaluate()
        {
            double cost = run.ComputeLast();
            run.AddWeightDecay();
            return cost;
        }
    }

    /// <summary>Whether every output of every training sample is saturated (σ' or tanh' below 1e-6, relu 0) and some sit at the wrong extreme.</summary>
    public bool OutputsSaturatedWrongly()
    {
        Activation f = _network.OutputActivation;
        if (f == Activation.Identity || f == Activation.Softmax) return false;
        Matrix a = Outputs, y = _data.Targets;
        bool someWrong = false;
        for (int j = 0; j < a.Rows; j++)
            for (int s = 0; s < a.Columns; s++)
            {
                double value = a[j, s];
                bool saturated = f == Activation.Relu ? value == 0 : f.DerivativeFromValue(value) < 1e-6;
                if (!saturated) return false;
                someWrong |= Math.Abs(value - y[j, s]) >= 0.5;
            }
        return someWrong;
    }

    /// <summary>
    /// Why a training cost of <paramref name="cost"/> shows the network learned nothing from the inputs: it is within a
    /// thousandth of the cost of the best constant prediction, and its outputs are alike for every sample (null otherwise). That constant is the targets' mean for
    /// every sample: with cross-entropy its cost is the entropy of the class frequencies (binary, output by output,
    /// with a logistic output), with the squared loss the targets' variance summed over the outputs.
    /// </summary>
    public string? NoBetterThanAConstant(double cost)
    {
        Matrix y = _data.Targets;
        int n = y.Columns;
        if (n < 2) return null;
        bool crossEntropy = _network.Loss == Loss.CrossEntropy, softmax = _network.OutputActivation == Activation.Softmax;
        double baseline = 0;
        for (int j = 0; j < y.Rows; j++)
        {
            double mean = 0;
            for (int s = 0; s < n; s++) mean += y[j, s];
            mean /= n;
            if (crossEntropy)
                baseline += softmax ? EntropyTerm(mean) : EntropyTerm(mean) + EntropyTerm(1 - mean);
            else
                for (int s = 0; s < n; s++) baseline += (y[j, s] - mean) * (y[j, s] - mean) / n;
        }
        // Constant targets leave nothing to learn; a cost well away from the baseline (below: learned; above: a short or
        // unsteady run, which the other checks judge) is not the constant prediction's; nor is that of outputs that still
        // tell the samples apart (a run that has only begun can pass the baseline's cost on its way down).
        if (!(baseline > 1e-12) || Math.Abs(cost - baseline) > baseline * 1e-3 || !OutputsAlike()) return null;
        string number(double x) => PlainNumber.Format(x, "G4");
        return crossEntropy
            ? $"the cost {number(cost)} is that of predicting the class frequencies for every sample (their entropy, {number(baseline)}): the network learned nothing from the inputs"
            : $"the cost {number(cost)} is that of predicting the targets' mean for every sample (their variance, {number(baseline)}): the network learned nothing from the inputs";

        static double EntropyTerm(double p) => p > 0 ? -p * Math.Log(p) : 0;
    }

    // Whether the last snapshot's outputs are the same for every sample, to within a thousandth of the targets' spread:
    // Σⱼ var(aⱼ) ≤ 10⁻³ Σⱼ var(yⱼ) over the training samples.
    private bool OutputsAlike()
    {
        Matrix a = Outputs, y = _data.Targets;
        static double Variance(ReadOnlySpan<double> row)
        {
            double mean = 0, squares = 0;
            foreach (double v in row) mean += v;
            mean /= row.Length;
            foreach (double v in row) squares += (v - mean) * (v - mean);
            return squares / row.Length;
        }
        double outputs = 0, targets = 0;
        for (int j = 0; j < y.Rows; j++) (outputs, targets) = (outputs + Variance(a.Row(j)), targets + Variance(y.Row(j)));
        return outputs <= 1e-3 * targets;
    }

    /// <summary>The fraction of samples whose largest output is at the index of their largest target.</summary>
    public static double Accuracy(Matrix outputs, Matrix targets)
    {
        int correct = 0;
        for (int s = 0; s < outputs.Columns; s++)
            if (ClassLabels.ArgMax(outputs, s) == ClassLabels.ArgMax(targets, s)) correct++;
        return (double)correct / outputs.Columns;
    }

    /// <summary>The parameter arrays of layers in the worksheet's order of Jacobians: W⁽¹⁾ … W⁽ᴸ⁾, then b⁽¹⁾ … b⁽ᴸ⁾.</summary>
    public static double[][] ParameterArrays(Layer[] layers) =>
        [.. layers.Select(layer => layer.Weights.Values), .. layers.Select(layer => layer.Biases)];
}
