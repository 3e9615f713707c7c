using System.Text;

namespace Backprop;

/// <summary>
/// Text from a file as it may be shown on a terminal: control characters (escape sequences among them), other
/// unprintable characters and lone surrogates written as <c>\u001B</c>, and a quoted value cut to a short excerpt.
/// </summary>
internal static class Excerpt
{
    /// <summary>The most characters of a value an error message quotes.</summary>
    public const int MaxLength = 40;

    /// <summary><paramref name="value"/> in double quotes, printable, at most <see cref="MaxLength"/> characters of it and "…" when cut.</summary>
    public static string Quoted(string? value)
    {
        if (value is null) return "missing";
        bool cut = value.Length > MaxLength;
        return $"\"{Printable(cut ? value[..MaxLength] : value)}{(cut ? "…" : "")}\"";
    }

    /// <summary><paramref name="text"/> with every character a terminal would act on or could not show written as <c>\uXXXX</c>.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape)) return text;
        var printable = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            if (NeedsEscape(c)) printable.Append($"\\u{(int)c:X4}");
            else printable.Append(c);
        return printable.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFEFF'
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.OtherNotAssigned;
}
