using System.Globalization;

namespace Backprop;

/// <summary>
/// The values a <see cref="Setting"/> may take: finite numbers from <see cref="Lowest"/> to <see cref="Highest"/>, each
/// end included or not, whole numbers only if said; it says itself in words for messages ("from 0 up to (not
/// including) 1").
/// </summary>
/// <param name="Lowest">The lowest value, or the bound values stay above.</param>
/// <param name="Highest">The highest value, or the bound values stay below; +∞ for none.</param>
/// <param name="IncludesLowest">Whether <paramref name="Lowest"/> itself is allowed.</param>
/// <param name="IncludesHighest">Whether <paramref name="Highest"/> itself is allowed (never when it is +∞).</param>
/// <param name="WholeNumbers">Whether only whole numbers are allowed.</param>
public sealed record SettingRange(double Lowest, double Highest, bool IncludesLowest = true, bool IncludesHighest = true, bool WholeNumbers = false)
{
    /// <summary>Finite numbers, 0 or more: a learning rate, a weight decay, the noise.</summary>
    public static SettingRange ZeroOrMore { get; } = new(0, double.PositiveInfinity);

    /// <summary>Finite numbers above 0: Adam's ε.</summary>
    public static SettingRange Positive { get; } = new(0, double.PositiveInfinity, IncludesLowest: false);

    /// <summary>From 0 up to, not including, 1: a momentum, a decay rate.</summary>
    public static SettingRange Fraction { get; } = new(0, 1, IncludesHighest: false);

    /// <summary>Whole numbers, 1 or more: a batch size, a count.</summary>
    public static SettingRange Counting { get; } = new(1, double.PositiveInfinity, WholeNumbers: true);

    /// <summary>0 (off) or 1 (on): a switch such as Nesterov's step.</summary>
    public static SettingRange Switch { get; } = new(0, 1, WholeNumbers: true);

    /// <summary>Whether this is a switch, on or off (<see cref="Switch"/>).</summary>
    public bool IsSwitch => this == Switch;

    /// <summary>Return whether <paramref name="value"/> is one of the values allowed.</summary>
    public bool Contains(double value) =>
        double.IsFinite(value)
        && (value > Lowest || (IncludesLowest && value == Lowest))
        && (value < Highest || (IncludesHighest && value == Highest))
        && (!WholeNumbers || value == Math.Floor(value));

    /// <summary>The range in words, to follow "must be": "a finite number, 0 or more", "from 0 up to (not including) 1".</summary>
    public override string ToString()
    {
        if (IsSwitch) return "on or off";
        string kind = WholeNumbers ? "a whole number" : "a finite number";
        if (double.IsPositiveInfinity(Highest))
            return (IncludesLowest, Lowest, WholeNumbers) switch
            {
                (false, 0, false) => "a positive number",
                (true, _, true) => $"{N(Lowest)} or more",
                (true, _, false) => $"{kind}, {N(Lowest)} or more",
                _ => $"{kind} above {N(Lowest)}",
            };
        string from = IncludesLowest ? $"from {N(Lowest)}" : $"above {N(Lowest)}";
        string to = IncludesHighest ? $"to {N(Highest)}" : $"up to (not including) {N(Highest)}";
        return $"{from} {to}";
    }

    private static string N(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
