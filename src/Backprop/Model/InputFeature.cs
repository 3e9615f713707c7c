using System.Globalization;
using System.Text.RegularExpressions;

namespace Backprop;

/// <summary>
/// One input of layer 1 made from a sample's own inputs x₁ … x_d, as TensorFlow Playground offers them: an input itself
/// (<c>x1</c>), its square (<c>x1^2</c>), a product of two (<c>x1*x2</c>) or a sine (<c>sin(x1)</c>).
/// </summary>
/// <remarks>Inputs are numbered from 1, as in the data file's columns and the page: x₁ is the first.</remarks>
public sealed partial class InputFeature : IEquatable<InputFeature>
{
    private InputFeature(InputFeatureKind kind, int first, int second)
    {
        Kind = kind;
        First = first;
        Second = second;
    }

    /// <summary>Input xᵢ itself.</summary>
    /// <param name="i">The input, from 1.</param>
    public static InputFeature Input(int i) => new(InputFeatureKind.Input, Checked(i), Checked(i));

    /// <summary>xᵢ².</summary>
    /// <param name="i">The input, from 1.</param>
    public static InputFeature Square(int i) => new(InputFeatureKind.Square, Checked(i), Checked(i));

    /// <summary>xᵢ·xⱼ (i &lt; j; the square is <see cref="Square"/>).</summary>
    /// <param name="i">One input, from 1.</param>
    /// <param name="j">Another, from 1.</param>
    /// <exception cref="ArgumentException">i = j.</exception>
    public static InputFeature Product(int i, int j) => i == j
        ? throw new ArgumentException($"x{i}*x{i} is x{i}^2", nameof(j))
        : new(InputFeatureKind.Product, Math.Min(Checked(i), Checked(j)), Math.Max(i, j));

    /// <summary>sin xᵢ.</summary>
    /// <param name="i">The input, from 1.</param>
    public static InputFeature Sine(int i) => new(InputFeatureKind.Sine, Checked(i), Checked(i));

    /// <summary>What it computes from the inputs.</summary>
    public InputFeatureKind Kind { get; }

    /// <summary>The input it is made from (from 1); for a product, the lower-numbered one.</summary>
    public int First { get; }

    /// <summary>For a product, the other input (from 1); otherwise <see cref="First"/>.</summary>
    public int Second { get; }

    /// <summary>The highest input it uses (from 1): data for it needs at least this many inputs.</summary>
    public int HighestInput => Second;

    /// <summary>Its value for one sample's inputs x (x[0] is x₁).</summary>
    public double Of(ReadOnlySpan<double> x) => Kind switch
    {
        InputFeatureKind.Input => x[First - 1],
        InputFeatureKind.Square => x[First - 1] * x[First - 1],
        InputFeatureKind.Product => x[First - 1] * x[Second - 1],
        _ => Math.Sin(x[First - 1]),
    };

    /// <summary>Add the ONNX nodes that compute it, [N, 1], from the inputs' columns (<paramref name="column"/>(i) is xᵢ, [N, 1]).</summary>
    internal string AddToOnnx(OnnxGraph graph, Func<int, string> column, string output) => Kind switch
    {
        InputFeatureKind.Input => graph.Node("Identity", [column(First)], output),
        InputFeatureKind.Square or InputFeatureKind.Product => graph.Node("Mul", [column(First), column(Second)], output),
        _ => graph.Node("Sin", [column(First)], output),
    };

    /// <summary>The name on the command line and in model files: <c>x1</c>, <c>x1^2</c>, <c>x1*x2</c>, <c>sin(x1)</c>.</summary>
    public string Name => Kind switch
    {
        InputFeatureKind.Input => $"x{First}",
        InputFeatureKind.Square => $"x{First}^2",
        InputFeatureKind.Product => $"x{First}*x{Second}",
        _ => $"sin(x{First})",
    };

    /// <summary>The name as the page writes it: x₁, x₁², x₁x₂, sin x₁.</summary>
    public string Label => Kind switch
    {
        InputFeatureKind.Input => $"x{Subscript(First)}",
        InputFeatureKind.Square => $"x{Subscript(First)}²",
        InputFeatureKind.Product => $"x{Subscript(First)}x{Subscript(Second)}",
        _ => $"sin x{Subscript(First)}",
    };

    /// <summary>
    /// Read a feature's name: <c>x1</c>, <c>x1^2</c> (or <c>x1²</c>), <c>x1*x2</c> (or <c>x1x2</c>), <c>sin(x1)</c> (or
    /// <c>sin x1</c>); case and spaces do not matter. Null when the text is none of them.
    /// </summary>
    public static InputFeature? FromName(string? name)
    {
        if (name is null) return null;
        string text = name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        Match match = Pattern().Match(text);
        if (!match.Success) return null;
        if (!int.TryParse(match.Groups["i"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i < 1) return null;
        if (match.Groups["sine"].Success) return Sine(i);
        if (match.Groups["square"].Success) return Square(i);
        if (!match.Groups["j"].Success) return Input(i);
        if (!int.TryParse(match.Groups["j"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int j) || j < 1) return null;
        return i == j ? Square(i) : Product(i, j);
    }

    [GeneratedRegex(@"^(?:(?<sine>sin)\(x(?<i>\d{1,6})\)|(?<sine>sin)x(?<i>\d{1,6})|x(?<i>\d{1,6})(?:(?<square>\^2|²)|\*?x(?<j>\d{1,6}))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <inheritdoc/>
    public bool Equals(InputFeature? other) => other is not null && other.Kind == Kind && other.First == First && other.Second == Second;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as InputFeature);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, First, Second);

    /// <summary>Return <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    private static int Checked(int i) => i >= 1 ? i : throw new ArgumentOutOfRangeException(nameof(i), i, "inputs are numbered from 1");

    private static string Subscript(int i) => string.Concat(i.ToString(CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}

/// <summary>What an <see cref="InputFeature"/> computes.</summary>
public enum InputFeatureKind
{
    /// <summary>xᵢ.</summary>
    Input,

    /// <summary>xᵢ².</summary>
    Square,

    /// <summary>xᵢ·xⱼ.</summary>
    Product,

    /// <summary>sin xᵢ.</summary>
    Sine,
}
