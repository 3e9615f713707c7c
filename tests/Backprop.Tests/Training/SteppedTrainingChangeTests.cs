namespace Backprop.Tests;

/// <summary>Changing how a running training steps (the playground's controls) goes on from where it is.</summary>
public class SteppedTrainingChangeTests
{
    private static readonly DataSet Data = HeartData.Create(40);

    [Theory]
    [InlineData(0.8, null, null)]
    [InlineData(0.0, 8, null)]
    [InlineData(0.5, null, 12)]
    public void Sgd_ChangedMidRun_IsTheRunTheNewSettingsWouldTakeFromThere(double noise, int? batchBefore, int? batchAfter)
    {
        // Given 30 steps at η = 5, then η = 2 with weight decay (and another batch size) for 40 more
        var before = new TrainingOptions { LearningRate = 5, Optimizer = new Sgd { Noise = noise }, BatchSize = batchBefore };
        var after = new TrainingOptions { LearningRate = 2, WeightDecay = 0.001, Optimizer = new Sgd { Noise = noise / 2 }, BatchSize = batchAfter };
        Network changed = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        var training = new SteppedTraining(changed, Data, new NumpyRandom(3), before);
        training.Step(30);
        bool fresh = training.Change(after);
        training.Step(40);

        // Then it is the first 30 steps, then a new training from those weights with the same generator: plain SGD
        // keeps nothing between steps but the draws, and a new batch size starts a new epoch
        Network reference = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        var random = new NumpyRandom(3);
        new SteppedTraining(reference, Data, random, before).Step(30);
        new SteppedTraining(reference, Data, random, after).Step(40);
        Assert.False(fresh);
        Assert.Equal(70, training.Iteration);
        Assert.Equal(ModelFile.Serialize(reference), ModelFile.Serialize(changed));
    }

    [Fact]
    public void Adam_WithANewLearningRateAndBetas_KeepsItsMomentsAndStepCount()
    {
        // Given Adam for 20 steps at η = 0.01, then η = 0.003 and β₁ = 0.8 for 20 more
        Network changed = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        var training = new SteppedTraining(changed, Data, new NumpyRandom(3), new TrainingOptions { LearningRate = 0.01, Optimizer = new Adam() });
        training.Step(20);
        Assert.False(training.Change(new TrainingOptions { LearningRate = 0.003, Optimizer = new Adam { Beta1 = 0.8 } }));
        training.Step(20);

        // Then the weights are Adam's by its formula (PyTorch's) with the moments carried across the change
        Network reference = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        double[][] θ = [.. reference.Layers.Select(l => l.Weights.Values), .. reference.Layers.Select(l => l.Biases)];
        double[][] m = [.. θ.Select(p => new double[p.Length])], v = [.. θ.Select(p => new double[p.Length])];
        for (int t = 1; t <= 40; t++)
        {
            (double η, double β1, double β2, double ε) = t <= 20 ? (0.01, 0.9, 0.999, 1e-8) : (0.003, 0.8, 0.999, 1e-8);
            Gradients g = reference.Backpropagate(Data);
            double[][] grad = [.. g.Layers.Select(l => l.Weights.Values), .. g.Layers.Select(l => l.Biases)];
            for (int k = 0; k < θ.Length; k++)
                for (int i = 0; i < θ[k].Length; i++)
                {
                    m[k][i] = β1 * m[k][i] + (1 - β1) * grad[k][i];
                    v[k][i] = β2 * v[k][i] + (1 - β2) * grad[k][i] * grad[k][i];
                    double mHat = m[k][i] / (1 - Math.Pow(β1, t)), vHat = v[k][i] / (1 - Math.Pow(β2, t));
                    θ[k][i] -= η * mHat / (Math.Sqrt(vHat) + ε);
                }
        }
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(reference.Layers[l].Weights.AsSpan().ToArray(), changed.Layers[l].Weights.AsSpan().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
            Assert.Equal(reference.Layers[l].Biases, changed.Layers[l].Biases, (a, b) => Math.Abs(a - b) < 1e-12);
        }
    }

    [Fact]
    public void AnotherOptimizer_StartsAfresh_FromTheWeightsReached()
    {
        Network changed = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        var training = new SteppedTraining(changed, Data, new NumpyRandom(3), new TrainingOptions { LearningRate = 0.01, Optimizer = new Adam() });
        training.Step(15);
        var momentum = new TrainingOptions { LearningRate = 0.5, Optimizer = new SgdWithMomentum { Momentum = 0.8 } };
        Assert.True(training.Change(momentum));
        training.Step(15);

        Network reference = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        var random = new NumpyRandom(3);
        new SteppedTraining(reference, Data, random, new TrainingOptions { LearningRate = 0.01, Optimizer = new Adam() }).Step(15);
        new SteppedTraining(reference, Data, random, momentum).Step(15);
        Assert.Equal(ModelFile.Serialize(reference), ModelFile.Serialize(changed));
        Assert.Equal(30, training.Iteration);
    }
}
