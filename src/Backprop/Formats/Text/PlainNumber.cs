using System.Globalization;

namespace Backprop;

/// <summary>
/// Numbers as people write them, in help, messages and results: 0.00000001, not 1E-08; the invariant culture. Beyond
/// the magnitudes of everyday numbers (below 1e-15 or from 1e16 on) the exponent stays, so that no number is written
/// with more digits than a double has (a cost of 1.5E+190, not 190 digits).
/// </summary>
internal static class PlainNumber
{
    /// <summary>The smallest magnitude written without an exponent (0 aside).</summary>
    public const double Smallest = 1e-15;

    /// <summary>The magnitude from which the exponent stays (as Python writes floats: 1e16 is where doubles stop holding every integer).</summary>
    public const double Largest = 1e16;

    /// <summary>
    /// Write <paramref name="value"/> with the digits <paramref name="format"/> gives (by default the shortest that read
    /// back as the same double; "G9" for nine significant digits), its exponent, if any, written out as zeros when
    /// the magnitude is from <see cref="Smallest"/> to below <see cref="Largest"/>.
    /// </summary>
    public static string Format(double value, string format = "R")
    {
        string written = value.ToString(format, CultureInfo.InvariantCulture);
        int e = written.IndexOfAny(['E', 'e']);
        if (!double.IsFinite(value) || value == 0) return written;
        if (Math.Abs(value) < Smallest || Math.Abs(value) >= Largest) return e < 0 ? WithExponent(written) : written;
        if (e < 0) return written;
        // d.dddE±x: move the point x places, padding with zeros.
        string mantissa = written[..e], sign = mantissa.StartsWith('-') ? "-" : "";
        string unsigned = mantissa.TrimStart('-');
        string digits = unsigned.Replace(".", "");
        int point = (unsigned.IndexOf('.') is var p and >= 0 ? p : unsigned.Length) + int.Parse(written[(e + 1)..], CultureInfo.InvariantCulture);
        return sign + (point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..]);
    }

    // Digits written out (123456789012345680000) as .NET writes an exponent (1.2345678901234568E+20).
    private static string WithExponent(string plain)
    {
        string sign = plain.StartsWith('-') ? "-" : "", unsigned = plain.TrimStart('-');
        int point = unsigned.IndexOf('.') is var p and >= 0 ? p : unsigned.Length;
        string digits = unsigned.Replace(".", "");
        int first = digits.IndexOfAny(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
        int exponent = point - first - 1;
        string significant = digits[first..].TrimEnd('0');
        string mantissa = significant.Length > 1 ? $"{significant[0]}.{significant[1..]}" : significant;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}E{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }
}
