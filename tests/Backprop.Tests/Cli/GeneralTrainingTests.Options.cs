using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Cli;

public sealed partial class GeneralTrainingTests
{
    // ---------------------------------------------------------------- usage errors

    public static TheoryData<string, string> UsageErrors() => new()
    {
        { "--optimizer adam --noise 0.5", "--noise" },
        { "--optimizer momentum --noise 0", "--noise" },
        { "--optimizer sgd --momentum 0.5", "--momentum" },
        { "--optimizer adam --nesterov", "--nesterov" },
        { "--optimizer momentum --beta1 0.8", "--beta1" },
        { "--optimizer sgd --beta2 0.9", "--beta2" },
        { "--optimizer momentum --epsilon 1e-6", "--epsilon" },
        { "--optimizer momentum --momentum 1", "--momentum" },
        { "--optimizer adam --beta1 1", "--beta1" },
        { "--optimizer adam --epsilon 0", "--epsilon" },
        { "--optimizer rmsprop", "--optimizer" },
        { "--patience 3", "--patience" },
        { "--patience 0 --validation-split 0.2", "--patience" },
        { "--validation-split 1.5", "--validation-split" },
        { "--validation-split -0.1", "--validation-split" },
        { "--validation-split 0.2 --validation held.csv", "--validation" },
        { "--validation held.csv", "--validation" },
        { "--batch-size 0", "--batch-size" },
        { "--weight-decay -1", "--weight-decay" },
        { "--loss cross-entropy --output tanh", "--loss" },
        { "--loss hinge", "--loss" },
        { "--output sigmoid", "--output" },
        { "--activation relu,tanh --layers 6", "--activation" },
        { "--activation swish", "--activation" },
        { "--init xavier", "--init" },
        { "--classes", "--classes" },
        { "--resume m.json --standardize", "--standardize" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Train_OptionsThatDoNotGoTogether_UsageErrorOnOneLineNamingTheOption_NoFileLeft(string options, string option)
    {
        string[] args = options.Split(' ').Select(a => a.EndsWith(".csv", StringComparison.Ordinal) || a.EndsWith(".json", StringComparison.Ordinal) ? PathOf(a) : a).ToArray();

        CliRunner.Run run = CliRunner.InProcess(["train", .. args, "--iterations", "5", "--model-out", PathOf("out.json"), "--plot", PathOf("out.png")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("backprop: ", run.Error);
        Assert.Contains(option, run.Error);
        Assert.Empty(FilesInFolder());
    }

    // ---------------------------------------------------------------- optimizers

    [Theory]
    [InlineData("--optimizer sgd --noise 0 --learning-rate 1")]
    [InlineData("--optimizer sgd --batch-size 8 --learning-rate 1")]
    [InlineData("--optimizer momentum")]
    [InlineData("--optimizer momentum --nesterov --momentum 0.5")]
    [InlineData("--optimizer adam --learning-rate 0.05 --beta1 0.8 --beta2 0.99 --epsilon 1e-7")]
    [InlineData("--optimizer adam --learning-rate 0.05 --weight-decay 0.001")]
    public void TrainClasses_EachOptimizer_LowersTheCostAndCompletes(string options)
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));

        CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--classes", "--standardize", "--layers", "6", .. options.Split(' '),
            "--iterations", "200", "--log-every", "50", "--no-plot", "--model-out", PathOf("m.json")]);

