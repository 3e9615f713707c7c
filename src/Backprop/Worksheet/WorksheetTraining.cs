namespace Backprop;

/// <summary>
/// The worksheet's training loop, <c>plot_training</c> without its drawing, run on a learner's own Jacobian functions:
/// the loop the notebook runs "using the Jacobians you have calculated".
/// </summary>
/// <remarks>
/// <para>Each iteration calls the six functions at the notebook's current weights, J_W1, J_W2, J_W3, J_b1, J_b2, J_b3 in
/// that order, multiplies each by its own factor (1 + randn() · noise), drawn from <c>random</c> right after the call,
/// and then steps every parameter: W ← W − J_W · aggression, b ← b − J_b · aggression. The loop runs while
/// iterations ≥ 0, counting down, so it takes iterations + 1 steps, as the worksheet's does; after a step that leaves a
/// multiple of <see cref="WorksheetTrainingOptions.LogEvery"/> iterations it reports the cost and the outputs (the
/// worksheet's <c>Iter: … ; Cost: …</c> line and magenta curve).</para>
/// <para>With the library's own Jacobians (<see cref="WorksheetJacobians.Backpropagation"/>) this is
/// <see cref="SteepestDescent.Train"/> with the same options, step for step; with a learner's it is the assignment.</para>
/// </remarks>
public static class WorksheetTraining
{
    /// <summary>Train the notebook's network in place with its own Jacobian functions; return what the run did.</summary>
    /// <param name="notebook">The learner's parameters and Jacobian functions.</param>
    /// <param name="data">x (1 × N) and y (2 × N).</param>
    /// <param name="random">The generator of the noise factors: the one that drew the weights, as numpy's global one is.</param>
    /// <param name="options">Iterations, aggression, noise and how often to report.</param>
    /// <param name="onLog">Called after each reported step.</param>
    /// <param name="cancellationToken">Stops the run after the step under way; the result says how many were taken.</param>
    /// <exception cref="WorksheetJacobianException">A function returned a matrix not shaped as its parameter, or threw.</exception>
    public static WorksheetTrainingResult Train(WorksheetNotebook notebook, DataSet data, NumpyRandom random, WorksheetTrainingOptions options,
        Action<WorksheetLogLine>? onLog = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        WorksheetParameters start = notebook.Parameters;
        start.CheckShapes();
        var costs = new WorksheetCost(start, data);
        var history = new CostHistory();
        history.Add(0, costs.Of(start));
        WorksheetJacobians J = notebook.Jacobians;
        int steps = 0;
        for (int iterations = options.Iterations; iterations >= 0 && !cancellationToken.IsCancellationRequested; iterations--)
        {
            WorksheetParameters p = notebook.Parameters;
            Matrix jW1 = Noisy(J.W1, "W1", p.W1), jW2 = Noisy(J.W2, "W2", p.W2), jW3 = Noisy(J.W3, "W3", p.W3);
            Matrix jb1 = Noisy(J.B1, "b1", p.B1), jb2 = Noisy(J.B2, "b2", p.B2), jb3 = Noisy(J.B3, "b3", p.B3);
            double η = options.Aggression;
            p = new WorksheetParameters(p.W1 - jW1 * η, p.W2 - jW2 * η, p.W3 - jW3 * η, p.B1 - jb1 * η, p.B2 - jb2 * η, p.B3 - jb3 * η);
            notebook.Parameters = p;
            steps++;
            double cost = costs.Of(p);
            history.Add(steps, cost);
            if (iterations % options.LogEvery == 0) onLog?.Invoke(new WorksheetLogLine(iterations, steps, cost, costs.Outputs.Clone()));
        }
        return new WorksheetTrainingResult(steps, history[^1].Cost, history);

        // J(x, y) · (1 + randn() · noise), the draw right after the call, as the worksheet's line does them
        Matrix Noisy(JacobianFunction function, string parameterName, Matrix parameter)
        {
            string name = $"J_{parameterName}";
            Matrix jacobian;
            try
            {
                jacobian = function(data.Inputs, data.Targets);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new WorksheetJacobianException(name, $"{name} failed: {e.Message}", e);
            }
            if (jacobian is null || jacobian.Rows != parameter.Rows || jacobian.Columns != parameter.Columns)
                throw new WorksheetJacobianException(name, $"training cannot step {parameterName} ({parameter.Shape}) with {name}, which returns a {jacobian?.Shape ?? "null"} matrix");
            return jacobian * (1 + random.NextGaussian() * options.Noise);
        }
    }
}

