using System.ComponentModel;

namespace Backprop.Cli;

/// <summary>
/// An option's help text that names what the library has, at run time rather than by a hand-written list: in the
/// text, <c>{hidden}</c> becomes the element-wise activations (<c>logistic, tanh, relu, … or identity</c>),
/// <c>{outputs}</c> every activation, <c>{losses}</c> every loss, <c>{losses described}</c> with their descriptions,
/// <c>{initializations}</c> every initialisation with its description, <c>{initialization}</c> the default one,
/// <c>{precisions}</c> every precision with its description. Spectre.Console.Cli reads it as any description.
/// </summary>
/// <param name="template">The text, with its placeholders.</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NamesDescriptionAttribute(string template) : DescriptionAttribute(template)
{
    public override string Description => DescriptionValue
        .Replace("{hidden}", Either(Activation.All.Where(a => a.IsElementWise).Select(a => a.Name)), StringComparison.Ordinal)
        .Replace("{outputs}", Either(Activation.All.Select(a => a.Name)), StringComparison.Ordinal)
        .Replace("{losses}", Either(Loss.All.Select(l => l.Name)), StringComparison.Ordinal)
        .Replace("{losses described}", Either(Catalog.Losses.Select(l => $"{l.Name} ({l.Description})")), StringComparison.Ordinal)
        .Replace("{initializations}", Either(Catalog.Initializations.Select(i => $"{i.Name} ({i.Description})")), StringComparison.Ordinal)
        .Replace("{initialization}", Catalog.Initializations[0].Name, StringComparison.Ordinal)
        .Replace("{precisions}", Either(Catalog.Precisions.Select(p => $"{p.Name} ({p.Description})")), StringComparison.Ordinal);

    /// <summary>"a, b or c".</summary>
    public static string Either(IEnumerable<string> names)
    {
        string[] all = [.. names];
        return all.Length < 2 ? string.Concat(all) : $"{string.Join(", ", all[..^1])} or {all[^1]}";
    }
}
