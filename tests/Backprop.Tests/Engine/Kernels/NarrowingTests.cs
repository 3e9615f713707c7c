namespace Backprop.Tests.Engine.Kernels;

/// <summary>
/// The vector rounding of doubles to float32 (a float32 network's parameters every step and pass) gives what a cast
/// gives, value by value: nearest, ties to even, overflow to ±∞, subnormals, NaN; on every length, vectors and tail.
/// The way back (its gradients every pass) gives each float's double exactly, or its sum with what is there.
/// </summary>
public class NarrowingTests
{
    private static double[] Values(int count, int seed)
    {
        var random = new NumpyRandom((uint)seed);
        double[] special =
        [
            0.1, -0.0, 1 + Math.Pow(2, -24), 1 + 3 * Math.Pow(2, -24), 1 + Math.Pow(2, -24) + Math.Pow(2, -40),   // ties to even, and just past
            3.4028235677973366e38, 3.5e38, -1e39, double.PositiveInfinity, double.NegativeInfinity, double.NaN,   // float's largest, overflow
            1e-40, -1.4e-45, 7e-46, 1e-320, double.Epsilon,                                                        // float subnormals and below
        ];
        return [.. Enumerable.Range(0, count).Select(i => i < special.Length && count > 20 ? special[i] : random.NextGaussian() * Math.Pow(10, random.NextDouble() * 20 - 10))];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(64)]
    [InlineData(1003)]
    public void Narrow_GivesTheCastOfEveryValue(int count)
    {
        double[] values = Values(count, 3 + count);
        var narrowed = new float[count];

        Elementwise.Narrow(values, narrowed);

        for (int i = 0; i < count; i++)
            Assert.True(BitConverter.SingleToInt32Bits((float)values[i]) == BitConverter.SingleToInt32Bits(narrowed[i]), $"[{i}] {values[i]:R}: {narrowed[i]:R}, cast {(float)values[i]:R}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(1003)]
    public void RoundToSingle_GivesTheCastOfEveryValue_AsDoubles(int count)
    {
        double[] values = Values(count, 5 + count), rounded = (double[])values.Clone();

        Elementwise.RoundToSingle(rounded);

        for (int i = 0; i < count; i++)
            Assert.True(BitConverter.DoubleToInt64Bits((float)values[i]) == BitConverter.DoubleToInt64Bits(rounded[i]), $"[{i}] {values[i]:R}: {rounded[i]:R}, cast {(double)(float)values[i]:R}");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(8, false)]
    [InlineData(15, true)]
    [InlineData(64, true)]
    [InlineData(1003, false)]
    [InlineData(1003, true)]
    public void Widen_GivesTheCastOfEveryFloat_OrAddsIt(int count, bool add)
    {
        float[] floats = [.. Values(count, 7 + count).Select(v => (float)v)];
        double[] before = Values(count, 11 + count), widened = (double[])before.Clone();

        Elementwise.Widen(floats, widened, add);

        for (int i = 0; i < count; i++)
        {
            double expected = add ? before[i] + floats[i] : floats[i];
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(widened[i]), $"[{i}] {floats[i]:R} onto {before[i]:R}: {widened[i]:R}, expected {expected:R}");
        }
    }
}
