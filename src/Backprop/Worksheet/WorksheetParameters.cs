namespace Backprop;

/// <summary>
/// The worksheet's network as its notebook holds it: the weights W⁽¹⁾, W⁽²⁾, W⁽³⁾ and the biases b⁽¹⁾, b⁽²⁾, b⁽³⁾ as six
/// matrices (its globals <c>W1</c> … <c>b3</c>), for the layers [1, n₁, n₂, 2], logistic throughout.
/// </summary>
/// <remarks>
/// Shapes, neurons × samples as in the worksheet: W⁽¹⁾ is n₁ × 1, W⁽²⁾ n₂ × n₁, W⁽³⁾ 2 × n₂; each bias is a column,
/// n × 1, which broadcasts over the samples.
/// </remarks>
/// <param name="W1">W⁽¹⁾, n₁ × 1.</param>
/// <param name="W2">W⁽²⁾, n₂ × n₁.</param>
/// <param name="W3">W⁽³⁾, 2 × n₂.</param>
/// <param name="B1">b⁽¹⁾, n₁ × 1.</param>
/// <param name="B2">b⁽²⁾, n₂ × 1.</param>
/// <param name="B3">b⁽³⁾, 2 × 1.</param>
public sealed record WorksheetParameters(Matrix W1, Matrix W2, Matrix W3, Matrix B1, Matrix B2, Matrix B3)
{
    /// <summary>
    /// Draw the parameters as the worksheet's <c>reset_network(n1, n2, random)</c> does: W1, W2, W3, b1, b2, b3 in that
    /// order, each <c>random.randn(rows, columns) / 2</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer size is below 1.</exception>
    public static WorksheetParameters Draw(NumpyRandom random, int n1 = 6, int n2 = 7)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        return FromNetwork(Network.CreateRandom([1, n1, n2, 2], random));
    }

    /// <summary>The parameters of a [1, n₁, n₂, 2] network, copied (biases as columns).</summary>
    /// <exception cref="ArgumentException">The network is not [1, n₁, n₂, 2].</exception>
    public static WorksheetParameters FromNetwork(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layers.Count != 3 || network.InputSize != 1 || network.OutputSize != 2)
            throw new ArgumentException($"the worksheet's network is [1, n₁, n₂, 2], not [{network}]", nameof(network));
        Matrix Column(double[] b) => Matrix.FromRows([.. b.Select(v => new[] { v })]);
        IReadOnlyList<Layer> layers = network.Layers;
        return new(layers[0].Weights.Clone(), layers[1].Weights.Clone(), layers[2].Weights.Clone(),
            Column(layers[0].Biases), Column(layers[1].Biases), Column(layers[2].Biases));
    }

    /// <summary>A copy of the six matrices.</summary>
    public WorksheetParameters Copy() => new(W1.Clone(), W2.Clone(), W3.Clone(), B1.Clone(), B2.Clone(), B3.Clone());

    /// <summary>The same network as the library's <see cref="Network"/>: logistic layers and the worksheet's squared cost.</summary>
    /// <exception cref="ArgumentException">The shapes are not those of a [1, n₁, n₂, 2] network.</exception>
    public Network ToNetwork()
    {
        CheckShapes();
        static double[] Values(Matrix column) => column.AsSpan().ToArray();
        return new Network([new Layer(W1.Clone(), Values(B1)), new Layer(W2.Clone(), Values(B2)), new Layer(W3.Clone(), Values(B3))]);
    }

    /// <summary>Throw unless the six shapes are those of a [1, n₁, n₂, 2] network.</summary>
    /// <exception cref="ArgumentException">A matrix has the wrong shape; the message names it.</exception>
    public void CheckShapes()
    {
        int n1 = W1.Rows, n2 = W2.Rows;
        (string Name, Matrix Value, int Rows, int Columns)[] expected =
            [("W1", W1, n1, 1), ("W2", W2, n2, n1), ("W3", W3, 2, n2), ("b1", B1, n1, 1), ("b2", B2, n2, 1), ("b3", B3, 2, 1)];
        foreach (var (name, value, rows, columns) in expected)
            if (value is null || value.Rows != rows || value.Columns != columns)
                throw new ArgumentException($"{name} is {value?.Shape ?? "null"} where a [1, {n1}, {n2}, 2] network has {rows}×{columns}");
    }
}
