using System.ComponentModel;

namespace Backprop.Cli;

/// <summary>
/// The help of an option that sets one of the catalog's settings, written from the catalog: which optimizer it belongs
/// to, its description and its default (<c>adam only: decay of the first moment … Default 0.9.</c>). The option's
/// name is the setting's (a test holds every catalog setting to an option of that name).
/// </summary>
/// <param name="name">The setting's name in the catalog: <c>beta1</c>, <c>learning-rate</c>.</param>
/// <param name="extra">Words after the description, before the default (an old name of the option).</param>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SettingDescriptionAttribute(string name, string extra = "") : DescriptionAttribute(name)
{
    /// <summary>The setting's name in the catalog.</summary>
    public string Name => DescriptionValue;

    public override string Description
    {
        get
        {
            if (Name == Catalog.LearningRate.Name)
                return $"{Capital(Catalog.LearningRate.Description)}{extra}. Default "
                    + string.Join(", ", Catalog.Optimizers.Select(o => $"{PlainNumber.Format(o.DefaultLearningRate)} with {o.Name}")) + ".";
            if (Name == Catalog.WeightDecay.Name) return $"{Capital(Catalog.WeightDecay.Description)}{extra}.";
            (Optimizer owner, Setting setting) = CatalogSettings.OfOptimizer(Name);
            string text = $"{owner.Name} only: {setting.Description}{extra}.";
            return setting.IsSwitch ? text : $"{text} Default {PlainNumber.Format(setting.Default)}.";
        }
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>The catalog's settings by name, for the command line.</summary>
internal static class CatalogSettings
{
    /// <summary>The optimizer whose setting is called <paramref name="name"/>, and the setting.</summary>
    /// <exception cref="InvalidOperationException">No optimizer has a setting of that name (a mistake in the tool).</exception>
    public static (Optimizer Owner, Setting Setting) OfOptimizer(string name) =>
        Catalog.Optimizers.SelectMany(o => o.Settings.Select(s => (o, s))).FirstOrDefault(pair => pair.s.Name == name) is ({ } owner, { } setting)
            ? (owner, setting)
            : throw new InvalidOperationException($"no optimizer of the catalog has a setting called {name}");
}
