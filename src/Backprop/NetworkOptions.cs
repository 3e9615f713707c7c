namespace Backprop;

/// <summary>The design of a new network beyond its layer sizes; the defaults are the worksheet's.</summary>
public sealed record NetworkOptions
{
    /// <summary>The activation of every hidden layer (σ by default), unless <see cref="HiddenActivations"/> names one per layer.</summary>
    public Activation HiddenActivation { get; init; } = Activation.Logistic;

    /// <summary>One activation per hidden layer, first to last; overrides <see cref="HiddenActivation"/> when set.</summary>
    public IReadOnlyList<Activation>? HiddenActivations { get; init; }

    /// <summary>The output layer's activation (σ by default; softmax for classes).</summary>
    public Activation OutputActivation { get; init; } = Activation.Logistic;

    /// <summary>The loss the network is trained on (squared by default).</summary>
    public Loss Loss { get; init; } = Loss.Squared;

    /// <summary>How weights and biases are drawn (the worksheet's randn/2 by default).</summary>
    public Initialization Initialization { get; init; } = Initialization.Worksheet;

    /// <summary>The features made from a sample's inputs that layer 1 takes, if any: the layer sizes start at their count.</summary>
    public InputFeatures? InputFeatures { get; init; }

    /// <summary>The input standardisation the network applies before its first layer (to the features, when there are some), if any.</summary>
    public InputScaling? InputScaling { get; init; }

    /// <summary>The standardisation of a regression's targets the layers learn, undone by every prediction, if any.</summary>
    public TargetScaling? TargetScaling { get; init; }

    /// <summary>The class labels, one per output, when the outputs are class probabilities.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>The element type the network computes in: float64 (the worksheet's, the default) or float32 (PyTorch's default, about twice as fast on big layers).</summary>
    public Precision Precision { get; init; }

    /// <summary>Return the activation of layer n (1..L) of a network with <paramref name="layerCount"/> layers.</summary>
    /// <exception cref="ArgumentException"><see cref="HiddenActivations"/> does not have one entry per hidden layer.</exception>
    public Activation ActivationOf(int n, int layerCount)
    {
        if (n == layerCount) return OutputActivation;
        if (HiddenActivations is null) return HiddenActivation;
        if (HiddenActivations.Count != layerCount - 1)
            throw new ArgumentException($"{HiddenActivations.Count} hidden activations for {layerCount - 1} hidden layers", nameof(HiddenActivations));
        return HiddenActivations[n - 1];
    }
}