/// <summary>How the worksheet's loop runs: <c>plot_training(x, y, iterations, aggression, noise)</c>, whose defaults these are.</summary>
public sealed record WorksheetTrainingOptions
{
    /// <summary>The loop's count, which it runs down to 0: iterations + 1 steps (the worksheet's cell says 50,000).</summary>
    public int Iterations { get; init; } = 10_000;

    /// <summary>The step size η ("aggression"; the worksheet's cell says 5).</summary>
    public double Aggression { get; init; } = 3.5;

    /// <summary>The spread of each Jacobian's factor 1 + randn() · noise (the worksheet's cell says 0.8).</summary>
    public double Noise { get; init; } = 1;

    /// <summary>Report the cost (and draw a curve) after each step that leaves a multiple of this many iterations.</summary>
    public int LogEvery { get; init; } = 1000;

    /// <summary>Throw when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Iterations below 0, a non-finite aggression or noise, or LogEvery below 1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Iterations, nameof(Iterations));
        if (!double.IsFinite(Aggression)) throw new ArgumentOutOfRangeException(nameof(Aggression), Aggression, "the aggression must be a finite number");
        if (!double.IsFinite(Noise)) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "the noise must be a finite number");
        ArgumentOutOfRangeException.ThrowIfLessThan(LogEvery, 1, nameof(LogEvery));
    }
}

/// <summary>One reported step: the worksheet's <c>Iter: 49000 ; Cost: 0.0123</c>, and the outputs it draws.</summary>
/// <param name="Remaining">The loop's count after the step (the worksheet's "Iter").</param>
/// <param name="Step">How many steps have been taken, 1 for the first.</param>
/// <param name="Cost">C after the step.</param>
/// <param name="Outputs">a⁽³⁾ after the step, 2 × N: the curve drawn.</param>
public sealed record WorksheetLogLine(int Remaining, int Step, double Cost, Matrix Outputs);

/// <summary>What a run of the worksheet's loop did.</summary>
/// <param name="Steps">Steps taken (iterations + 1 for a whole run).</param>
/// <param name="FinalCost">C after the last step.</param>
/// <param name="CostHistory">C before the first step (step 0) and after each one.</param>
public sealed record WorksheetTrainingResult(int Steps, double FinalCost, CostHistory CostHistory);

/// <summary>A learner's Jacobian function that cannot be used: it threw, or its matrix is not shaped as its parameter.</summary>
public sealed class WorksheetJacobianException : Exception
{
    /// <summary>Create the exception for the function <paramref name="function"/>.</summary>
    public WorksheetJacobianException(string function, string message, Exception? inner = null) : base(message, inner) => Function = function;

    /// <summary>The function's name, J_W3 …</summary>
    public string Function { get; }
}

// The cost at given parameters and the outputs with it, by the library's own pass (the learner's code is not trusted
// with the reported cost): one network and one pass, refilled each time, so the loop allocates little beside the learner's.
internal sealed class WorksheetCost
{
    private readonly Network _network;
    private readonly Backpropagation<double> _pass;
    private readonly DataSet _data;

    public WorksheetCost(WorksheetParameters shape, DataSet data)
    {
        _network = shape.ToNetwork();
        _network.CheckData(data);
        _pass = new Backpropagation<double>(_network, data.Count);
        _data = data;
    }

    public Matrix Outputs => _pass.Output;

    public double Of(WorksheetParameters p)
    {
        (Matrix W, Matrix b)[] parameters = [(p.W1, p.B1), (p.W2, p.B2), (p.W3, p.B3)];
        for (int n = 0; n < 3; n++)
        {
            _network.Layers[n].Weights.CopyFrom(parameters[n].W);
            parameters[n].b.AsSpan().CopyTo(_network.Layers[n].Biases);
        }
        return _pass.Compute(_network, _data, captureOutputs: true);
    }
}
