namespace Backprop;

/// <summary>
/// The Jacobians of the cost for one layer n: ∂C/∂W⁽ⁿ⁾, shaped as W⁽ⁿ⁾ (nₙ × nₙ₋₁), and ∂C/∂b⁽ⁿ⁾, shaped as b⁽ⁿ⁾.
/// For the worksheet's network, layer 2's are J_W2 and J_b2.
/// </summary>
public sealed class LayerGradient
{
    internal LayerGradient(int inputs, int neurons)
    {
        Weights = new Matrix(neurons, inputs);
        Biases = new double[neurons];
    }

    /// <summary>∂C/∂W⁽ⁿ⁾: element (j, k) is ∂C/∂w⁽ⁿ⁾ⱼₖ.</summary>
    public Matrix Weights { get; }

    /// <summary>∂C/∂b⁽ⁿ⁾: element j is ∂C/∂b⁽ⁿ⁾ⱼ.</summary>
    public double[] Biases { get; }
}
