using System.Numerics;
namespace Backprop;

/// <summary>
/// The cost C a network is trained to lower, averaged over the N samples: <see cref="Squared"/> (the worksheet's, the
/// default) or <see cref="CrossEntropy"/> (for logistic or softmax outputs).
/// </summary>
/// <remarks>
/// Each loss keeps its per-sample value and its derivative ∂C/∂z⁽ᴸ⁾ side by side in its own file
/// (<c>SquaredLoss.cs</c>, <c>CrossEntropyLoss.cs</c>). Both are computed from z⁽ᴸ⁾ and a⁽ᴸ⁾ of each sample, so
/// the backward pass starts from δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾ whatever the output activation.
/// </remarks>
public sealed class Loss
{
    private Loss(string name, LossKind kind, string description)
    {
        Name = name;
        Kind = kind;
        Description = description;
    }

    /// <summary>C = (1/N) Σₖ ‖a⁽ᴸ⁾ₖ − yₖ‖², the worksheet's cost (no ½); any output activation.</summary>
    public static Loss Squared { get; } = new("squared", LossKind.Squared, "C = (1/N) Σ‖a − y‖², the worksheet's; any output");

    /// <summary>
    /// With a softmax output C = −(1/N) Σₖ Σⱼ yₖⱼ log aₖⱼ; with a logistic output the binary form
    /// C = −(1/N) Σₖ Σⱼ [yₖⱼ log aₖⱼ + (1 − yₖⱼ) log(1 − aₖⱼ)]. Both computed stably from z.
    /// </summary>
    public static Loss CrossEntropy { get; } = new("cross-entropy", LossKind.CrossEntropy, "C = −(1/N) Σ y·log a, binary with a logistic output; needs a logistic or softmax output");

    /// <summary>Every loss, in the order the help lists them.</summary>
    public static IReadOnlyList<Loss> All { get; } = [Squared, CrossEntropy];

    /// <summary>The name used on the command line and in model files, for example <c>cross-entropy</c>.</summary>
    public string Name { get; }

    /// <summary>One line on what it computes and what it needs.</summary>
    public string Description { get; }

    internal LossKind Kind { get; }

    /// <summary>Return the loss called <paramref name="name"/>, or null if there is none.</summary>
    public static Loss? FromName(string? name) => All.FirstOrDefault(l => l.Name == name);

    /// <summary>Return whether this loss is defined for an output layer with <paramref name="output"/> activation.</summary>
    public bool Supports(Activation output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Kind == LossKind.Squared || output == Activation.Logistic || output == Activation.Softmax;
    }

    /// <summary>
    /// Return one sample's share of N·C and write its δ = ∂C/∂z⁽ᴸ⁾ times <paramref name="scale"/> (1/N for the mean).
    /// </summary>
    /// <param name="output">The output layer's activation.</param>
    /// <param name="z">z⁽ᴸ⁾ of the sample (n_L values).</param>
    /// <param name="a">a⁽ᴸ⁾ = f(z⁽ᴸ⁾) of the sample.</param>
    /// <param name="y">The sample's targets.</param>
    /// <param name="scale">The factor δ is multiplied by.</param>
    /// <param name="delta">Where δ goes (n_L values).</param>
    internal double SampleValueAndDelta<T>(Activation output, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> y,
        T scale, Span<T> delta) where T : unmanaged, IFloatingPointIeee754<T> => Kind == LossKind.Squared
            ? SquaredLoss.SampleValueAndDelta(output, a, y, scale, delta)
            : CrossEntropyLoss.SampleValueAndDelta(output, z, a, y, scale, delta);

    /// <summary>Return the name.</summary>
    public override string ToString() => Name;
}

/// <summary>The losses, for switches in the hot loops.</summary>
internal enum LossKind { Squared, CrossEntropy }
