namespace Backprop.Tests;

public class SteepestDescentTests
{
    private static readonly TrainingOptions Worksheet = new() { Iterations = 50_000, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } };

    [Fact]
    public void Train_HeartWithWorksheetSettings_LowersCostBelow0002()
    {
        var random = new NumpyRandom(1);
        var network = Network.CreateRandom([1, 6, 7, 2], random);
        DataSet data = HeartData.Create();

        TrainingResult result = SteepestDescent.Train(network, data, random, Worksheet);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.FinalCost < 0.002, $"final cost {result.FinalCost}");
        Assert.Equal(network.Cost(data), result.FinalCost);
        Assert.True(result.FinalCost < result.CostHistory[0].Cost / 10);
    }

    [Fact]
    public void Train_TwoThreads_IsBitIdenticalRunToRun_AndAgreesWithOneThread()
    {
        // 300 samples make 5 tiles, split 2 + 3 between the threads.
        DataSet data = HeartData.Create(300);
        string TrainWith(int threads)
        {
            var random = new NumpyRandom(2);
            var network = Network.CreateRandom([1, 9, 11, 2], random);
            SteepestDescent.Train(network, data, random, new TrainingOptions { Iterations = 30, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 }, Threads = threads });
            return ModelFile.Serialize(network);
        }

        string two = TrainWith(2);
        Assert.Equal(two, TrainWith(2));
        Support.Assertions.Close(ModelFile.Parse(TrainWith(1)), ModelFile.Parse(two), 1e-12, "one thread vs two");
    }

    [Fact]
    public void Backpropagate_ManyTiles_AgreesWithFiniteDifferences()
    {
        // The fixtures' wide case has 100 samples (two tiles); here 1000 samples (16 tiles) against finite differences.
        var network = Network.CreateRandom([1, 5, 3, 2], new NumpyRandom(9));
        Assert.True(GradientCheck.Run(network, HeartData.Create(1000)).MaxError <= 1e-6);
    }

    [Fact]
    public void Train_Twice_ContinuesFromTheCurrentWeights()
    {
        DataSet data = HeartData.Create(30);
        var randomA = new NumpyRandom(4);
        var once = Network.CreateRandom([1, 6, 7, 2], randomA);
        SteepestDescent.Train(once, data, randomA, new TrainingOptions { Iterations = 60, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });
        var randomB = new NumpyRandom(4);
        var twice = Network.CreateRandom([1, 6, 7, 2], randomB);
        SteepestDescent.Train(twice, data, randomB, new TrainingOptions { Iterations = 25, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });
        SteepestDescent.Train(twice, data, randomB, new TrainingOptions { Iterations = 35, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });

        Assert.Equal(ModelFile.Serialize(once), ModelFile.Serialize(twice));
    }

    [Fact]
    public void Train_TakesExactlyTheRequestedSteps_AndRecordsEveryCost()
    {
        var random = new NumpyRandom(1);
        var network = Network.CreateRandom([1, 3, 2], random);
        DataSet data = HeartData.Create(10);
        Network start = network.Clone();

        TrainingResult result = SteepestDescent.Train(network, data, random, new TrainingOptions { Iterations = 7, Optimizer = new Sgd { Noise = 0 } });

        Assert.Equal(7, result.Iterations);
        Assert.Equal(Enumerable.Range(0, 8), result.CostHistory.Select(point => point.Iteration));
        Assert.Equal(start.Cost(data), result.CostHistory[0].Cost);
        // By hand, one step at a time with the library's own gradient: θ ← θ − η·∂C/∂θ.
        for (int step = 1; step <= 7; step++)
        {
            Gradients g = start.Backpropagate(data);
            for (int l = 0; l < start.Layers.Count; l++)
            {
                Span<double> W = start.Layers[l].Weights.AsSpan(), J = g.Layers[l].Weights.AsSpan();
                for (int i = 0; i < W.Length; i++) W[i] -= J[i] * 3.5;
                for (int i = 0; i < start.Layers[l].Biases.Length; i++) start.Layers[l].Biases[i] -= g.Layers[l].Biases[i] * 3.5;
            }
            Assert.Equal(start.Cost(data), result.CostHistory[step].Cost);
        }
        Assert.Equal(ModelFile.Serialize(start), ModelFile.Serialize(network));
    }

    [Fact]
    public void Train_Snapshots_ComeFirstEveryKAndLast()
    {
        var random = new NumpyRandom(1);
        var network = Network.CreateRandom([1, 6, 7, 2], random);
        DataSet data = HeartData.Create(12);
        var seen = new List<(int Iteration, double Cost, int Columns)>();

        TrainingResult result = SteepestDescent.Train(network, data, random, new TrainingOptions { Iterations = 25, SnapshotEvery = 10 },
            s => seen.Add((s.Iteration, s.Cost, s.Outputs.Columns)));

        Assert.Equal([0, 10, 20, 25], seen.Select(s => s.Iteration));
        Assert.All(seen, s => Assert.Equal(result.CostHistory[s.Iteration].Cost, s.Cost));
        Assert.All(seen, s => Assert.Equal(12, s.Columns));
    }

    [Fact]
    public void Train_StepThatWouldOverflow_StopsBeforeItAndKeepsTheWeights()
    {
        // By hand: W = 0.001, x = 1000, y = 0 give z = 1, a = σ(1) ≈ 0.73 and ∂C/∂W = 2·a·σ'(1)·x ≈ 288,
        // so a learning rate of 1e308 would step W to −∞.
        var network = new Network([new Layer(Matrix.FromRows([[0.001]]), [0.0])]);
        Network before = network.Clone();
        var inputs = new Matrix(1, 4);
        inputs.AsSpan().Fill(1000);
        var data = new DataSet(inputs, new Matrix(1, 4));

        TrainingResult result = SteepestDescent.Train(network, data, new NumpyRandom(1), new TrainingOptions { Iterations = 100, LearningRate = 1e308, Optimizer = new Sgd { Noise = 0 } });

        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Equal(0, result.Iterations);
        Assert.Contains("iteration 1 would make the weights non-finite", result.StopReason);
        Assert.Equal(ModelFile.Serialize(before), ModelFile.Serialize(network));
        Assert.Equal(network.Cost(data), result.FinalCost);
    }

    [Fact]
    public void Train_StepThatWouldOverflowInAWideLayer_StopsBeforeIt()
    {
        // Eight weights, so the check runs on a whole vector: W = 1e-5 and x = 1e5 give z = 8, and
        // ∂C/∂W = 2·σ(8)·σ'(8)·1e5 ≈ 67 per weight, which a learning rate of 1e308 overflows.
        var weights = new Matrix(1, 8);
        weights.AsSpan().Fill(1e-5);
        var network = new Network([new Layer(weights, [0.0])]);
        var inputs = new Matrix(8, 3);
        inputs.AsSpan().Fill(1e5);
        var data = new DataSet(inputs, new Matrix(1, 3));

        TrainingResult result = SteepestDescent.Train(network, data, new NumpyRandom(1), new TrainingOptions { LearningRate = 1e308, Optimizer = new Sgd { Noise = 0 } });

        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Equal(0, result.Iterations);
        Assert.All(network.Layers[0].Weights.AsSpan().ToArray(), w => Assert.Equal(1e-5, w));
    }

    [Fact]
    public void Train_CostNotFinite_StopsAndSaysWhen()
    {
        // A target of 1e200 is finite, but (a − 1e200)² overflows: the cost is +∞ before the first step.
        var network = Network.CreateRandom([1, 3, 1], new NumpyRandom(1));
        Network before = network.Clone();
        var targets = new Matrix(1, 2);
        targets.AsSpan().Fill(1e200);
        var data = new DataSet(new Matrix(1, 2), targets);

        TrainingResult result = SteepestDescent.Train(network, data, new NumpyRandom(1), new TrainingOptions { Iterations = 5 });

        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.Equal(0, result.Iterations);
        Assert.Equal($"the cost became {double.PositiveInfinity} after 0 iterations", result.StopReason);
        Assert.Equal(ModelFile.Serialize(before), ModelFile.Serialize(network));
    }

    [Fact]
    public void Train_Cancelled_StopsAfterTheStepInProgress()
    {
        var random = new NumpyRandom(1);
        var network = Network.CreateRandom([1, 6, 7, 2], random);
        DataSet data = HeartData.Create(20);
        using var cancel = new CancellationTokenSource();

        TrainingResult result = SteepestDescent.Train(network, data, random, new TrainingOptions { Iterations = 1000, SnapshotEvery = 1 },
            s => { if (s.Iteration == 17) cancel.Cancel(); }, cancel.Token);

        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(17, result.Iterations);
        Assert.Equal(network.Cost(data), result.FinalCost);
    }

    [Theory]
    [InlineData(-1, 1.0, 1.0, 1, "Iterations")]
    [InlineData(10, double.NaN, 1.0, 1, "learning-rate")]
    [InlineData(10, -1.0, 1.0, 1, "learning-rate")]
    [InlineData(10, 1.0, double.PositiveInfinity, 1, "noise")]
    [InlineData(10, 1.0, 1.0, 0, "SnapshotEvery")]
    public void Train_BadOption_ThrowsNamingIt(int iterations, double learningRate, double noise, int every, string name)
    {
        var random = new NumpyRandom(1);
        var network = Network.CreateRandom([1, 2], random);
        var options = new TrainingOptions { Iterations = iterations, LearningRate = learningRate, Optimizer = new Sgd { Noise = noise }, SnapshotEvery = every };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SteepestDescent.Train(network, new DataSet(new Matrix(1, 3), new Matrix(2, 3)), random, options));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void Train_DataOfWrongSize_ThrowsNamingTheSizes()
    {
        var random = new NumpyRandom(1);
        var network = Network.CreateRandom([1, 6, 7, 2], random);
        var e = Assert.Throws<ArgumentException>(() =>
            SteepestDescent.Train(network, new DataSet(new Matrix(1, 5), new Matrix(3, 5)), random, new TrainingOptions()));
        Assert.Contains("3 targets", e.Message);
    }
}
