namespace Backprop.Cli;

/// <summary>The value of a command's <c>--precision</c>: a name from <see cref="Catalog.Precisions"/>.</summary>
internal static class PrecisionOption
{
    /// <summary>The precision <paramref name="name"/> names, or null when it names none (or is not given).</summary>
    public static Precision? Parse(string? name) => Catalog.PrecisionFromName(name)?.Kind;

    /// <summary>Why <paramref name="name"/> is not a precision, or null when it is one or is not given.</summary>
    public static string? Problem(string? name) => name is null || Parse(name) is not null ? null
        : $"--precision must be {NamesDescriptionAttribute.Either(Catalog.Precisions.Select(p => p.Name))}, not \"{name}\"";
}
