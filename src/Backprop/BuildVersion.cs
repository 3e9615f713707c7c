using System.Reflection;

namespace Backprop;

/// <summary>
/// The version this build carries (Directory.Build.props and .targets make it: major.minor.commit-count) and the
/// commit it was built from, read from the assembly's informational version, <c>0.11.121+d3b4b36f…</c>.
/// </summary>
internal static class BuildVersion
{
    private static readonly string[] Parts =
        (typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+', 2);

    /// <summary>The version, without the commit: <c>0.11.121</c>.</summary>
    public static string Number => Parts[0];

    /// <summary>The commit it was built from, or null when the build knew none (no git).</summary>
    public static string? Commit => Parts.Length == 2 ? Parts[1] : null;
}
