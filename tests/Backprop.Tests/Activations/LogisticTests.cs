namespace Backprop.Tests;

public class LogisticTests
{
    [Theory]
    [InlineData(0.0, 0.5, 0.25)]                 // by hand: 1/(1+1), cosh(0)^−2/4
    [InlineData(2.0, 0.88079707797788244, 0.10499358540350652)]   // 1/(1+e^−2) and e^−2/(1+e^−2)², from bc -l
    public void ValueAndDerivative_MatchHandCalculation(double z, double value, double derivative)
    {
        Assert.Equal(value, Logistic.Value(z), 15);
        Assert.Equal(derivative, Logistic.Derivative(z), 15);
    }

    [Fact]
    public void Derivative_EqualsValueTimesOneMinusValue()
    {
        for (double z = -40; z <= 40; z += 0.125)
        {
            double a = Logistic.Value(z);
            double expected = a * (1 - a);
            Assert.True(Math.Abs(Logistic.Derivative(z) - expected) <= 1e-15 + 1e-12 * expected, $"z = {z}");
            Assert.Equal(expected, Logistic.DerivativeFromValue(a));
        }
    }

    [Theory]
    [InlineData(800.0)]
    [InlineData(-800.0)]
    [InlineData(1600.0)]
    public void ValueAndDerivative_LargeArguments_StayFinite(double z)
    {
        Assert.True(double.IsFinite(Logistic.Value(z)));
        Assert.True(double.IsFinite(Logistic.Derivative(z)));
        Assert.True(Logistic.Derivative(z) >= 0);
    }

    [Fact]
    public void Value_Span_AgreesWithScalarFormulaOnEveryLength()
    {
        var random = new Random(11);
        for (int length = 0; length <= 70; length++)
        {
            double[] z = Enumerable.Range(0, length).Select(_ => random.NextDouble() * 60 - 30).ToArray();
            double[] a = new double[length];
            Logistic.Value(z, a);
            for (int i = 0; i < length; i++)
                Assert.True(Math.Abs(a[i] - Logistic.Value(z[i])) <= 4e-16, $"length {length}, z = {z[i]}");
        }
    }

    [Fact]
    public void Value_Vector_IsWithinFourUlpOfTheScalarFormula()
    {
        var random = new Random(5);
        double[] z = [.. Enumerable.Range(0, 80_000).Select(i => i < 40_000 ? random.NextDouble() * 80 - 40 : random.NextDouble() * 1400 - 700)];
        double[] a = new double[z.Length];
        Logistic.Value(z, a);
        for (int i = 0; i < z.Length; i++)
        {
            double expected = Logistic.Value(z[i]);
            Assert.True(Math.Abs(a[i] - expected) <= 4 * (Math.BitIncrement(expected) - expected), $"z = {z[i]:R}: {a[i]:R} vs {expected:R}");
        }
    }

    [Theory]
    [InlineData(708.0)]
    [InlineData(709.5)]
    [InlineData(745.0)]
    [InlineData(800.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-708.0)]
    [InlineData(-709.5)]
    [InlineData(-745.0)]
    [InlineData(-800.0)]
    [InlineData(double.NegativeInfinity)]
    public void Value_Vector_ExtremeArguments_AgreeWithTheScalarFormulaBelowTheSubnormals(double z)
    {
        double[] a = new double[8];
        Logistic.Value(Enumerable.Repeat(z, 8).ToArray(), a);
        Assert.All(a, value => Assert.True(Math.Abs(value - Logistic.Value(z)) < 1.2e-308, $"σ({z}) = {value:R}, expected {Logistic.Value(z):R}"));
    }

    [Fact]
    public void Value_Vector_NaN_StaysNaN()
    {
        double[] a = new double[8];
        Logistic.Value([0, double.NaN, 1, 2, 3, 4, 5, 6], a);
        Assert.True(double.IsNaN(a[1]));
        Assert.Equal(0.5, a[0], 15);
    }

    /// <summary>
    /// A tile of sample rows, padded to a multiple of the vector width: σ by the tile routine (which puts two samples'
    /// last vectors in one where they are at most half real) gives each real neuron the bits of σ over the whole tile by
    /// Logistic.Value, on tiles of 1 to 9 rows.
    /// </summary>
    [Theory]
    [InlineData(4, 1)]
    [InlineData(4, 2)]
    [InlineData(4, 3)]
    [InlineData(8, 3)]
    [InlineData(8, 4)]
    [InlineData(8, 5)]
    [InlineData(8, 6)]
    [InlineData(8, 7)]
    [InlineData(12, 9)]
    [InlineData(12, 10)]
    [InlineData(16, 14)]
    public void ApplyToTile_OfPaddedRows_GivesEachNeuronTheBitsOfValue(int width, int neurons)
    {
        var random = new Random(17);
        for (int rows = 1; rows <= 9; rows++)
        {
            double[] z = [.. Enumerable.Range(0, rows * width).Select(i => i % width < neurons ? random.NextDouble() * 80 - 40 : 0)];
            double[] expected = new double[z.Length], tile = (double[])z.Clone();
            Logistic.Value(z, expected);

            Activation.Logistic.ApplyToTile(tile.AsSpan(), width, neurons);

            for (int i = 0; i < z.Length; i++)
                if (i % width < neurons)
                    Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(tile[i]), $"{rows} rows, [{i}] z = {z[i]:R}: {tile[i]:R}, expected {expected[i]:R}");
        }
    }
}