        Assert.True(run.ExitCode == 0, run.Error);
        Match first = SnapshotLine().Match(run.OutLines.First(l => l.StartsWith("iteration=", StringComparison.Ordinal)));
        Assert.Equal("0", first.Groups["iteration"].Value);
        Match summary = Summary(run);
        Assert.Equal("completed", summary.Groups["outcome"].Value);
        Assert.Equal("200", summary.Groups["iterations"].Value);
        Assert.True(Number(summary.Groups["cost"]) < 0.5 * Number(first.Groups["cost"]), $"{first.Value} → {summary.Value}");
    }

    // A one-weight linear model a = w·x + b with squared loss C = (1/N) Σ (a − y)², so g = (2/N) Σ (a − y)·(x, 1): its
    // steps are worked out here from PyTorch's definitions of each optimizer, independently of the library.
    private static double[] ReferenceSteps(string optimizer, int steps, double η, double λ, double μ, bool nesterov, double β1, double β2, double ε,
        double[] θ, double[] xs, double[] ys)
    {
        θ = [.. θ];
        double[] velocity = new double[2], m = new double[2], v = new double[2];
        for (int t = 1; t <= steps; t++)
        {
            double[] g = new double[2];
            for (int s = 0; s < xs.Length; s++)
            {
                double error = θ[0] * xs[s] + θ[1] - ys[s];
                g[0] += 2 * error * xs[s] / xs.Length;
                g[1] += 2 * error / xs.Length;
            }
            for (int k = 0; k < 2; k++)
            {
                double gk = g[k] + λ * θ[k];
                switch (optimizer)
                {
                    case "sgd":
                        θ[k] -= η * gk;
                        break;
                    case "momentum":
                        velocity[k] = t == 1 ? gk : μ * velocity[k] + gk;
                        θ[k] -= η * (nesterov ? gk + μ * velocity[k] : velocity[k]);
                        break;
                    case "adam":
                        m[k] = β1 * m[k] + (1 - β1) * gk;
                        v[k] = β2 * v[k] + (1 - β2) * gk * gk;
                        θ[k] -= η * (m[k] / (1 - Math.Pow(β1, t))) / (Math.Sqrt(v[k] / (1 - Math.Pow(β2, t))) + ε);
                        break;
                }
            }
        }
        return θ;
    }

    [Theory]
    [InlineData("--optimizer sgd --noise 0 --learning-rate 0.05")]
    [InlineData("--optimizer sgd --noise 0 --learning-rate 0.05 --weight-decay 0.3")]
    [InlineData("--optimizer momentum --learning-rate 0.05 --momentum 0.6")]
    [InlineData("--optimizer momentum --learning-rate 0.05 --momentum 0.6 --nesterov")]
    [InlineData("--optimizer momentum --learning-rate 0.05")]                              // μ = 0.9 by default
    [InlineData("--optimizer adam --learning-rate 0.1 --beta1 0.7 --beta2 0.95 --epsilon 0.01")]
    [InlineData("--optimizer adam --learning-rate 0.1 --weight-decay 0.2")]                 // β₁ 0.9, β₂ 0.999, ε 1e-8 by default
    public void TrainResume_LinearModel_OptimizerStepsMatchTheirDefinitionsWorkedOutByHand(string options)
    {
        // Given a hand-written 1,1 identity model (w = 0.5, b = −0.25) and three samples
        double[] θ0 = [0.5, -0.25], xs = [1, 2, -1], ys = [2, 3.5, -0.5];
        WriteCsv("model.json", """
            {"format": "backprop/model", "version": 2, "loss": "squared",
             "layers": [{"activation": "identity", "weights": [[0.5]], "biases": [-0.25]}]}
            """);
        string data = WriteCsv("d.csv", "x,y\n1,2\n2,3.5\n-1,-0.5\n");

        // When trained 4 steps from it
        const int steps = 4;
        string[] args = options.Split(' ');
        CliRunner.Run run = CliRunner.InProcess(["train", "--resume", PathOf("model.json"), "--data", data, .. args, "--iterations", steps.ToString(Invariant),
            "--log-every", "1", "--no-plot", "--model-out", PathOf("m.json")]);

        // Then the weights are the reference's, and the first cost line is C(θ₀)
        Assert.True(run.ExitCode == 0, run.Error);
        string Option(string name, string fallback) => Array.IndexOf(args, name) is int i and >= 0 ? args[i + 1] : fallback;
        double Value(string name, string fallback) => double.Parse(Option(name, fallback), NumberStyles.Float, Invariant);
        double[] expected = ReferenceSteps(Option("--optimizer", "sgd"), steps, Value("--learning-rate", "nan"), Value("--weight-decay", "0"),
            Value("--momentum", "0.9"), args.Contains("--nesterov"), Value("--beta1", "0.9"), Value("--beta2", "0.999"), Value("--epsilon", "1e-8"), θ0, xs, ys);
        Network trained = ModelFile.Load(PathOf("m.json"));
        AssertClose(expected[0], trained.Layers[0].Weights[0, 0], 1e-12, "w");
        AssertClose(expected[1], trained.Layers[0].Biases[0], 1e-12, "b");
        Assert.NotEqual(θ0[0], trained.Layers[0].Weights[0, 0]);

        double initialCost = xs.Zip(ys).Average(p => (θ0[0] * p.First + θ0[1] - p.Second) * (θ0[0] * p.First + θ0[1] - p.Second));
        Match first = SnapshotLine().Match(run.OutLines.First(l => l.StartsWith("iteration=0 ", StringComparison.Ordinal)));
        AssertClose(initialCost, Number(first.Groups["cost"]), 1e-8, "C(θ₀)");
    }

    [Fact]
    public void Train_BatchAsLargeAsTheData_IsTheFullBatchRun_AndSmallerBatchesAreSeeded()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));
        string Run(string model, params string[] extra)
        {
            CliRunner.Run run = CliRunner.InProcess(["train", "--data", data, "--classes", "--layers", "6", "--optimizer", "adam", "--learning-rate", "0.05",
                "--iterations", "50", "--no-plot", "--quiet", "--model-out", PathOf(model), .. extra]);
            Assert.True(run.ExitCode == 0, run.Error);
            return File.ReadAllText(PathOf(model));
        }

        string full = Run("full.json");
        Assert.Equal(full, Run("sixty.json", "--batch-size", "60"));          // one batch of every sample is the full batch
        Assert.Equal(full, Run("more.json", "--batch-size", "1000"));
        string batches = Run("seven.json", "--batch-size", "7");
        Assert.NotEqual(full, batches);
        Assert.Equal(batches, Run("seven-again.json", "--batch-size", "7"));  // the same seed, the same batches
        Assert.NotEqual(batches, Run("seven-seed2.json", "--batch-size", "7", "--seed", "2"));
    }

    [Fact]
    public void Train_WeightDecay_ShrinksTheWeights()
    {
        string data = WriteSamples("blobs.csv", Blobs(60, seed: 7));
        double SquaredWeights(string model, string decay)
        {
            CliRunner.Run run = CliRunner.InProcess("train", "--data", data, "--classes", "--standardize", "--layers", "6", "--optimizer", "adam",
                "--learning-rate", "0.05", "--iterations", "300", "--weight-decay", decay, "--no-plot", "--quiet", "--model-out", PathOf(model));
            Assert.True(run.ExitCode == 0, run.Error);
            return SumOfSquaredWeights(PathOf(model));
        }

        double none = SquaredWeights("none.json", "0"), some = SquaredWeights("some.json", "0.01"), much = SquaredWeights("much.json", "0.1");
        Assert.True(much < some && some < none, $"Σw²: λ=0 {none}, λ=0.01 {some}, λ=0.1 {much}");
    }
}
