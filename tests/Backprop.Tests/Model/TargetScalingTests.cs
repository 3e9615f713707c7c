namespace Backprop.Tests;

/// <summary>
/// Standardised targets: the layers learn (y − mean)/std, every prediction is turned back, a·std + mean, and the model
/// file and the ONNX export carry it. Checked by hand and against the same layers without the scaling.
/// </summary>
public class TargetScalingTests
{
    // Outputs 1: 1, 3, 5, 7 → mean 4, population variance (9 + 1 + 1 + 9)/4 = 5. Output 2: −2, −2, −2, −2, constant.
    private static readonly Matrix Targets = Matrix.FromRows([[1.0, 3, 5, 7], [-2.0, -2, -2, -2]]);

    private static (Network Scaled, Network Plain, TargetScaling Scaling) Networks()
    {
        var options = new NetworkOptions { HiddenActivation = Activation.Tanh, OutputActivation = Activation.Identity, Initialization = Initialization.Glorot };
        Network plain = Network.CreateRandom([3, 5, 2], new NumpyRandom(11), options);
        TargetScaling scaling = TargetScaling.Fit(Targets);
        return (new Network(plain.Layers.Select(l => l.Clone()), plain.Loss, null, null, scaling), plain, scaling);
    }

    [Fact]
    public void Fit_TakesMeanAndPopulationStdPerOutput_AndUndoInvertsApply()
    {
        TargetScaling scaling = TargetScaling.Fit(Targets);

        Assert.Equal([4.0, -2.0], scaling.Mean);
        Assert.Equal([Math.Sqrt(5), 1.0], scaling.StandardDeviation);   // a constant output keeps std 1, as inputs do
        Assert.Equal([-3 / Math.Sqrt(5), -1 / Math.Sqrt(5), 1 / Math.Sqrt(5), 3 / Math.Sqrt(5), 0, 0, 0, 0], scaling.Apply(Targets).AsSpan().ToArray());
        double[] back = scaling.Undo(scaling.Apply(Targets)).AsSpan().ToArray();
        for (int i = 0; i < back.Length; i++) Assert.Equal(Targets.AsSpan()[i], back[i], 1e-14);
    }

    [Fact]
    public void Predict_IsTheLayersOutputTimesStdPlusMean_BatchAndSingleSample()
    {
        (Network scaled, Network plain, TargetScaling scaling) = Networks();
        Matrix x = Matrix.FromRows([[0.5, -1, 2], [1.5, 0, -0.3], [0.1, 0.2, 0.3]]);

        Matrix layers = plain.Predict(x), predicted = scaled.Predict(x);

        for (int j = 0; j < 2; j++)
            for (int s = 0; s < 3; s++)
                Assert.Equal(layers[j, s] * scaling.StandardDeviation[j] + scaling.Mean[j], predicted[j, s]);
        Span<double> one = stackalloc double[2];
        scaled.Predict([0.5, 1.5, 0.1], one);
        Assert.Equal(predicted[0, 0], one[0], 1e-13);
        Assert.Equal(predicted[1, 0], one[1], 1e-13);
        // The forward trace holds the layers' own values, on the standardised scale
        Assert.Equal(layers.AsSpan().ToArray(), scaled.Forward(x).Output.AsSpan().ToArray());
    }

    [Fact]
    public void Backpropagate_IsThatOfThePlainLayers_OnTheStandardisedTargets()
    {
        (Network scaled, Network plain, TargetScaling scaling) = Networks();
        var data = new DataSet(Matrix.FromRows([[0.5, -1, 2, 0], [1.5, 0, -0.3, 1], [0.1, 0.2, 0.3, 0.4]]), Targets);

        Gradients viaScaling = scaled.Backpropagate(data);
        Gradients byHand = plain.Backpropagate(new DataSet(data.Inputs, scaling.Apply(Targets)));

        Assert.Equal(byHand.Cost, viaScaling.Cost);
        for (int n = 0; n < 2; n++)
        {
            Assert.Equal(byHand.Layers[n].Weights.AsSpan().ToArray(), viaScaling.Layers[n].Weights.AsSpan().ToArray());
            Assert.Equal(byHand.Layers[n].Biases, viaScaling.Layers[n].Biases);
        }
    }

    [Fact]
    public void Evaluation_IsOnTheTargetsOwnScale()
    {
        (Network scaled, _, _) = Networks();
        var data = new DataSet(Matrix.FromRows([[0.5, -1, 2, 0], [1.5, 0, -0.3, 1], [0.1, 0.2, 0.3, 0.4]]), Targets);
        Matrix a = scaled.Predict(data.Inputs);

        Evaluation evaluation = Evaluation.Of(scaled, data);

        // The squared loss of the predictions, (1/N) Σ‖a − y‖², and r2_score averaged over the outputs (a constant output: 0 unless exact)
        double squared = 0, residual = 0, spread = 0;
        for (int s = 0; s < 4; s++)
        {
            for (int j = 0; j < 2; j++) squared += (a[j, s] - Targets[j, s]) * (a[j, s] - Targets[j, s]);
            residual += (a[0, s] - Targets[0, s]) * (a[0, s] - Targets[0, s]);
            spread += (Targets[0, s] - 4) * (Targets[0, s] - 4);
        }
        Assert.Equal(squared / 4, evaluation.Cost, 1e-12);
        Assert.Equal((1 - residual / spread + 0) / 2, evaluation.RSquared!.Value, 1e-12);
    }

    [Fact]
    public void ModelFile_KeepsTheScaling_AndRefusesItBesideClasses()
    {
        (Network scaled, _, _) = Networks();

        string json = ModelFile.Serialize(scaled);
        Network read = ModelFile.Parse(json);

        Assert.Contains("\"targetScaling\"", json);
        Assert.Equal(scaled.TargetScaling!.Mean, read.TargetScaling!.Mean);
        Assert.Equal(scaled.TargetScaling.StandardDeviation, read.TargetScaling.StandardDeviation);
        Assert.Equal(ModelFile.Serialize(read), json);
        string withClasses = json.Replace("\"loss\": \"squared\",", "\"loss\": \"squared\", \"classes\": [\"a\", \"b\"],", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(withClasses));
        Assert.Contains("\"targetScaling\" is for a regression", error.Message);
        Assert.Throws<ArgumentException>(() => new Network(scaled.Layers, scaled.Loss, null, ["a", "b"], scaled.TargetScaling));
    }

    [Fact]
    public void OnnxExport_TurnsTheOutputsBack_AsPredictDoes()
    {
        (Network scaled, _, _) = Networks();
        Matrix x = Matrix.FromRows([[0.5, -1, 2], [1.5, 0, -0.3], [0.1, 0.2, 0.3]]);

        double[,] onnx = OnnxExportTests.RunOnnx(OnnxExport.ToBytes(scaled), x);

        OnnxExportTests.AssertClose(scaled.Predict(x), onnx, 1e-14, 1e-14);
    }
}
