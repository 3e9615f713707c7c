namespace Backprop;

/// <summary>
/// One sample taken through the network step by step, as a learner walks it on paper: forward layer by layer (z and a
/// of every neuron), the loss, backward layer by layer (δ of every neuron), and into the update of each layer's biases
/// and weights, each phase with its formula and the numbers in it.
/// </summary>
/// <remarks>
/// The walk is that sample's own cost, as a batch of one: C_s (for the squared loss ‖a⁽ᴸ⁾ − y‖²), δ⁽ˡ⁾ = ∂C_s/∂z⁽ˡ⁾,
/// ∂C_s/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ, ∂C_s/∂b⁽ˡ⁾ = δ⁽ˡ⁾, and the step θ ← θ − η ∂C_s/∂θ of plain gradient descent on it. The
/// forward values are computed here, neuron by neuron; the δ are <see cref="ChainRule.ForSample"/>'s.
/// </remarks>
public static class SampleWalk
{
    /// <summary>The phases of sample <paramref name="sample"/> (from 1) of <paramref name="data"/> through <paramref name="network"/>, with step size <paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentException">The data does not fit the network, or the sample is out of range.</exception>
    public static IReadOnlyList<WalkPhase> For(Network network, DataSet data, int sample, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        network.CheckData(data);
        if (sample < 1 || sample > data.Count) throw new ArgumentOutOfRangeException(nameof(sample), sample, $"the samples are 1 to {data.Count}");
        DataSet one = network.Scale(data.Subset([sample - 1]));   // the sample as the layers see it
        int L = network.Layers.Count;
        var phases = new List<WalkPhase>();

        // Forward: z⁽ˡ⁾ⱼ = Σₖ W⁽ˡ⁾ⱼₖ a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ, a⁽ˡ⁾ = f(z⁽ˡ⁾), neuron by neuron
        double[] a = one.Inputs.AsSpan().ToArray();
        var activations = new List<double[]> { a };
        phases.Add(new("input", 0, "The sample's inputs", $"a⁽⁰⁾ = x = [{Join(a)}]", [.. a.Select(v => new WalkNeuron(v, null, null))]));
        for (int l = 1; l <= L; l++)
        {
            Layer layer = network.Layers[l - 1];
            var z = new double[layer.OutputSize];
            for (int j = 0; j < z.Length; j++)
            {
                double sum = 0;
                for (int k = 0; k < layer.InputSize; k++) sum += layer.Weights[j, k] * a[k];
                z[j] = sum + layer.Biases[j];
            }
            var next = new double[z.Length];
            layer.Activation.Apply(z, next);
            string terms = string.Join(" + ", Enumerable.Range(0, layer.InputSize).Take(4).Select(k => $"{N(layer.Weights[0, k])}·{N(a[k])}"))
                           + (layer.InputSize > 4 ? " + …" : "");
            phases.Add(new("forward", l, $"Layer {l} forward",
                $"z⁽{Sup(l)}⁾₁ = {terms} + {N(layer.Biases[0])} = {N(z[0])}; a⁽{Sup(l)}⁾₁ = {layer.Activation}(z⁽{Sup(l)}⁾₁) = {N(next[0])}",
                [.. z.Select((v, j) => new WalkNeuron(next[j], v, null))]));
            a = next;
            activations.Add(a);
        }

        // The loss and backward: the δ of every layer from the chain rule's per-sample products (a batch of one)
        ChainRuleSample chain = ChainRule.ForSample(network, data.Subset([sample - 1]), 1, 1, null, 1);
        double[] y = one.Targets.AsSpan().ToArray();
        double cost = network.Cost(data.Subset([sample - 1]));
        double[] first = chain.Factors[0].Value.AsSpan().ToArray();
        phases.Add(new("loss", L, "The loss", network.Loss == Loss.Squared
                ? $"C = ‖a⁽{Sup(L)}⁾ − y‖² = {N(cost)}; ∂C/∂a⁽{Sup(L)}⁾ = 2(a⁽{Sup(L)}⁾ − y) = [{Join(first)}]"
                : $"C = {network.Loss}(a⁽{Sup(L)}⁾, y) = {N(cost)}; ∂C/∂z⁽{Sup(L)}⁾ = a⁽{Sup(L)}⁾ − y = [{Join(first)}]",
            [.. a.Select((v, o) => new WalkNeuron(v, y[o], first[o]))]));
        var deltas = new double[L + 1][];
        foreach (ChainRuleFactor product in chain.Products.Where(p => p.Name.StartsWith("∂C/∂z", StringComparison.Ordinal)))
        {
            int l = int.Parse(string.Concat(product.Name.Where(c => "⁰¹²³⁴⁵⁶⁷⁸⁹".Contains(c)).Select(c => (char)('0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".IndexOf(c)))), System.Globalization.CultureInfo.InvariantCulture);
            deltas[l] = product.Value.AsSpan().ToArray();
        }
        for (int l = L; l >= 1; l--)
        {
            string formula = l == L
                ? $"δ⁽{Sup(l)}⁾ = ∂C/∂z⁽{Sup(l)}⁾ = [{Join(deltas[l])}]"
                : $"δ⁽{Sup(l)}⁾ = (W⁽{Sup(l + 1)}⁾ᵀ δ⁽{Sup(l + 1)}⁾) ⊙ {network.Layers[l - 1].Activation}′(z⁽{Sup(l)}⁾) = [{Join(deltas[l])}]";
            phases.Add(new("backward", l, $"Layer {l} backward", formula, [.. deltas[l].Select((d, j) => new WalkNeuron(activations[l][j], null, d))]));
        }

        // The update: b ← b − η δ, W ← W − η δ a⁽ˡ⁻¹⁾ᵀ
        for (int l = 1; l <= L; l++)
        {
            Layer layer = network.Layers[l - 1];
            double[] δ = deltas[l];
            phases.Add(new("update", l, $"Layer {l} update",
                $"b⁽{Sup(l)}⁾₁ ← {N(layer.Biases[0])} − {N(learningRate)}·{N(δ[0])} = {N(layer.Biases[0] - learningRate * δ[0])}; "
                + $"w⁽{Sup(l)}⁾₁₁ ← {N(layer.Weights[0, 0])} − {N(learningRate)}·{N(δ[0])}·{N(activations[l - 1][0])} = {N(layer.Weights[0, 0] - learningRate * δ[0] * activations[l - 1][0])}",
                [.. δ.Select((d, j) => new WalkNeuron(layer.Biases[j] - learningRate * d, layer.Biases[j], d))]));
        }
        return phases;
    }

    private static string N(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private static string Join(double[] values) => string.Join(", ", values.Take(8).Select(N)) + (values.Length > 8 ? ", …" : "");

    private static string Sup(int n) => string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d - '0']));
}

/// <summary>One phase of a <see cref="SampleWalk"/>.</summary>
/// <param name="Kind">input, forward, loss, backward or update.</param>
/// <param name="Layer">The layer it is at (0 for the inputs; L for the loss).</param>
/// <param name="Title">For example "Layer 2 backward".</param>
/// <param name="Formula">Its formula with the numbers in (the first neuron's, where it is per neuron).</param>
/// <param name="Neurons">Each neuron of the layer: forward a, z; loss a, y, ∂C/∂a; backward a, δ; update the new bias, the old, δ.</param>
public sealed record WalkPhase(string Kind, int Layer, string Title, string Formula, IReadOnlyList<WalkNeuron> Neurons);

/// <summary>A neuron's numbers in one phase (see <see cref="WalkPhase.Neurons"/> for what each holds).</summary>
/// <param name="Value">Its value: the activation a (forward, loss, backward), the input, or the new bias (update).</param>
/// <param name="Second">z (forward), the target y (loss), the old bias (update); else null.</param>
/// <param name="Gradient">∂C/∂a⁽ᴸ⁾ (loss), δ (backward, update); else null.</param>
public sealed record WalkNeuron(double Value, double? Second, double? Gradient);
