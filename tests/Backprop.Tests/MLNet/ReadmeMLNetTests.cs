using Backprop.MLNet;
using Backprop.Tests.Cli;
using Microsoft.ML;

namespace Backprop.Tests.MLNet;

/// <summary>The README's ML.NET section, run as written: its statements are this test's, in order (checked against the
/// README's text), with the files in a temporary folder.</summary>
[Trait("Category", "MLNet")]
public sealed class ReadmeMLNetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-readme-mlnet").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Snippet_RunsAsTheReadmeShowsIt()
    {
        string irisCsv = MLNetData.IrisCsv, modelZip = Path.Combine(_folder, "iris-model.zip");
        // README:begin
        var mlContext = new MLContext(seed: 1);
        IDataView data = mlContext.Data.LoadFromTextFile<Iris>(irisCsv, separatorChar: ',', hasHeader: true);
        var pipeline = mlContext.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
            .Append(mlContext.Transforms.Conversion.MapValueToKey("Label"))
            .Append(mlContext.MulticlassClassification.Trainers.Backprop())
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var folds = mlContext.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
        Console.WriteLine($"5-fold micro-accuracy {folds.Average(f => f.Metrics.MicroAccuracy):F3}");

        ITransformer model = pipeline.Fit(data);
        mlContext.Model.Save(model, data.Schema, modelZip);

        // Any process that references Backprop.MLNet loads it, with no other code:
        ITransformer loaded = new MLContext().Model.Load(modelZip, out _);
        var engine = mlContext.Model.CreatePredictionEngine<Iris, IrisPrediction>(loaded);
        IrisPrediction flower = engine.Predict(new Iris { SepalLength = 6.3f, SepalWidth = 2.9f, PetalLength = 5.6f, PetalWidth = 1.8f });
        Console.WriteLine($"{flower.PredictedLabel}: {string.Join(", ", flower.Score)}");
        // README:end

        Assert.True(folds.Average(f => f.Metrics.MicroAccuracy) >= 0.94);
        Assert.Equal("virginica", flower.PredictedLabel);             // row 104 of iris
        Assert.Equal(3, flower.Score.Length);
    }

    [Fact]
    public void Snippet_IsTheReadmes()
    {
        string source = Path.Combine(Repository.Root(), "tests", "Backprop.Tests", "MLNet", "ReadmeMLNetTests.cs");   // not [CallerFilePath]: CI builds map it to /_/
        string[] ours = Lines(File.ReadAllLines(source).SkipWhile(l => !l.Contains("// README:begin")).Skip(1).TakeWhile(l => !l.Contains("// README:end")));
        string readme = File.ReadAllText(Path.Combine(Repository.Root(), "README.md"));
        int section = readme.IndexOf("## In ML.NET", StringComparison.Ordinal);
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        string[] block = Lines(readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)].Split('\n'));

        int at = Array.IndexOf(block, ours[0]);
        Assert.True(at >= 0, $"the README's ML.NET snippet lacks: {ours[0]}");
        Assert.Equal(ours, block.Skip(at).Take(ours.Length));
    }

    private static string[] Lines(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];
}
