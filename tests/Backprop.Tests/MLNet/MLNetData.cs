using System.Globalization;
using Microsoft.ML.Data;

using Backprop.Tests.Cli;

namespace Backprop.Tests.MLNet;

/// <summary>An iris row as ML.NET's samples load it.</summary>
public sealed class Iris
{
    [LoadColumn(0)] public float SepalLength;
    [LoadColumn(1)] public float SepalWidth;
    [LoadColumn(2)] public float PetalLength;
    [LoadColumn(3)] public float PetalWidth;
    [LoadColumn(4), ColumnName("Label")] public string Species = "";
}

/// <summary>What a multiclass prediction engine reads after <c>MapKeyToValue("PredictedLabel")</c>.</summary>
public sealed class IrisPrediction
{
    public string PredictedLabel = "";
    public float[] Score = [];
}

/// <summary>A point and whether it lies inside a circle: a binary label no straight line separates.</summary>
public sealed class CirclePoint
{
    [LoadColumn(0)] public float X;
    [LoadColumn(1)] public float Y;
    [LoadColumn(2)] public bool Label;
}

/// <summary>Two inputs and a smooth nonlinear target with a little noise.</summary>
public sealed class CurvePoint
{
    [LoadColumn(0)] public float X1;
    [LoadColumn(1)] public float X2;
    [LoadColumn(2)] public float Label;
}

/// <summary>The test data sets, written as CSV so a fresh process reads the same rows.</summary>
internal static class MLNetData
{
    public static string IrisCsv => Path.Combine(Repository.Root(), "docs", "iris.csv");

    // 600 points uniform in [-2, 2]², label x² + y² < 1.6 (about a third inside).
    public static string WriteCircle(string folder) => Write(folder, "circle.csv", "x,y,label", new NumpyRandom(7), random =>
    {
        double x = 4 * random.NextDouble() - 2, y = 4 * random.NextDouble() - 2;
        return Invariant($"{(float)x:R},{(float)y:R},{(x * x + y * y < 1.6 ? "true" : "false")}");
    });

    // 600 points, y = sin(2·x₁) + x₂² + N(0, 0.1²), x uniform in [-2, 2]².
    public static string WriteCurve(string folder) => Write(folder, "curve.csv", "x1,x2,y", new NumpyRandom(8), random =>
    {
        double x1 = 4 * random.NextDouble() - 2, x2 = 4 * random.NextDouble() - 2;
        double y = Math.Sin(2 * x1) + x2 * x2 + 0.1 * random.NextGaussian();
        return Invariant($"{(float)x1:R},{(float)x2:R},{(float)y:R}");
    });

    private static string Write(string folder, string name, string header, NumpyRandom random, Func<NumpyRandom, string> row)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllLines(path, [header, .. Enumerable.Range(0, 600).Select(_ => row(random))]);
        return path;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
