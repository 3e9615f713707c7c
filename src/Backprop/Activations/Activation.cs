namespace Backprop;

/// <summary>
/// The function a layer applies to its weighted sums, a = f(z): <see cref="Logistic"/> (the worksheet's σ, the default),
/// <see cref="Tanh"/>, <see cref="Relu"/>, <see cref="LeakyRelu"/>, <see cref="Softplus"/>, <see cref="Identity"/>, or
/// <see cref="Softmax"/> for an output layer.
/// </summary>
/// <remarks>
/// Each activation describes itself in its own file (<c>LogisticActivation.cs</c>, <c>TanhActivation.cs</c>, …): its
/// value and derivative side by side, their vectorised forms, the values it can take (what targets an output can
/// reach) and its ONNX nodes. The derivative is taken from the value a, which the backward pass has at hand: σ' = a(1 − a),
/// tanh' = 1 − a², relu' = [a &gt; 0] (0 at z = 0, as PyTorch), identity' = 1. Softmax mixes a sample's neurons, so
/// it has no element-wise derivative; the losses handle it (see <see cref="Loss"/>). Adding an activation is one file
/// and one line in <see cref="All"/>; everything that lists activations (help, model files, the playground, ONNX, the
/// tests) takes them from there.
/// </remarks>
public abstract class Activation
{
    private protected Activation(string name, string description, double lowest, double highest, string range)
    {
        Name = name;
        Description = description;
        Lowest = lowest;
        Highest = highest;
        RangeInWords = range;
    }

    /// <summary>σ(z) = 1 / (1 + e^(−z)), the worksheet's activation and the default.</summary>
    public static Activation Logistic { get; } = new LogisticActivation();

    /// <summary>tanh(z).</summary>
    public static Activation Tanh { get; } = new TanhActivation();

    /// <summary>max(z, 0).</summary>
    public static Activation Relu { get; } = new ReluActivation();

    /// <summary>z for z &gt; 0, 0.01·z otherwise (PyTorch's default negative slope).</summary>
    public static Activation LeakyRelu { get; } = new LeakyReluActivation();

    /// <summary>log(1 + e^z), a smooth relu.</summary>
    public static Activation Softplus { get; } = new SoftplusActivation();

    /// <summary>z itself (a linear layer).</summary>
    public static Activation Identity { get; } = new IdentityActivation();

    /// <summary>aⱼ = e^(zⱼ) / Σᵢ e^(zᵢ) over one sample's neurons; for the output layer only.</summary>
    public static Activation Softmax { get; } = new SoftmaxActivation();

    /// <summary>Every activation, in the order the help lists them.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Logistic, Tanh, Relu, LeakyRelu, Softplus, Identity, Softmax];

    /// <summary>The name used on the command line and in model files, for example <c>tanh</c>.</summary>
    public string Name { get; }

    /// <summary>What it computes, in one line, for help and the playground.</summary>
    public string Description { get; }

    /// <summary>The least value it takes (−∞ when unbounded): an output's targets may not be below it.</summary>
    public double Lowest { get; }

    /// <summary>The greatest value it takes (+∞ when unbounded): an output's targets may not be above it.</summary>
    public double Highest { get; }

    /// <summary>Its values in words, for messages: "between 0 and 1", "0 or more", "any number".</summary>
    public string RangeInWords { get; }

    /// <summary>Whether the activation acts on each neuron alone (all but softmax), so it can serve a hidden layer.</summary>
    public virtual bool IsElementWise => true;

    /// <summary>Whether it has a kink (relu and leaky relu at z = 0), where a finite difference straddling it is no derivative.</summary>
    public virtual bool HasKink => false;

    /// <summary>Return the activation called <paramref name="name"/>, or null if there is none.</summary>
    public static Activation? FromName(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>Compute a = f(z) for one sample's neurons (softmax needs them all); <paramref name="a"/> may be <paramref name="z"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="z"/>.</exception>
    public void Apply(ReadOnlySpan<double> z, Span<double> a)
    {
        if (a.Length < z.Length) throw new ArgumentException($"the destination holds {a.Length} values, fewer than the {z.Length} inputs", nameof(a));
        Compute(z, a[..z.Length]);
    }

    /// <summary>Compute f'(z) from the value a = f(z), for an element-wise activation.</summary>
    /// <exception cref="InvalidOperationException">The activation is softmax, whose derivative is a matrix.</exception>
    public abstract double DerivativeFromValue(double a);

    /// <summary>a = f(z), element by element (or, for softmax, over the whole span); the lengths are equal, a may be z.</summary>
    private protected abstract void Compute(ReadOnlySpan<double> z, Span<double> a);

    /// <summary>δ ⊙= f'(z), taken from a = f(z), element by element (lengths a multiple of 8); not for softmax.</summary>
    internal abstract void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a);

    /// <summary>
    /// a = f(z) in place over a tile of the backward pass (one sample per row, <paramref name="width"/> apart, the first
    /// <paramref name="neurons"/> of each real, the rest padding that nothing reads, or that softmax sets to 0).
    /// </summary>
    internal virtual void ApplyToTile(Span<double> tile, int width, int neurons) => Compute(tile, tile);

    /// <summary>
    /// a = f(z) in float32 for one sample's neurons (the float32 engine's forward step); <paramref name="a"/> may be
    /// <paramref name="z"/>. Each activation computes in float32 by the same formulas, or rounds its double value.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="z"/>.</exception>
    internal void Apply(ReadOnlySpan<float> z, Span<float> a)
    {
        if (a.Length < z.Length) throw new ArgumentException($"the destination holds {a.Length} values, fewer than the {z.Length} inputs", nameof(a));
        Compute(z, a[..z.Length]);
    }

    /// <summary>a = f(z) in float32, element by element (or, for softmax, over the whole span); the lengths are equal, a may be z.</summary>
    private protected abstract void Compute(ReadOnlySpan<float> z, Span<float> a);

    /// <summary>δ ⊙= f'(z) in float32, taken from a = f(z), element by element; not for softmax.</summary>
    internal abstract void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a);

    /// <summary>a = f(z) in place over a float32 tile, as <see cref="ApplyToTile(Span{double}, int, int)"/>.</summary>
    internal virtual void ApplyToTile(Span<float> tile, int width, int neurons) => Compute(tile, tile);

    /// <summary>Add the nodes that compute a = f(z) to an ONNX graph, from the tensor <paramref name="z"/> to one named <paramref name="a"/>.</summary>
    internal abstract void AddToOnnx(OnnxGraph graph, string z, string a);

    /// <summary>Return the name.</summary>
    public override string ToString() => Name;
}
