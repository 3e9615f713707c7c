namespace Backprop.Tests.Support;

/// <summary>Comparisons whose tolerance scales with the size of the numbers compared.</summary>
internal static class Assertions
{
    /// <summary>Assert the same doubles, bit for bit.</summary>
    public static void BitEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R}");
    }

    /// <summary>
    /// Assert |actual − expected| ≤ tolerance · max(|expected|, scale) element by element, where scale is the
    /// largest |expected| in the whole array: entries near zero are judged against the array's magnitude.
    /// </summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        double scale = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(scale, double.Epsilon);
            Assert.True(error <= tolerance, $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R} (relative error {error:E2} > {tolerance:E0})");
        }
    }

    public static void Close(Matrix expected, Matrix actual, double tolerance, string what)
    {
        Assert.True(expected.Rows == actual.Rows && expected.Columns == actual.Columns,
            $"{what}: {actual.Rows}×{actual.Columns}, expected {expected.Rows}×{expected.Columns}");
        Close(expected.AsSpan(), actual.AsSpan(), tolerance, what);
    }

    public static void Close(Network expected, Network actual, double tolerance, string what)
    {
        Assert.Equal(expected.LayerSizes, actual.LayerSizes);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            Close(expected.Layers[l].Weights, actual.Layers[l].Weights, tolerance, $"{what} W{l + 1}");
            Close(expected.Layers[l].Biases, actual.Layers[l].Biases, tolerance, $"{what} b{l + 1}");
        }
    }
}
