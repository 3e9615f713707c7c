namespace Backprop.Tests;

/// <summary>
/// The optimizer contract leaves room for a line search: a step may evaluate the cost and gradient of its batch again
/// at trial points through the <see cref="Objective"/> it is given, and the trainer's loop is the same. Proved by a
/// backtracking (Armijo) steepest descent written here, outside the library.
/// </summary>
public sealed class LineSearchContractTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(16)]
    public void BacktrackingSteepestDescent_LowersItsBatchsCostEveryStep_WhereAPlainStepOfTheSameSizeDiverges(int? batch)
    {
        DataSet data = HeartData.Create(64);
        var options = new TrainingOptions { LearningRate = 1e4, Iterations = 30, BatchSize = batch, SnapshotEvery = 1 };

        // A plain step of 10⁴ leaves the worksheet's network nowhere good
        TrainingResult plain = Trainer.Train(Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1)), data, new NumpyRandom(1),
            options with { Optimizer = new Sgd { Noise = 0 } });
        Assert.NotEqual(TrainingOutcome.Completed, plain.Outcome);

        // while backtracking from it, through the objective, lowers the cost of every batch it steps on
        var backtracking = new Backtracking();
        Network network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        double start = network.Cost(data);
        TrainingResult result = Trainer.Train(network, data, new NumpyRandom(1), options with { Optimizer = backtracking });

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(30, backtracking.Steps.Count);
        Assert.All(backtracking.Steps, step => Assert.True(step.After < step.Before, $"{step.After} not below {step.Before}"));
        Assert.Contains(backtracking.Steps, step => step.Trials > 1);   // it did search
        Assert.True(network.Cost(data) < start);
    }

    [Fact]
    public void TheObjective_IsTheBatchsCostAndGradient_AtTheParametersItIsGivenNow()
    {
        // Given one step on the whole set, that evaluates at θ − 0.1·g and compares with the network's own figures there
        DataSet data = HeartData.Create(20);
        Network network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(2));
        Network expected = network.Clone();
        var probe = new Probe();

        Trainer.Train(network, data, new NumpyRandom(1), new TrainingOptions { Optimizer = probe, Iterations = 1, LearningRate = 0.1, WeightDecay = 0.01 });

        // Then the objective returned the cost there and wrote its gradient (with the weight decay λθ added)
        Gradients start = expected.Backpropagate(data);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            Matrix w = expected.Layers[l].Weights;
            for (int i = 0; i < w.Rows; i++)
                for (int j = 0; j < w.Columns; j++)
                    w[i, j] -= 0.1 * (start.Layers[l].Weights[i, j] + 0.01 * w[i, j]);
            for (int i = 0; i < expected.Layers[l].Biases.Length; i++)
                expected.Layers[l].Biases[i] -= 0.1 * (start.Layers[l].Biases[i] + 0.01 * expected.Layers[l].Biases[i]);
        }
        Gradients there = expected.Backpropagate(data);
        Assert.Equal(expected.Cost(data), probe.Cost, 12);
        double[] g0 = probe.Gradient[0];
        Matrix w0 = expected.Layers[0].Weights;
        for (int i = 0; i < g0.Length; i++)
            Assert.Equal(there.Layers[0].Weights.Values[i] + 0.01 * w0.Values[i], g0[i], 12);
    }

    // Armijo backtracking: from t = η, halve t until C(θ − t·g) ≤ C(θ) − 10⁻⁴·t·‖g‖², evaluating through the objective.
    private sealed record Backtracking() : WithoutSettings("backtracking")
    {
        public List<(double Before, double After, int Trials)> Steps { get; } = [];
        internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
            new State(this, parameterLengths, options.LearningRate);

        private sealed class State(Backtracking owner, IReadOnlyList<int> lengths, double η) : OptimizerState
        {
            public override void Retune(Optimizer optimizer, double learningRate) => η = learningRate;

            private readonly double[][] _start = [.. lengths.Select(n => new double[n])], _g = [.. lengths.Select(n => new double[n])];

            public override bool TryStep(double[][] θ, double[][] g, Objective objective)
            {
                for (int k = 0; k < θ.Length; k++)
                {
                    θ[k].CopyTo(_start[k], 0);
                    g[k].CopyTo(_g[k], 0);
                }
                double before = objective.Evaluate();   // at θ: the cost of this batch (g is written again, the same)
                double squared = _g.Sum(gk => gk.Sum(x => x * x));
                double t = η;
                for (int trial = 1; trial <= 60; trial++, t /= 2)
                {
                    for (int k = 0; k < θ.Length; k++)
                        for (int i = 0; i < θ[k].Length; i++) θ[k][i] = _start[k][i] - t * _g[k][i];
                    double after = objective.Evaluate();
                    if (after <= before - 1e-4 * t * squared)
                    {
                        owner.Steps.Add((before, after, trial));
                        return true;
                    }
                }
                for (int k = 0; k < θ.Length; k++) _start[k].CopyTo(θ[k], 0);
                return false;
            }
        }
    }

    // One step to θ − η·g that evaluates the objective there and keeps what it returned and wrote.
    private sealed record Probe() : WithoutSettings("probe")
    {
        public double Cost { get; private set; }
        public double[][] Gradient { get; private set; } = [];
        internal override OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options) =>
            new State(this, options.LearningRate);

        private sealed class State(Probe owner, double η) : OptimizerState
        {
            public override void Retune(Optimizer optimizer, double learningRate) => η = learningRate;

            public override bool TryStep(double[][] θ, double[][] g, Objective objective)
            {
                for (int k = 0; k < θ.Length; k++)
                    for (int i = 0; i < θ[k].Length; i++) θ[k][i] -= η * g[k][i];
                owner.Cost = objective.Evaluate();
                owner.Gradient = [.. g.Select(gk => (double[])gk.Clone())];
                return true;
            }
        }
    }

    // An optimizer of these tests: a name, no settings of its own.
    private abstract record WithoutSettings(string OwnName) : Optimizer
    {
        public override string Name => OwnName;
        public override string Description => $"{OwnName}, for a test";
        public override double DefaultLearningRate => 1;
        public override IReadOnlyList<Setting> Settings => [];
        public override double ValueOf(Setting setting) => throw new ArgumentException("no settings", nameof(setting));
        public override Optimizer With(Setting setting, double value) => throw new ArgumentException("no settings", nameof(setting));
    }
}
