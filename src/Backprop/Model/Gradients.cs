namespace Backprop;

/// <summary>
/// The cost C at a network's current weights and its Jacobians ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾ for every layer n.
/// </summary>
/// <remarks>
/// <see cref="Layers"/> has the network's own shape: <c>Layers[n - 1].Weights</c> holds ∂C/∂W⁽ⁿ⁾ and
/// <c>Layers[n - 1].Biases</c> holds ∂C/∂b⁽ⁿ⁾. For the worksheet's network they are J_W1 … J_b3.
/// </remarks>
public sealed class Gradients
{
    private readonly Layer[] _layers;

    internal Gradients(IReadOnlyList<int> layerSizes)
    {
        _layers = new Layer[layerSizes.Count - 1];
        for (int n = 1; n < layerSizes.Count; n++) _layers[n - 1] = new Layer(layerSizes[n - 1], layerSizes[n]);
    }

    /// <summary>The cost C (the network's loss averaged over the samples; by default (1/N) Σₖ ‖a⁽ᴸ⁾ₖ − yₖ‖²) at which the Jacobians were taken.</summary>
    public double Cost { get; internal set; }

    /// <summary>The Jacobians per layer: element n − 1 holds ∂C/∂W⁽ⁿ⁾ as weights and ∂C/∂b⁽ⁿ⁾ as biases.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The Jacobians as an array, for the hot loops (no interface calls).</summary>
    internal Layer[] LayerArray => _layers;
}
