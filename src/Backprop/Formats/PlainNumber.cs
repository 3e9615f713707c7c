using System.Globalization;

namespace Backprop;

/// <summary>
/// Numbers as people write them, in help, messages and results: 0.00000001, not 1E-08; the invariant culture.
/// </summary>
internal static class PlainNumber
{
    /// <summary>
    /// Write <paramref name="value"/> with the digits <paramref name="format"/> gives (by default the shortest that read
    /// back as the same double; "G9" for nine significant digits), its exponent, if any, written out as zeros.
    /// </summary>
    public static string Format(double value, string format = "R")
    {
        string written = value.ToString(format, CultureInfo.InvariantCulture);
        int e = written.IndexOfAny(['E', 'e']);
        if (e < 0 || !double.IsFinite(value)) return written;
        // d.dddE±x: move the point x places, padding with zeros.
        string mantissa = written[..e], sign = mantissa.StartsWith('-') ? "-" : "";
        string unsigned = mantissa.TrimStart('-');
        string digits = unsigned.Replace(".", "");
        int point = (unsigned.IndexOf('.') is var p and >= 0 ? p : unsigned.Length) + int.Parse(written[(e + 1)..], CultureInfo.InvariantCulture);
        return sign + (point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..]);
    }
}
