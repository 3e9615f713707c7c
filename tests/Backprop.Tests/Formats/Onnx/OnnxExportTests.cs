using Backprop.Tests.Cli;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Backprop.Tests;

/// <summary>
/// Exported ONNX models run on ONNX Runtime and give what <see cref="Network.Predict(Matrix)"/> gives: float64 to 1e-12
/// relative, float32 to 1e-5, for every activation, output, loss, input scaling and class setting.
/// </summary>
public sealed class OnnxExportTests : TempFolderTest
{
    public static TheoryData<string, string, bool> Designs()
    {
        var designs = new TheoryData<string, string, bool>();
        string[] elementWise = [.. Activation.All.Where(a => a.IsElementWise).Select(a => a.Name)];
        foreach (string hidden in elementWise.Append("tanh,relu"))
            foreach (string output in elementWise.Concat(["softmax", "softmax+squared", "logistic+cross-entropy"]))
                foreach (bool scaled in new[] { false, true })
                    designs.Add(hidden, output, scaled);
        return designs;
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Float64_GivesPredictsOutputs_ToTwelveDigits(string hidden, string output, bool scaled)
    {
        Network network = RandomNetwork(hidden, output, scaled, seed: 7);
        Matrix inputs = RandomInputs(network.InputSize, 37, seed: 8);

        double[,] onnx = RunOnnx(OnnxExport.ToBytes(network), inputs);

        AssertClose(network.Predict(inputs), onnx, 1e-12, 1e-15);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Float32_GivesPredictsOutputs_ToFiveDigits(string hidden, string output, bool scaled)
    {
        Network network = RandomNetwork(hidden, output, scaled, seed: 9);
        Matrix inputs = RandomInputs(network.InputSize, 37, seed: 10);

        double[,] onnx = RunOnnx(OnnxExport.ToBytes(network, Precision.Float32), inputs);

        // float32 sums terms as large as the layers' values with 6e-8 of rounding each: where they cancel to a small
        // output (unbounded activations, inputs standardised to ±60), the error is that of the terms, not of the output.
        AssertClose(network.Predict(inputs), onnx, 1e-5, 1e-7, termScale: LargestValues(network, inputs));
    }

    [Theory]
    [InlineData(Precision.Float64)]
    [InlineData(Precision.Float32)]
    public void Classifier_AlsoGivesEachSamplesLabel_TheMostProbableClass(Precision precision)
    {
        Network network = RandomNetwork("tanh", "softmax", scaled: true, seed: 11);
        Span<double> last = network.Layers[^1].Weights.AsSpan();
        for (int i = 0; i < last.Length; i++) last[i] *= 20;   // a confident classifier, whose answer turns with the inputs
        network = network.WithPrecision(precision);
        Matrix inputs = RandomInputs(network.InputSize, 200, seed: 12);

        using var session = new InferenceSession(OnnxExport.ToBytes(network, precision));
        Assert.Equal([OnnxExport.OutputName, OnnxExport.LabelName], session.OutputNames);
        double[] rows = [.. Enumerable.Range(0, inputs.Columns).SelectMany(s => Enumerable.Range(0, inputs.Rows).Select(i => inputs[i, s]))];
        long[] shape = [inputs.Columns, inputs.Rows];
        using OrtValue input = precision == Precision.Float32 ? OrtValue.CreateTensorValueFromMemory(rows.Select(v => (float)v).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(rows, shape);
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, [OnnxExport.InputName], [input], [OnnxExport.LabelName]);
        string[] labels = [.. results[0].GetStringTensorAsArray()];

        Matrix probabilities = network.Predict(inputs);
        string[] expected = [.. Enumerable.Range(0, inputs.Columns).Select(s => network.Classes![ClassLabels.ArgMax(probabilities, s)])];
        Assert.Equal(expected, labels);
        Assert.Equal(3, labels.Distinct().Count());   // every class is predicted somewhere, labels with a comma and quotes among them
    }

    [Fact]
    public void Regression_HasNoLabel()
    {
        using var session = new InferenceSession(OnnxExport.ToBytes(RandomNetwork("tanh", "identity", scaled: false, seed: 13)));
        Assert.Equal([OnnxExport.OutputName], session.OutputNames);
    }

    [Fact]
    public void ReadmesCSharp_RunsTheWorksheetsExportedModel()
    {
        var random = new NumpyRandom(1);
        Network network = Network.CreateRandom([1, 6, 7, 2], random);
        SteepestDescent.Train(network, HeartData.Create(100), random, new TrainingOptions { Iterations = 200, LearningRate = 5, Optimizer = new Sgd { Noise = 0.8 } });
        OnnxExport.Save(network, PathOf("model.onnx"));

        // The README's code, as written there (the file in this test's folder).
        using var session = new InferenceSession(PathOf("model.onnx"));
        double[] x = [0.1, 0.5, 0.9];                                              // three samples of one input, one per row
        using var input = OrtValue.CreateTensorValueFromMemory(x, [3, 1]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["input"], [input], ["output"]);
        ReadOnlySpan<double> y = outputs[0].GetTensorDataAsSpan<double>();          // 3 × 2, row by row: (y₁, y₂) of each sample

        double[][] expected = network.Predict([[0.1], [0.5], [0.9]]);
        for (int s = 0; s < 3; s++)
            for (int j = 0; j < 2; j++) Assert.Equal(expected[s][j], y[s * 2 + j], 1e-15);
    }

    [Theory]
    [InlineData(Precision.Float64, 1e-12, 1e-15)]
    [InlineData(Precision.Float32, 1e-5, 1e-6)]
    public void InputFeatures_AreComputedInTheGraph_AsPredictComputesThem(Precision precision, double relative, double absolute)
    {
        // Every kind of feature, inputs used twice and one (x2) used only in a product, with a scaling of the features
        var features = InputFeatures.Parse("sin(x3),x1,x1^2,x2*x3,x3,x1*x3", 3);
        Network network = Network.CreateRandom([6, 5, 2], new NumpyRandom(11), new NetworkOptions
        {
            HiddenActivation = Activation.Tanh,
            InputFeatures = features,
            InputScaling = new InputScaling([0.1, 0.2, 8, -1, 0.5, 2], [0.7, 1.5, 9, 4, 1.2, 6]),
        });
        Matrix inputs = RandomInputs(network.InputSize, 41, seed: 12);

        double[,] onnx = RunOnnx(OnnxExport.ToBytes(network, precision), inputs);

        Assert.Equal(3, network.InputSize);
        AssertClose(network.Predict(inputs), onnx, relative, absolute, termScale: precision == Precision.Float32 ? LargestValues(network, inputs) : null);
    }

    [Fact]
    public void Float32_RefusesAWeightBeyondItsRange_Float64TakesIt()
    {
        Network network = Network.CreateRandom([1, 2, 1], new NumpyRandom(1));
        network.Layers[0].Weights[1, 0] = 1e39;

        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(network, Precision.Float32));
        Assert.Contains("beyond float32's range", error.Message);
        Assert.NotEmpty(OnnxExport.ToBytes(network));
    }

    // A [3, 5, 4, k] network of the design: hidden activations (one for both, or one each), the output with its loss,
    // random input scaling, and class labels with a softmax.
    private static Network RandomNetwork(string hidden, string output, bool scaled, uint seed)
    {
        var random = new NumpyRandom(seed);
        Activation[] activations = [.. hidden.Split(',').Select(name => Activation.FromName(name)!)];
        bool classes = output == "softmax";   // a classifier: softmax, cross-entropy, labels
        string outputName = output.Split('+')[0];
        var options = new NetworkOptions
        {
            HiddenActivations = activations.Length == 1 ? [activations[0], activations[0]] : activations,
            OutputActivation = Activation.FromName(outputName)!,
            Loss = classes || output.EndsWith("cross-entropy", StringComparison.Ordinal) ? Loss.CrossEntropy : Loss.Squared,
            InputScaling = scaled ? new InputScaling([0.5, -2, 30], [0.25, 3, 12.5]) : null,
            Classes = classes ? ["setosa", "versi,color", "virginica \"v\""] : null,
        };
        return Network.CreateRandom([3, 5, 4, outputName == "softmax" ? 3 : 2], random, options);
    }

    // 1 + the largest |a⁽ⁿ⁾| of each sample over the layers, the standardised inputs among them.
    private static double[] LargestValues(Network network, Matrix inputs)
    {
        ForwardTrace trace = network.Forward(inputs);
        var largest = new double[inputs.Columns];
        for (int n = 0; n <= trace.LayerCount; n++)
        {
            Matrix a = trace.Activation(n);
            for (int s = 0; s < a.Columns; s++)
                for (int j = 0; j < a.Rows; j++) largest[s] = Math.Max(largest[s], 1 + Math.Abs(a[j, s]));
        }
        return largest;
    }

    private static Matrix RandomInputs(int inputs, int samples, uint seed)
    {
        var random = new NumpyRandom(seed);
        var x = new Matrix(inputs, samples);
        for (int i = 0; i < inputs; i++)
            for (int s = 0; s < samples; s++) x[i, s] = 4 * random.NextGaussian() + (i == 2 ? 30 : 0);
        return x;
    }

    // The model on ONNX Runtime's CPU engine: inputs n₀ × N in, outputs N × n_L back, as doubles.
    internal static double[,] RunOnnx(byte[] model, Matrix inputs)
    {
        using var session = new InferenceSession(model);
        bool float32 = session.InputMetadata[OnnxExport.InputName].ElementDataType == TensorElementType.Float;
        int n = inputs.Columns, width = inputs.Rows;
        long[] shape = [n, width];
        double[] rows = new double[n * width];
        for (int s = 0; s < n; s++)
            for (int i = 0; i < width; i++) rows[s * width + i] = inputs[i, s];
        using OrtValue input = float32 ? OrtValue.CreateTensorValueFromMemory(rows.Select(v => (float)v).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(rows, shape);
        using var options = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
        OrtValue output = results[0];
        long[] outputShape = output.GetTensorTypeAndShape().Shape;
        Assert.Equal(n, outputShape[0]);
        double[] values = float32 ? [.. output.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)] : output.GetTensorDataAsSpan<double>().ToArray();
        var outputs = new double[n, outputShape[1]];
        for (int s = 0; s < n; s++)
            for (int j = 0; j < outputShape[1]; j++) outputs[s, j] = values[s * outputShape[1] + j];
        return outputs;
    }

    // Every output (n_L × N, as Predict gives it) within relative · |y| + absolute of ONNX's (N × n_L), as numpy's
    // allclose: relative to the output, with an absolute floor at the arithmetic's own noise near 1 (1e-15 for
    // float64, 1e-7 for float32). ONNX Runtime's double Sigmoid takes 1 − 1/(1 + e^(−|z|)) for negative z, within 1.1e-16
    // of σ(z), not to 12 digits of an output as small as σ(−30) = 9.4e-14; its float32 Sigmoid is clamped near ±18.
    // For float32, termScale gives each sample's largest value along the way (1 + max |a⁽ⁿ⁾|, n = 0..L): the absolute
    // floor grows with it, as the rounding of the sums that make the outputs does.
    internal static void AssertClose(Matrix expected, double[,] onnx, double relative, double absolute, double[]? termScale = null)
    {
        Assert.Equal((expected.Columns, expected.Rows), (onnx.GetLength(0), onnx.GetLength(1)));
        double worst = 0;
        for (int j = 0; j < expected.Rows; j++)
            for (int s = 0; s < expected.Columns; s++)
            {
                double e = expected[j, s];
                worst = Math.Max(worst, Math.Abs(onnx[s, j] - e) / (relative * Math.Abs(e) + absolute * (termScale?[s] ?? 1)));
            }
        Assert.True(worst <= 1, $"an output differs by {worst:F2} times relative · |y| + absolute ({relative:E0}, {absolute:E0})");
    }
}
