using System.Globalization;
using Backprop.Tests.Support;

namespace Backprop.Tests.Cli;

/// <summary>
/// <c>backprop export</c>: models trained by <c>backprop train</c>, exported, run on ONNX Runtime, give what
/// <c>backprop predict</c> writes for the same inputs; the files pass the ONNX project's own checker; bad options are
/// refused with one line.
/// </summary>
public sealed class ExportCommandTests : TempFolderTest
{
    public static TheoryData<string, string> Runs() => new()
    {
        { "worksheet", "" },
        { "regression", "--layers 8,5 --activation tanh,relu --output identity --standardize --optimizer adam --learning-rate 0.01" },
        { "classes", "--classes --layers 6 --activation relu --standardize --optimizer adam --learning-rate 0.02" },
        { "binary", "--layers 4 --activation tanh --loss cross-entropy" },
        { "binary", "--layers 8 --output relu --activation tanh --standardize --optimizer adam --learning-rate 0.01" },
        { "classes", "--classes --layers 6 --features x1,x3^2,x1*x2,sin(x3) --activation tanh --standardize --optimizer adam --learning-rate 0.02" },
        { "regression", "--layers 5 --features x2,x1*x3,x1^2,sin(x1) --output identity --optimizer adam --learning-rate 0.01" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void ExportedModel_OnOnnxRuntime_GivesWhatPredictWrites(string data, string options)
    {
        string[] dataOptions = WriteData(data);
        Succeeds("train", [.. dataOptions, .. Split(options), "--iterations", "300", "--model-out", PathOf("model.json"), "--no-plot", "--quiet"]);
        Succeeds("predict", ["--model", PathOf("model.json"), .. dataOptions, "--out", PathOf("predicted.csv")]);
        (Matrix inputs, Matrix predicted) = ReadPredictions(PathOf("predicted.csv"), ModelFile.Load(PathOf("model.json")));

        foreach ((string flag, double relative, double absolute) in new[] { ("", 1e-12, 1e-15), ("--float32", 1e-5, 1e-6) })
        {
            string onnx = PathOf($"model{flag}.onnx");
            CliRunner.Run export = Succeeds("export", ["--model", PathOf("model.json"), "--out", onnx, .. Split(flag)]);
            Assert.Contains($"wrote {onnx}: ONNX opset 17, {(flag == "" ? "float64" : "float32")}, input \"input\" [N, {inputs.Rows}], output \"output\" [N, {predicted.Rows}]", export.Out);

            OnnxExportTests.AssertClose(predicted, OnnxExportTests.RunOnnx(File.ReadAllBytes(onnx), inputs), relative, absolute);
        }
    }

    [Theory]
    [InlineData("regression", "--layers 8,5 --activation tanh,relu --output identity --standardize --optimizer adam --learning-rate 0.01")]
    [InlineData("classes", "--classes --layers 6 --features x1,x3^2,x1*x2,sin(x3) --activation tanh --standardize --optimizer adam --learning-rate 0.02")]
    public void Float32Model_PredictsInFloat32_AndExportsAsFloat32ByDefault(string data, string options)
    {
        string[] dataOptions = WriteData(data);
        Succeeds("train", [.. dataOptions, .. Split(options), "--precision", "float32", "--iterations", "300", "--model-out", PathOf("model.json"), "--no-plot", "--quiet"]);
        Succeeds("predict", ["--model", PathOf("model.json"), .. dataOptions, "--out", PathOf("predicted.csv")]);
        Network model = ModelFile.Load(PathOf("model.json"));
        (Matrix inputs, Matrix predicted) = ReadPredictions(PathOf("predicted.csv"), model);

        Assert.Equal(Precision.Float32, model.Precision);
        Matrix inFloat64 = model.WithPrecision(Precision.Float64).Predict(inputs);   // the same float32 weights, computed in float64
        Assert.False(predicted.AsSpan().SequenceEqual(inFloat64.AsSpan()), "predict computed a float32 model in float64");
        Assertions.Close(inFloat64.AsSpan(), predicted.AsSpan(), 1e-5, "float32 predictions against float64's");
        string onnx = PathOf("model.onnx");
        CliRunner.Run export = Succeeds("export", ["--model", PathOf("model.json")]);
        Assert.Contains($"wrote {onnx}: ONNX opset 17, float32,", export.Out);
        OnnxExportTests.AssertClose(predicted, OnnxExportTests.RunOnnx(File.ReadAllBytes(onnx), inputs), 1e-5, 1e-6);
    }

    [Fact]
    public void WithoutOut_TheOnnxFileIsNamedAfterTheModel()
    {
        Succeeds("train", ["--iterations", "10", "--model-out", PathOf("heart.json"), "--no-plot", "--quiet"]);

        Succeeds("export", ["--model", PathOf("heart.json")]);

        Assert.True(File.Exists(PathOf("heart.onnx")));
    }

    [SkippableFact]
    public void ExportedFiles_PassTheOnnxCheckersRules()
    {
        bool required = Environment.GetEnvironmentVariable("BACKPROP_REFERENCE_TOOLS") == "required";
        bool present = RunPython("-c", "import onnx").ExitCode == 0;
        Assert.True(present || !required, "python3-onnx is missing; .ci/run installs it");
        Skip.IfNot(present, "python3-onnx is missing (apt-get install python3-onnx, as .ci/run does)");
        var files = new List<string>();
        foreach (((string data, string options), int run) in Runs().Select((row, run) => (((string)row[0], (string)row[1]), run)))
        {
            string[] dataOptions = WriteData(data);
            Succeeds("train", [.. dataOptions, .. Split(options), "--iterations", "300", "--model-out", PathOf($"run{run}.json"), "--no-figure", "--quiet"]);
            Succeeds("export", ["--model", PathOf($"run{run}.json")]);
            Succeeds("export", ["--model", PathOf($"run{run}.json"), "--out", PathOf($"run{run}-32.onnx"), "--float32"]);
            files.AddRange([PathOf($"run{run}.onnx"), PathOf($"run{run}-32.onnx")]);
        }
        // Every activation the library has, as a hidden layer and as the output, in both precisions.
        foreach (Activation activation in Activation.All.Where(a => a.IsElementWise))
            foreach (Precision precision in Enum.GetValues<Precision>())
            {
                Network network = Network.CreateRandom([3, 4, 2], new NumpyRandom(3),
                    new NetworkOptions { HiddenActivation = activation, OutputActivation = activation });
                string file = PathOf($"{activation.Name}-{precision}.onnx");
                OnnxExport.Save(network, file, precision);
                files.Add(file);
            }

        (int exitCode, string output) = RunPython([Path.Combine(RepositoryRoot(), "tools", "reference", "onnx_check.py"), .. files]);

        Assert.True(exitCode == 0, output);
        Assert.Equal(files.Count, output.Split('\n').Count(line => line.Contains(": ok ir=8 opset={'ai.onnx': 17}", StringComparison.Ordinal)));
        Assert.Contains("nodes: Sub Div Gemm Relu Gemm Softmax", output);   // the classifier: its scaling, one relu layer, softmax
        Assert.Contains("nodes: Gemm LeakyRelu Gemm LeakyRelu", output);     // float32: ONNX's own operators
        Assert.Contains("nodes: Gemm Softplus Gemm Softplus", output);
        // The features: a Gather per input column used, each feature from them, one Concat, then the scaling
        Assert.Contains("nodes: Gather Identity Gather Mul Gather Mul Sin Concat Sub Div Gemm Tanh Gemm Softmax", output);
    }

    [Theory]
    [InlineData(new string[0], "--model FILE is required")]
    [InlineData(new[] { "--model", "missing.json" }, "missing.json: no such file (--model)")]
    [InlineData(new[] { "--model", "m.onnx" }, "--model m.onnx already ends in .onnx; name the output with --out")]
    [InlineData(new[] { "--model", "m.json", "--precision", "float16" }, "--precision must be float64 or float32, not \"float16\"")]
    [InlineData(new[] { "--model", "m.json", "--precision", "float64", "--float32" }, "--float32 and --precision float64 disagree: give one")]
    public void BadOptions_AreRefused_WithOneLine(string[] args, string message)
    {
        CliRunner.Run run = CliRunner.InProcess([.. new[] { "export" }, .. args.Select(a => a.EndsWith(".json", StringComparison.Ordinal) ? PathOf(a) : a)]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void OutputThatIsAFolder_IsAUsageError_BeforeTheModelIsRead()
    {
        Succeeds("train", ["--iterations", "10", "--model-out", PathOf("m.json"), "--no-plot", "--quiet"]);
        Directory.CreateDirectory(PathOf("folder.onnx"));

        CliRunner.Run run = CliRunner.InProcess("export", "--model", PathOf("m.json"), "--out", PathOf("folder.onnx"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("backprop: --out ", run.Error);
        Assert.True(Directory.Exists(PathOf("folder.onnx")));
    }

    // The command line's data options for a data set, written to this test's folder.
    private string[] WriteData(string name)
    {
        if (name == "worksheet") return ["--points", "50"];
        var random = new NumpyRandom(5);
        using var writer = new StreamWriter(PathOf($"{name}.csv"));
        writer.WriteLine(name == "classes" ? "a,b,c,label" : name == "binary" ? "a,b,y" : "a,b,c,y1,y2");
        for (int s = 0; s < 60; s++)
        {
            double a = random.NextGaussian(), b = 10 * random.NextGaussian() + 50, c = random.NextDouble();
            string row = name switch
            {
                "classes" => $"{N(a)},{N(b)},{N(c)},{(a > 0.5 ? "big" : b > 50 ? "tall" : "small")}",
                "binary" => $"{N(a)},{N(b)},{(a + (b - 50) / 10 > 0 ? 1 : 0)}",
                _ => $"{N(a)},{N(b)},{N(c)},{N(a * b / 50)},{N(Math.Sin(3 * c) - a)}",
            };
            writer.WriteLine(row);
        }
        return ["--data", PathOf($"{name}.csv")];
    }

    // predict's CSV: the inputs (n₀ × N) and, after the class column of a classifier, the outputs (n_L × N).
    private static (Matrix Inputs, Matrix Outputs) ReadPredictions(string path, Network network)
    {
        string[][] rows = [.. File.ReadAllLines(path).Skip(1).Select(line => line.Split(','))];
        int skip = network.Classes is null ? 0 : 1;
        var inputs = new Matrix(network.InputSize, rows.Length);
        var outputs = new Matrix(network.OutputSize, rows.Length);
        for (int s = 0; s < rows.Length; s++)
        {
            Assert.Equal(network.InputSize + skip + network.OutputSize, rows[s].Length);
            for (int i = 0; i < network.InputSize; i++) inputs[i, s] = double.Parse(rows[s][i], CultureInfo.InvariantCulture);
            for (int j = 0; j < network.OutputSize; j++) outputs[j, s] = double.Parse(rows[s][network.InputSize + skip + j], CultureInfo.InvariantCulture);
        }
        return (inputs, outputs);
    }

    private static CliRunner.Run Succeeds(string command, string[] args)
    {
        CliRunner.Run run = CliRunner.InProcess([command, .. args]);
        Assert.True(run.ExitCode == 0, $"{command}: {run.Error}");
        return run;
    }

    private static string[] Split(string options) => options.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static (int ExitCode, string Output) RunPython(params string[] args)
    {
        (int code, string output, string error) = RunProgram("/usr/bin/python3", args);
        return (code, output + error);
    }
}
