using System.Globalization;
using Backprop;

namespace Backprop.Tests.Cli;

/// <summary>Numbers in messages, help and command lines are written as people write them: no exponent, no lost digits.</summary>
public sealed class PlainNumberTests
{
    [Theory]
    [InlineData(1e-8, "0.00000001")]
    [InlineData(-2.5e-7, "-0.00000025")]
    [InlineData(1.2345e-5, "0.000012345")]
    [InlineData(3e9, "3000000000")]
    [InlineData(9.5e15, "9500000000000000")]
    [InlineData(0.1, "0.1")]
    [InlineData(5, "5")]
    [InlineData(-0.999, "-0.999")]
    [InlineData(0, "0")]
    public void Plain_HasNoExponent(double value, string expected) => Assert.Equal(expected, PlainNumber.Format(value));

    [Theory]
    [InlineData(3.13808245123e-5, "G9", "0.0000313808245")]
    [InlineData(0.000313808245123, "G9", "0.000313808245")]
    [InlineData(1.23456e-10, "G3", "0.000000000123")]
    [InlineData(-9.87654321e12, "G3", "-9880000000000")]
    [InlineData(12.5, "G3", "12.5")]
    public void Plain_WithSignificantDigits_HasNoExponent(double value, string format, string expected) =>
        Assert.Equal(expected, PlainNumber.Format(value, format));

    [Theory]
    [InlineData(1.2345678901234567e190, "1.2345678901234567E+190")]   // a cost that overflowed on its way: not 191 digits
    [InlineData(1.5e20, "1.5E+20")]
    [InlineData(1e16, "1E+16")]
    [InlineData(-6.02214076e23, "-6.02214076E+23")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(9.9e-16, "9.9E-16")]
    public void BeyondEverydayMagnitudes_TheExponentStays(double value, string expected) => Assert.Equal(expected, PlainNumber.Format(value));

    [Theory]
    [InlineData(1e-300)]
    [InlineData(4.9406564584124654e-324)]
    [InlineData(1.7976931348623157e308)]
    [InlineData(1e-15)]
    [InlineData(9.999999999999998e15)]
    [InlineData(0.1 + 0.2)]
    [InlineData(-1.0 / 3)]
    [InlineData(123456789.123456789e-15)]
    public void Plain_ReadsBackAsTheSameDouble_WithNoMoreDigitsThanADoubleHas(double value)
    {
        string plain = PlainNumber.Format(value);

        Assert.Equal(value, double.Parse(plain, CultureInfo.InvariantCulture));
        Assert.Equal(Math.Abs(value) is >= PlainNumber.Smallest and < PlainNumber.Largest, !plain.Contains('E'));
        Assert.InRange(plain.TrimStart('-').TrimStart('0', '.').Replace(".", "").TrimEnd('0').Split('E')[0].Length, 1, 17);
    }
}
