namespace Backprop;

/// <summary>How a new network's weights and biases are drawn from the seeded generator.</summary>
public enum Initialization
{
    /// <summary>
    /// The worksheet's <c>reset_network</c>: W⁽¹⁾ … W⁽ᴸ⁾ then b⁽¹⁾ … b⁽ᴸ⁾, each <c>randn(rows, columns) / 2</c>. The default.
    /// </summary>
    Worksheet,

    /// <summary>
    /// Glorot (Xavier) uniform: each W⁽ⁿ⁾ uniform on ±√(6 / (nₙ₋₁ + nₙ)), biases zero (PyTorch's <c>xavier_uniform_</c>);
    /// suits tanh and logistic layers.
    /// </summary>
    Glorot,

    /// <summary>He (Kaiming) normal: each W⁽ⁿ⁾ normal with std √(2 / nₙ₋₁), biases zero (PyTorch's <c>kaiming_normal_</c>); suits relu.</summary>
    He,
}
