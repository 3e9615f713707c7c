using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// The function a layer applies to its weighted sums, a = f(z): <see cref="Logistic"/> (the worksheet's σ, the default),
/// <see cref="Tanh"/>, <see cref="Relu"/>, <see cref="Identity"/>, or <see cref="Softmax"/> for an output layer.
/// </summary>
/// <remarks>
/// Each one's value and derivative sit side by side in its own file (<c>Logistic.cs</c>, <c>TanhActivation.cs</c>, …).
/// The derivative is taken from the value a, which the backward pass has at hand: σ' = a(1 − a), tanh' = 1 − a²,
/// relu' = [a &gt; 0] (0 at z = 0, as PyTorch), identity' = 1. Softmax mixes a sample's neurons, so it has no
/// element-wise derivative; the losses handle it (see <see cref="Loss"/>).
/// </remarks>
public sealed class Activation
{
    private Activation(string name, ActivationKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>σ(z) = 1 / (1 + e^(−z)), the worksheet's activation and the default.</summary>
    public static Activation Logistic { get; } = new("logistic", ActivationKind.Logistic);

    /// <summary>tanh(z).</summary>
    public static Activation Tanh { get; } = new("tanh", ActivationKind.Tanh);

    /// <summary>max(z, 0).</summary>
    public static Activation Relu { get; } = new("relu", ActivationKind.Relu);

    /// <summary>z itself (a linear layer).</summary>
    public static Activation Identity { get; } = new("identity", ActivationKind.Identity);

    /// <summary>aⱼ = e^(zⱼ) / Σᵢ e^(zᵢ) over one sample's neurons; for the output layer only.</summary>
    public static Activation Softmax { get; } = new("softmax", ActivationKind.Softmax);

    /// <summary>Every activation, in the order the help lists them.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Logistic, Tanh, Relu, Identity, Softmax];

    /// <summary>The name used on the command line and in model files, for example <c>tanh</c>.</summary>
    public string Name { get; }

    internal ActivationKind Kind { get; }

    /// <summary>Whether the activation acts on each neuron alone (all but softmax), so it can serve a hidden layer.</summary>
    public bool IsElementWise => Kind != ActivationKind.Softmax;

    /// <summary>Return the activation called <paramref name="name"/>, or null if there is none.</summary>
    public static Activation? FromName(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>Compute a = f(z) for one sample's neurons (softmax needs them all); <paramref name="a"/> may be <paramref name="z"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="z"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<double> z, Span<double> a)
    {
        if (a.Length < z.Length) throw new ArgumentException($"the destination holds {a.Length} values, fewer than the {z.Length} inputs", nameof(a));
        switch (Kind)
        {
            case ActivationKind.Logistic: Backprop.Logistic.Value(z, a); break;
            case ActivationKind.Tanh: TanhActivation.Value(z, a); break;
            case ActivationKind.Relu: ReluActivation.Value(z, a); break;
            case ActivationKind.Identity: z.CopyTo(a); break;
            default: SoftmaxActivation.Value(z, a); break;
        }
    }

    /// <summary>Compute f'(z) from the value a = f(z), for an element-wise activation.</summary>
    /// <exception cref="InvalidOperationException">The activation is softmax, whose derivative is a matrix.</exception>
    public double DerivativeFromValue(double a) => Kind switch
    {
        ActivationKind.Logistic => Backprop.Logistic.DerivativeFromValue(a),
        ActivationKind.Tanh => TanhActivation.DerivativeFromValue(a),
        ActivationKind.Relu => ReluActivation.DerivativeFromValue(a),
        ActivationKind.Identity => 1,
        _ => throw new InvalidOperationException("softmax has no element-wise derivative"),
    };

    /// <summary>δ ⊙= f'(z), taken from a = f(z), element by element (lengths a multiple of 8); not for softmax.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        switch (Kind)
        {
            case ActivationKind.Logistic: Backprop.Logistic.MultiplyByDerivative(delta, a); break;
            case ActivationKind.Tanh: TanhActivation.MultiplyByDerivative(delta, a); break;
            case ActivationKind.Relu: ReluActivation.MultiplyByDerivative(delta, a); break;
            case ActivationKind.Identity: break;
            default: throw new InvalidOperationException("softmax has no element-wise derivative");
        }
    }

    /// <summary>Return the name.</summary>
    public override string ToString() => Name;
}

/// <summary>The activations, for switches in the hot loops (no virtual calls).</summary>
internal enum ActivationKind { Logistic, Tanh, Relu, Identity, Softmax }
