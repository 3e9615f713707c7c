namespace Backprop.Tests;

/// <summary>Training a step at a time leaves the weights a whole run leaves, whatever the chunks.</summary>
public class SteppedTrainingTests
{
    [Theory]
    [InlineData("sgd", null)]
    [InlineData("adam", 16)]
    [InlineData("momentum", null)]
    public void StepsInChunks_LeaveTheWeightsOfOneRun(string optimizer, int? batch)
    {
        TrainingOptions Options(int iterations) => new()
        {
            Iterations = iterations,
            LearningRate = optimizer == "sgd" ? 5 : 0.01,
            Optimizer = optimizer switch { "adam" => new Adam(), "momentum" => new SgdWithMomentum(), _ => new Sgd { Noise = 0.8 } },
            BatchSize = batch,
        };
        DataSet data = HeartData.Create(100);
        Network whole = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        Trainer.Train(whole, data, new NumpyRandom(7), Options(300));

        Network stepped = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        var training = new SteppedTraining(stepped, data, new NumpyRandom(7), Options(0));
        foreach (int chunk in new[] { 1, 0, 17, 100, 182 }) Assert.Equal(chunk, training.Step(chunk));

        Assert.Equal(300, training.Iteration);
        Assert.Equal(ModelFile.Serialize(whole), ModelFile.Serialize(stepped));
        Assert.Equal(Trainer.Train(whole.Clone(), data, new NumpyRandom(1), Options(0)).FinalCost, training.Evaluate().Cost);
    }

    [Fact]
    public void StepThatWouldOverflow_IsNotTaken_AndSaysWhy()
    {
        var data = new DataSet(Matrix.FromRows([[1000.0, 1000]]), Matrix.FromRows([[0.0, 0]]));
        var network = new Network([new Layer(Matrix.FromRows([[0.001]]), [0.0])]);
        var training = new SteppedTraining(network, data, new NumpyRandom(1), new TrainingOptions { LearningRate = 1e308, Optimizer = new Sgd { Noise = 0 } });

        Assert.Equal(0, training.Step(5));
        Assert.Contains("non-finite", training.StopReason);
        Assert.Equal(0.001, network.Layers[0].Weights[0, 0]);
        Assert.Equal(0, training.Step(5));
    }
}
