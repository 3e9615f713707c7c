namespace Backprop.Tests;

/// <summary>Backpropagation against finite differences for every activation and loss, on random architectures.</summary>
public class LossGradientCheckTests
{
    // Every activation a hidden layer takes, and every output and loss that go together: the library's own lists.
    private static readonly string[] Hidden = [.. Activation.All.Where(a => a.IsElementWise).Select(a => a.Name)];
    private static readonly (string Output, string Loss)[] Outputs =
        [.. Loss.All.SelectMany(loss => Activation.All.Where(loss.Supports).Select(output => (output.Name, loss.Name)))];

    public static TheoryData<string, string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, string, int>();
        int trial = 0;
        foreach (string hidden in Hidden)
            foreach ((string output, string loss) in Outputs)
                for (int k = 0; k < 2; k++) cases.Add(hidden, output, loss, trial++);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backpropagation_EveryActivationAndLoss_AgreesWithFiniteDifferences(string hidden, string output, string loss, int trial)
    {
        // 1 to 4 layers, widths 1 to 12, 1 to 100 samples (tiles and tails), with and without input scaling.
        var shape = new Random(2000 + trial);
        int[] sizes = Enumerable.Range(0, shape.Next(2, 6)).Select(_ => shape.Next(1, 13)).ToArray();
        if (output == "softmax" && sizes[^1] == 1) sizes[^1] = 3;
        int samples = shape.Next(1, 101);
        var random = new NumpyRandom((uint)(100 + trial));
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.FromName(hidden)!,
            OutputActivation = Activation.FromName(output)!,
            Loss = Loss.FromName(loss)!,
            InputScaling = trial % 2 == 0 ? null : new InputScaling([.. Enumerable.Range(0, sizes[0]).Select(i => 0.3 * i)], [.. Enumerable.Range(0, sizes[0]).Select(i => 1.0 + i)]),
        });
        DataSet data = new(random.NextGaussianMatrix(sizes[0], samples), Targets(output, sizes[^1], samples, random));

        // relu: a step small enough that its kink (z = 0) falls between θ − 2h and θ + 2h for no sample (1e-4 puts it
        // there in 3 of these 56 cases). Smooth activations: a step large enough that rounding stays far below the
        // tolerance in layers with small gradients (1e-6 gives 1.3e-6 in one case).
        bool kinked = Activation.FromName(hidden)!.HasKink || Activation.FromName(output)!.HasKink;
        GradientCheckResult result = GradientCheck.Run(network, data, step: kinked ? 1e-6 : 1e-4);

        Assert.True(result.MaxError <= 1e-6, $"{hidden}/{output} {loss}, layers {string.Join(',', sizes)}, N = {samples}: max relative error {result.MaxError:E2}");
    }

    // Targets the output can reach: probabilities per sample for softmax, [0, 1] for logistic and softplus (0 or more),
    // otherwise normal draws (relu's negative ones it cannot reach, but its squared loss is defined for them).
    private static Matrix Targets(string output, int rows, int samples, NumpyRandom random)
    {
        var y = new Matrix(rows, samples);
        for (int s = 0; s < samples; s++)
        {
            double sum = 0;
            for (int j = 0; j < rows; j++) sum += y[j, s] = output switch { "softmax" or "logistic" or "softplus" => random.NextDouble(), _ => random.NextGaussian() };
            if (output == "softmax")
                for (int j = 0; j < rows; j++) y[j, s] /= sum;
        }
        return y;
    }
}

/// <summary>Layers of 64 and 128 neurons, whose buffers get 8 doubles more per row (so rows do not alias in L1).</summary>
public class PaddedStrideTests
{
    [Theory]
    [InlineData(new[] { 2, 64, 1 }, "tanh")]
    [InlineData(new[] { 1, 128, 2 }, "logistic")]
    [InlineData(new[] { 3, 64, 128, 2 }, "relu")]
    public void Backpropagation_WideLayers_AgreesWithFiniteDifferencesAndWithOneSampleAtATime(int[] sizes, string hidden)
    {
        var random = new NumpyRandom(21);
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions { HiddenActivation = Activation.FromName(hidden)!, Initialization = Initialization.Glorot });
        var data = new DataSet(random.NextGaussianMatrix(sizes[0], 70), new Matrix(sizes[^1], 70));

        if (sizes.Length == 3) Assert.True(GradientCheck.Run(network, data).MaxError <= 1e-6);
        Matrix batch = network.Predict(data.Inputs);
        var output = new double[sizes[^1]];
        for (int s = 0; s < 70; s++)
        {
            network.Predict(data.Inputs.AsSpan().ToArray().Where((_, i) => i % 70 == s).ToArray(), output);
            for (int j = 0; j < output.Length; j++) Assert.True(Math.Abs(output[j] - batch[j, s]) <= 1e-14, $"sample {s}, output {j}");
        }
    }
}
