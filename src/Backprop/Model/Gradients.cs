namespace Backprop;

/// <summary>
/// The cost C at a network's current weights and its Jacobians ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾ for every layer n.
/// </summary>
/// <remarks>
/// <see cref="Layers"/> has the network's own shape (a <see cref="LayerGradient"/> per layer): <c>Layers[n - 1].Weights</c>
/// holds ∂C/∂W⁽ⁿ⁾ and <c>Layers[n - 1].Biases</c> holds ∂C/∂b⁽ⁿ⁾. For the worksheet's network they are J_W1 … J_b3.
/// </remarks>
public sealed class Gradients
{
    private readonly LayerGradient[] _layers;

    internal Gradients(IReadOnlyList<int> layerSizes)
    {
        _layers = new LayerGradient[layerSizes.Count - 1];
        for (int n = 1; n < layerSizes.Count; n++) _layers[n - 1] = new LayerGradient(layerSizes[n - 1], layerSizes[n]);
    }

    /// <summary>The cost C (the network's loss averaged over the samples; by default (1/N) Σₖ ‖a⁽ᴸ⁾ₖ − yₖ‖²) at which the Jacobians were taken.</summary>
    public double Cost { get; internal set; }

    /// <summary>The Jacobians per layer: element n − 1 holds ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾.</summary>
    public IReadOnlyList<LayerGradient> Layers => _layers;

    /// <summary>The Jacobians as an array, for the hot loops (no interface calls).</summary>
    internal LayerGradient[] LayerArray => _layers;

    /// <summary>The Jacobians' arrays in the worksheet's order: ∂C/∂W⁽¹⁾ … ∂C/∂W⁽ᴸ⁾, then ∂C/∂b⁽¹⁾ … ∂C/∂b⁽ᴸ⁾.</summary>
    internal double[][] ParameterArrays() => [.. _layers.Select(layer => layer.Weights.Values), .. _layers.Select(layer => layer.Biases)];
}
