using ScottPlot;

namespace Backprop;

/// <summary>The colour of each class (or output), strong for samples and as a light tint for the plane behind them.</summary>
internal static class ClassColors
{
    /// <summary>Return the strong colour of class <paramref name="k"/> (0-based): matplotlib's Category10, repeating after ten.</summary>
    public static Color Of(int k) => Colors.Category10[k % Colors.Category10.Length];

    /// <summary>Return the light tint of class <paramref name="k"/>: its colour mixed 70% with white.</summary>
    public static Color TintOf(int k) => Of(k).MixedWith(Colors.White, 0.7);

    /// <summary>Return a heatmap colormap that gives class k's tint to cells holding k = 0 … K − 1, with the range [0, K − 1].</summary>
    public static IColormap Tints(int classes) => new ClassTints(classes);

    private sealed class ClassTints(int classes) : IColormap
    {
        public string Name => "class tints";

        // position = k / (K − 1); rounding undoes the division's last-bit error.
        public Color GetColor(double position) => TintOf((int)Math.Round(Math.Clamp(position, 0, 1) * (classes - 1)));
    }
}
