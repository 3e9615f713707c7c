using System.Diagnostics;
using System.Globalization;
using Backprop.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Backprop.Tests.MLNet;

/// <summary>
/// <c>Trainers.Backprop()</c> in ordinary ML.NET pipelines: the columns ML.NET's own trainers give, Evaluate,
/// CrossValidate against ML.NET's own trainers on the same folds, PredictionEngine, and Model.Save / Load in a fresh
/// process.
/// </summary>
[Trait("Category", "MLNet")]
public sealed class MLNetTrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-mlnet").FullName;
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private IDataView Iris() => Load<Iris>(MLNetData.IrisCsv);

    private IDataView Load<TRow>(string csv) => _ml.Data.LoadFromTextFile<TRow>(csv, separatorChar: ',', hasHeader: true);

    private IEstimator<ITransformer> IrisFeatures() =>
        _ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label"));

    // Iris with its Features vector and Label key made, ready for a trainer.
    private IDataView IrisWithFeatures()
    {
        IDataView iris = Iris();
        return IrisFeatures().Fit(iris).Transform(iris);
    }

    private IEstimator<ITransformer> IrisPipeline(BackpropOptions? options = null) =>
        IrisFeatures()
            .Append(options is null ? _ml.MulticlassClassification.Trainers.Backprop() : _ml.MulticlassClassification.Trainers.Backprop(options))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    [Fact]
    public void Multiclass_Iris_CrossValidatesNearLbfgsMaximumEntropy_OnTheSameFolds()
    {
        IDataView data = Iris();
        var backprop = _ml.MulticlassClassification.CrossValidate(data, IrisPipeline(), numberOfFolds: 5, seed: 1);
        var lbfgs = _ml.MulticlassClassification.CrossValidate(data, IrisFeatures().Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()), numberOfFolds: 5, seed: 1);

        double ours = backprop.Average(f => f.Metrics.MicroAccuracy), theirs = lbfgs.Average(f => f.Metrics.MicroAccuracy);
        output.WriteLine($"iris 5-fold micro-accuracy: Backprop {ours:F4}, LbfgsMaximumEntropy {theirs:F4}");
        Assert.Equal(5, backprop.Count);
        Assert.True(ours >= 0.94, $"Backprop's 5-fold micro-accuracy {ours:F4}");
        Assert.True(ours >= theirs - 0.025, $"Backprop {ours:F4} against LbfgsMaximumEntropy {theirs:F4} on the same folds");
        Assert.All(backprop, fold => Assert.Equal(3, fold.Metrics.ConfusionMatrix.NumberOfClasses));
    }

    [Fact]
    public void Multiclass_GivesTheColumnsMLNetsTrainersGive()
    {
        IDataView data = Iris();
        var trainer = _ml.MulticlassClassification.Trainers.Backprop();
        IDataView features = IrisFeatures().Fit(data).Transform(data);
        using BackpropPredictionTransformer model = trainer.Fit(features);
        IDataView scored = model.Transform(features);

        DataViewSchema.Column score = scored.Schema["Score"], predicted = scored.Schema["PredictedLabel"], label = scored.Schema["Label"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), score.Type);   // as LbfgsMaximumEntropy's: not [1, 3]
        Assert.Equal(label.Type, predicted.Type);                      // the label's own key type
        VBuffer<ReadOnlyMemory<char>> labelNames = default, predictedNames = default;
        label.GetKeyValues(ref labelNames);
        predicted.GetKeyValues(ref predictedNames);
        Assert.Equal(labelNames.DenseValues().Select(v => v.ToString()), predictedNames.DenseValues().Select(v => v.ToString()));
        Assert.Equal(labelNames.DenseValues().Select(v => v.ToString()), model.Model.Classes!);
        Assert.Equal(labelNames.DenseValues().Select(v => v.ToString()), SlotNames(score));           // the class names, saved and loaded too
        using var saved = new MemoryStream();
        _ml.Model.Save(model, features.Schema, saved);
        saved.Position = 0;
        DataViewSchema loaded = _ml.Model.Load(saved, out _).GetOutputSchema(features.Schema);
        Assert.Equal(score.Type, loaded["Score"].Type);
        Assert.Equal(SlotNames(score), SlotNames(loaded["Score"]));
        Assert.Equal([4, 100, 3], model.Model.LayerSizes);           // the data defaults' one hidden layer of 100

        float[][] scores = [.. scored.GetColumn<float[]>("Score")];
        uint[] keys = [.. scored.GetColumn<uint>("PredictedLabel")];
        for (int row = 0; row < scores.Length; row++)
        {
            Assert.Equal(1.0, scores[row].Sum(), 5);
            Assert.Equal((uint)Array.IndexOf(scores[row], scores[row].Max()) + 1, keys[row]);
        }
        var metrics = _ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MicroAccuracy > 0.95, $"training accuracy {metrics.MicroAccuracy}");

        // The network itself, in Backprop, predicts what ML.NET's float32 graph gives.
        float[] first = [.. data.GetColumn<float>("SepalLength").Take(1).Concat(data.GetColumn<float>("SepalWidth").Take(1))
            .Concat(data.GetColumn<float>("PetalLength").Take(1)).Concat(data.GetColumn<float>("PetalWidth").Take(1))];
        Span<double> p = stackalloc double[3];
        model.Model.Predict([.. first.Select(x => (double)x)], p);
        for (int k = 0; k < 3; k++) Assert.Equal(p[k], scores[0][k], 5);
    }

    private static string[] SlotNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return [.. names.DenseValues().Select(v => v.ToString())];
    }

    [Fact]
    public void Multiclass_PredictionEngine_GivesTheLabelTextAfterMapKeyToValue()
    {
        IDataView data = Iris();
        ITransformer model = IrisPipeline().Fit(data);
        var engine = _ml.Model.CreatePredictionEngine<Iris, IrisPrediction>(model);

        IrisPrediction setosa = engine.Predict(new Iris { SepalLength = 5.1f, SepalWidth = 3.5f, PetalLength = 1.4f, PetalWidth = 0.2f });
        IrisPrediction virginica = engine.Predict(new Iris { SepalLength = 7.7f, SepalWidth = 3.0f, PetalLength = 6.1f, PetalWidth = 2.3f });

        Assert.Equal("setosa", setosa.PredictedLabel);
        Assert.Equal("virginica", virginica.PredictedLabel);
        Assert.Equal(3, virginica.Score.Length);
        Assert.True(virginica.Score[2] > 0.9f, string.Join(" ", virginica.Score));
    }

    [Fact]
    public void PermutationFeatureImportance_FindsThatThePetalsMatter()
    {
        IDataView data = IrisWithFeatures();
        using var model = _ml.MulticlassClassification.Trainers.Backprop().Fit(data);

        var importance = _ml.MulticlassClassification.PermutationFeatureImportance(model, data, permutationCount: 3);

        // The change in micro-accuracy when a feature's values are shuffled: sepal length, sepal width, petal length, petal width.
        double[] loss = [.. importance.Select(feature => -feature.MicroAccuracy.Mean)];
        output.WriteLine("accuracy lost by shuffling each feature: " + string.Join(", ", loss.Select(l => l.ToString("F3", CultureInfo.InvariantCulture))));
        Assert.Equal(4, loss.Length);
        Assert.True(Math.Max(loss[2], loss[3]) > 0.1, "shuffling a petal measurement costs accuracy");
        Assert.True(Math.Max(loss[2], loss[3]) > 2 * Math.Max(loss[0], loss[1]), "the petals matter more than the sepals");
    }

    [Fact]
    public void Options_SetTheRecipeAndTheSeed()
    {
        IDataView data = IrisWithFeatures();
        BackpropOptions Options(int seed) => new() { Recipe = new Recipe { HiddenLayers = [8, 5], Epochs = 30 }, Seed = seed };

        using var a = _ml.MulticlassClassification.Trainers.Backprop(Options(3)).Fit(data);
        using var b = _ml.MulticlassClassification.Trainers.Backprop(Options(3)).Fit(data);
        using var c = _ml.MulticlassClassification.Trainers.Backprop(Options(4)).Fit(data);

        Assert.Equal([4, 8, 5, 3], a.Model.LayerSizes);
        Assert.True(a.Training.Iterations <= 30 * 3, $"{a.Training.Iterations} steps");   // 135 training rows: 3 batches of 64 an epoch
        float[][] Scores(ITransformer m) => [.. m.Transform(data).GetColumn<float[]>("Score")];
        Assert.Equal(Scores(a), Scores(b));                          // the same seed trains the same network
        Assert.NotEqual(Scores(a), Scores(c));
    }

    [Fact]
    public void Binary_GivesScoreProbabilityAndLabel_AndBeatsALineOnACircle()
    {
        IDataView data = Load<CirclePoint>(MLNetData.WriteCircle(_folder));
        var features = _ml.Transforms.Concatenate("Features", "X", "Y");
        var backprop = _ml.BinaryClassification.CrossValidate(data, features.Append(_ml.BinaryClassification.Trainers.Backprop()), numberOfFolds: 5, seed: 1);
        var line = _ml.BinaryClassification.CrossValidate(data, features.Append(_ml.BinaryClassification.Trainers.LbfgsLogisticRegression()), numberOfFolds: 5, seed: 1);

        double ours = backprop.Average(f => f.Metrics.Accuracy), theirs = line.Average(f => f.Metrics.Accuracy);
        output.WriteLine($"circle 5-fold accuracy: Backprop {ours:F4}, LbfgsLogisticRegression {theirs:F4}");
        Assert.True(ours >= 0.93, $"Backprop's 5-fold accuracy {ours:F4}");
        Assert.True(ours >= theirs + 0.15, $"Backprop {ours:F4} against logistic regression {theirs:F4}");
        Assert.True(backprop.Average(f => f.Metrics.AreaUnderRocCurve) >= 0.97);

        IDataView scored = backprop[0].Model.Transform(data);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Probability"].Type);
        Assert.Equal(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        float[] score = [.. scored.GetColumn<float>("Score")], probability = [.. scored.GetColumn<float>("Probability")];
        bool[] predicted = [.. scored.GetColumn<bool>("PredictedLabel")];
        for (int row = 0; row < score.Length; row++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-score[row])), probability[row], 1e-6);   // float32 σ
            Assert.Equal(score[row] > 0, predicted[row]);
        }
    }

    [Fact]
    public void Binary_ProbabilityIsTheNetworksOwn()
    {
        IDataView circles = Load<CirclePoint>(MLNetData.WriteCircle(_folder));
        IDataView data = _ml.Transforms.Concatenate("Features", "X", "Y").Fit(circles).Transform(circles);
        using var model = _ml.BinaryClassification.Trainers.Backprop().Fit(data);
        float[] probability = [.. model.Transform(data).GetColumn<float>("Probability")];
        float[] x = [.. data.GetColumn<float>("X")], y = [.. data.GetColumn<float>("Y")];

        Assert.Equal(["false", "true"], model.Model.Classes!);
        Span<double> p = stackalloc double[2];
        for (int row = 0; row < 20; row++)
        {
            model.Model.Predict([x[row], y[row]], p);                  // softmax over (false, true)
            Assert.Equal(p[1], probability[row], 5);
        }
    }

    [Fact]
    public void Regression_GivesScore_AndBeatsALineOnACurve()
    {
        IDataView data = Load<CurvePoint>(MLNetData.WriteCurve(_folder));
        var features = _ml.Transforms.Concatenate("Features", "X1", "X2");
        var backprop = _ml.Regression.CrossValidate(data, features.Append(_ml.Regression.Trainers.Backprop()), numberOfFolds: 5, seed: 1);
        var line = _ml.Regression.CrossValidate(data, features.Append(_ml.Transforms.NormalizeMeanVariance("Features")).Append(_ml.Regression.Trainers.OnlineGradientDescent()), numberOfFolds: 5, seed: 1);

        double ours = backprop.Average(f => f.Metrics.RSquared), theirs = line.Average(f => f.Metrics.RSquared);
        output.WriteLine($"curve 5-fold R²: Backprop {ours:F4}, OnlineGradientDescent {theirs:F4}");
        Assert.True(ours >= 0.9, $"Backprop's 5-fold R² {ours:F4}");
        Assert.True(ours >= theirs + 0.3, $"Backprop {ours:F4} against a line (online gradient descent) {theirs:F4}");
        Assert.Equal(NumberDataViewType.Single, backprop[0].Model.Transform(data).Schema["Score"].Type);
    }

    [Fact]
    public void SavedModels_LoadInAFreshProcess_AndPredictTheSame()
    {
        IDataView iris = Iris();
        string circle = MLNetData.WriteCircle(_folder), curve = MLNetData.WriteCurve(_folder);
        IDataView circles = Load<CirclePoint>(circle), curves = Load<CurvePoint>(curve);
        var cases = new (string Name, IEstimator<ITransformer> Pipeline, IDataView Data, string Csv)[]
        {
            ("iris", IrisPipeline(), iris, MLNetData.IrisCsv),
            ("circle", _ml.Transforms.Concatenate("Features", "X", "Y").Append(_ml.BinaryClassification.Trainers.Backprop()), circles, circle),
            ("curve", _ml.Transforms.Concatenate("Features", "X1", "X2").Append(_ml.Regression.Trainers.Backprop()), curves, curve),
        };
        foreach (var (name, pipeline, data, csv) in cases)
        {
            ITransformer model = pipeline.Fit(data);
            string zip = Path.Combine(_folder, name + ".zip");
            _ml.Model.Save(model, data.Schema, zip);
            string[] here = [.. Backprop.MLNet.LoadCheck.Program.Predictions(_ml, model, data.Schema, csv)];

            string[] there = RunLoadCheck(zip, csv);

            Assert.Equal(here.Length, there.Length);
            for (int row = 0; row < here.Length; row++) AssertSamePrediction(name, here[row], there[row]);
        }
    }

    // The same fields, numbers to 1e-5 (relative), text exactly.
    private static void AssertSamePrediction(string name, string expected, string actual)
    {
        string[] e = expected.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries), a = actual.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(e.Length == a.Length, $"{name}: '{expected}' against '{actual}'");
        for (int i = 0; i < e.Length; i++)
        {
            if (double.TryParse(e[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                && double.TryParse(a[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
                Assert.True(Math.Abs(x - y) <= 1e-5 * Math.Max(1, Math.Abs(x)), $"{name}: '{expected}' against '{actual}'");
            else
                Assert.Equal(e[i], a[i]);
        }
    }

    // The load-only program, in its own process with its own dependencies (its deps.json: Backprop.MLNet and what it brings).
    private static string[] RunLoadCheck(string zip, string csv)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "Backprop.MLNet.LoadCheck.dll"), zip, csv }) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the load check did not finish in two minutes");
        Assert.True(process.ExitCode == 0, $"the load check failed: {error.Result}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void WrongColumns_AreRefusedInMLNetsWords()
    {
        IDataView data = Iris();
        var concatenated = _ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth");

        // A string label that was not made a key.
        var noKey = Assert.Throws<ArgumentOutOfRangeException>(() => concatenated.Append(_ml.MulticlassClassification.Trainers.Backprop()).Fit(data));
        Assert.StartsWith("Schema mismatch for label column 'Label': expected Key, got String", noKey.Message);

        // Features in float64.
        var doubles = concatenated.Append(_ml.Transforms.Conversion.ConvertType("Features", outputKind: DataKind.Double))
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label"));
        var wide = Assert.Throws<ArgumentOutOfRangeException>(() => doubles.Append(_ml.MulticlassClassification.Trainers.Backprop()).Fit(data));
        Assert.StartsWith("Schema mismatch for feature column 'Features': expected known-size vector of Single, got Vector<Double>", wide.Message);
        IDataView doubled = doubles.Fit(data).Transform(data);       // and from Fit itself, with the type's size
        var direct = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.MulticlassClassification.Trainers.Backprop().Fit(doubled));
        Assert.StartsWith("Schema mismatch for feature column 'Features': expected known-size vector of Single, got Vector<Double, 4>", direct.Message);

        // A missing column, and the binary and regression labels.
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Regression.Trainers.Backprop(featureColumnName: "Measurements").Fit(concatenated.Fit(data).Transform(data)));
        Assert.StartsWith("Could not find feature column 'Measurements'", missing.Message);
        var keyed = concatenated.Append(_ml.Transforms.Conversion.MapValueToKey("Label"));
        var binary = Assert.Throws<ArgumentOutOfRangeException>(() => keyed.Append(_ml.BinaryClassification.Trainers.Backprop()).Fit(data));
        Assert.StartsWith("Schema mismatch for label column 'Label': expected Boolean, got Key<UInt32>", binary.Message);
        var regression = Assert.Throws<ArgumentOutOfRangeException>(() => keyed.Append(_ml.Regression.Trainers.Backprop()).Fit(data));
        Assert.StartsWith("Schema mismatch for label column 'Label': expected Single, got Key<UInt32>", regression.Message);
    }

    [Fact]
    public void RowsWithoutALabelOrWithANaNFeature_AreSkipped()
    {
        // Every tenth row has a NaN measurement, and virginica is not a key of the label (its rows' key is 0, missing).
        Iris[] rows = [.. _ml.Data.CreateEnumerable<Iris>(Iris(), reuseRowObject: false)];
        for (int i = 0; i < rows.Length; i += 10) rows[i].PetalWidth = float.NaN;
        IDataView data = _ml.Data.LoadFromEnumerable(rows);
        IDataView known = _ml.Data.LoadFromEnumerable(new[] { new { Label = "setosa" }, new { Label = "versicolor" } });
        IDataView features = _ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth")
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label", keyData: known)).Fit(data).Transform(data);

        using var model = _ml.MulticlassClassification.Trainers.Backprop().Fit(features);

        Assert.Equal(["setosa", "versicolor"], model.Model.Classes!);
        Assert.True(model.Model.IsFinite(), "a NaN feature reached the weights");
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(features));   // the evaluator skips the same rows
        Assert.Equal(1.0, metrics.MicroAccuracy);                        // setosa and versicolor: a line apart
    }

    [Fact]
    public void Fit_LeavesNoTemporaryFileOfItsOwn()
    {
        string[] Ours() => Directory.GetFiles(Path.GetTempPath(), "backprop-mlnet-*.onnx");
        string[] before = Ours();
        IDataView data = Iris();
        using (var model = (IDisposable)IrisPipeline(new BackpropOptions { Recipe = new Recipe { Epochs = 2 } }).Fit(data)) { }
        Assert.Equal(before, Ours());
    }
}
