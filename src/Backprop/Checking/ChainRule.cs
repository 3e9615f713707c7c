namespace Backprop;

/// <summary>
/// The chain rule for one weight or bias, written out as the worksheet writes it, with numbers:
/// ∂C/∂w⁽ⁿ⁾ⱼₖ = ∂C/∂a⁽ᴸ⁾ · ∂a⁽ᴸ⁾/∂z⁽ᴸ⁾ · ∂z⁽ᴸ⁾/∂a⁽ᴸ⁻¹⁾ · … · ∂a⁽ⁿ⁾/∂z⁽ⁿ⁾ · ∂z⁽ⁿ⁾/∂w⁽ⁿ⁾ⱼₖ, each factor's value over the data
/// (averaged as the cost is), the product summed sample by sample, and a finite-difference estimate beside it.
/// </summary>
/// <remarks>
/// Computed here from a forward trace, factor by factor, independently of the backward pass (<see cref="Network.Backpropagate"/>),
/// which the tests hold it against. For the squared loss with an element-wise output (the worksheet's design), and for
/// cross-entropy with a softmax or logistic output, where the first two factors are one: ∂C/∂z⁽ᴸ⁾ = (a⁽ᴸ⁾ − y)/N, the
/// output's Jacobian cancelling against the logarithm's derivative.
/// </remarks>
public static class ChainRule
{
    /// <summary>Write out ∂C/∂w⁽ⁿ⁾ⱼₖ (or ∂C/∂b⁽ⁿ⁾ⱼ when <paramref name="input"/> is null) for <paramref name="network"/> on <paramref name="data"/>.</summary>
    /// <param name="network">The network, at its current weights; not changed.</param>
    /// <param name="data">The data the cost is taken over.</param>
    /// <param name="layer">n, from 1 (the first weights) to L.</param>
    /// <param name="neuron">j, from 1 to n_n: the neuron the weight leads into.</param>
    /// <param name="input">k, from 1 to n_(n−1): the neuron it comes from; null for the bias.</param>
    /// <exception cref="ArgumentException">The data does not fit, an index is out of range, or the network's loss or output is not the worksheet's kind.</exception>
    public static ChainRuleTerm For(Network network, DataSet data, int layer, int neuron, int? input)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.CheckData(data);
        int L = network.Layers.Count;
        if (layer < 1 || layer > L) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layers run from 1 to {L}");
        Layer target = network.Layers[layer - 1];
        if (neuron < 1 || neuron > target.OutputSize) throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"layer {layer} has neurons 1 to {target.OutputSize}");
        if (input is { } k && (k < 1 || k > target.InputSize)) throw new ArgumentOutOfRangeException(nameof(input), k, $"layer {layer} takes inputs 1 to {target.InputSize}");
        bool crossEntropy = network.Loss == Loss.CrossEntropy;
        if (!crossEntropy && !network.OutputActivation.IsElementWise)
            throw new ArgumentException("the squared loss's chain rule is written out for an element-wise output", nameof(network));

        ForwardTrace trace = network.Forward(data.Inputs);
        data = new DataSet(data.Inputs, network.TargetScaling?.Apply(data.Targets) ?? data.Targets);   // the targets the layers learn
        int N = data.Count;
        var factors = new List<ChainRuleFactor>();
        Matrix aL = trace.Output;
        var delta = new Matrix(aL.Rows, N);   // ∂C/∂a⁽ᴸ⁾ of each sample (the 1/N inside), or ∂C/∂z⁽ᴸ⁾ for cross-entropy
        for (int s = 0; s < N; s++)
        {
            double targetSum = 0;
            for (int o = 0; o < aL.Rows; o++) targetSum += data.Targets[o, s];
            for (int o = 0; o < aL.Rows; o++)
                delta[o, s] = !crossEntropy ? 2.0 / N * (aL[o, s] - data.Targets[o, s])
                    : network.OutputActivation == Activation.Softmax ? (aL[o, s] * targetSum - data.Targets[o, s]) / N
                    : (aL[o, s] - data.Targets[o, s]) / N;
        }
        factors.Add(new ChainRuleFactor(crossEntropy ? $"∂C/∂z⁽{Superscript(L)}⁾" : $"∂C/∂a⁽{Superscript(L)}⁾", Column(RowSums(delta))));

        // δ⁽ˡ⁾ of every sample, from the top down to layer n, recording each factor's mean on the way.
        for (int l = L; ; l--)
        {
            if (l < L || !crossEntropy)   // with cross-entropy, ∂a⁽ᴸ⁾/∂z⁽ᴸ⁾ is inside ∂C/∂z⁽ᴸ⁾
                factors.Add(MultiplyByDerivative(delta, trace.Activation(l), network.Layers[l - 1].Activation, l));
            if (l == layer) break;
            Matrix W = network.Layers[l - 1].Weights;
            factors.Add(new ChainRuleFactor($"∂z⁽{Superscript(l)}⁾/∂a⁽{Superscript(l - 1)}⁾", W.Clone()));
            var below = new Matrix(W.Columns, N);
            for (int i = 0; i < W.Columns; i++)
                for (int s = 0; s < N; s++)
                {
                    double sum = 0;
                    for (int j = 0; j < W.Rows; j++) sum += W[j, i] * delta[j, s];
                    below[i, s] = sum;
                }
            delta = below;
        }

        Matrix previous = trace.Activation(layer - 1);
        double value = 0, meanInput = 0;
        var contributions = new double[N];
        for (int s = 0; s < N; s++)
        {
            double dzdw = input is { } column ? previous[column - 1, s] : 1;
            meanInput += dzdw / N;
            contributions[s] = delta[neuron - 1, s] * dzdw;
            value += contributions[s];
        }
        string parameter = ParameterName(layer, neuron, input);
        factors.Add(new ChainRuleFactor($"∂z⁽{Superscript(layer)}⁾{Subscript(neuron)}/∂{parameter}", Column([meanInput])));
        return new ChainRuleTerm(parameter, factors, value, FiniteDifference(network, data, layer, neuron, input)) { Contributions = contributions };
    }

    /// <summary>
    /// The chain rule for one sample, numbers a learner can multiply by hand: that sample's factors (its ∂C/∂a⁽ᴸ⁾ with
    /// the 1/N of the mean inside, its σ′ values, the weights), the running product after each factor (∂C/∂z⁽ᴸ⁾,
    /// ∂C/∂a⁽ᴸ⁻¹⁾, … as row vectors: each the previous times the factor), and the sample's contribution to ∂C/∂θ,
    /// which is <see cref="ChainRuleTerm.Contributions"/>' entry for it: the contributions of all samples add up to ∂C/∂θ.
    /// </summary>
    /// <param name="network">The network, at its current weights; not changed.</param>
    /// <param name="data">The data the cost is taken over (N, in the 1/N).</param>
    /// <param name="layer">n, from 1 to L.</param>
    /// <param name="neuron">j, from 1 to n_n.</param>
    /// <param name="input">k, from 1 to n_(n−1); null for the bias.</param>
    /// <param name="sample">The sample, from 1 to N.</param>
    /// <exception cref="ArgumentException">As <see cref="For"/>; or the sample is out of range.</exception>
    public static ChainRuleSample ForSample(Network network, DataSet data, int layer, int neuron, int? input, int sample)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (sample < 1 || sample > data.Count) throw new ArgumentOutOfRangeException(nameof(sample), sample, $"the samples are 1 to {data.Count}");
        ChainRuleTerm all = For(network, data, layer, neuron, input);   // checks the rest, and is what the sample's share is of
        ForwardTrace trace = network.Forward(data.Inputs);
        Matrix targets = network.TargetScaling?.Apply(data.Targets) ?? data.Targets;
        int L = network.Layers.Count, N = data.Count, s = sample - 1;
        bool crossEntropy = network.Loss == Loss.CrossEntropy;
        Matrix aL = trace.Output;
        double targetSum = 0;
        for (int o = 0; o < aL.Rows; o++) targetSum += targets[o, s];
        var g = new double[aL.Rows];   // the running product: ∂C/∂a⁽ᴸ⁾ (or ∂C/∂z⁽ᴸ⁾), then on down
        for (int o = 0; o < aL.Rows; o++)
            g[o] = !crossEntropy ? 2.0 / N * (aL[o, s] - targets[o, s])
                : network.OutputActivation == Activation.Softmax ? (aL[o, s] * targetSum - targets[o, s]) / N
                : (aL[o, s] - targets[o, s]) / N;
        string first = crossEntropy ? $"∂C/∂z⁽{Superscript(L)}⁾" : $"∂C/∂a⁽{Superscript(L)}⁾";
        var factors = new List<ChainRuleFactor> { new(first, Row(g)) };
        var products = new List<ChainRuleFactor> { new(first, Row(g)) };
        for (int l = L; ; l--)
        {
            if (l < L || !crossEntropy)
            {
                Matrix a = trace.Activation(l);
                var derivative = new double[a.Rows];
                for (int j = 0; j < a.Rows; j++)
                {
                    derivative[j] = network.Layers[l - 1].Activation.DerivativeFromValue(a[j, s]);
                    g[j] *= derivative[j];
                }
                factors.Add(new($"∂a⁽{Superscript(l)}⁾/∂z⁽{Superscript(l)}⁾", Row(derivative)));
                products.Add(new($"∂C/∂z⁽{Superscript(l)}⁾", Row(g)));
            }
            if (l == layer) break;
            Matrix W = network.Layers[l - 1].Weights;
            var below = new double[W.Columns];
            for (int i = 0; i < W.Columns; i++)
            {
                double sum = 0;
                for (int j = 0; j < W.Rows; j++) sum += W[j, i] * g[j];
                below[i] = sum;
            }
            g = below;
            factors.Add(new($"∂z⁽{Superscript(l)}⁾/∂a⁽{Superscript(l - 1)}⁾", W.Clone()));
            products.Add(new($"∂C/∂a⁽{Superscript(l - 1)}⁾", Row(g)));
        }
        double dzdw = input is { } column ? trace.Activation(layer - 1)[column - 1, s] : 1;
        factors.Add(new($"∂z⁽{Superscript(layer)}⁾{Subscript(neuron)}/∂{all.Parameter}", Row([dzdw])));
        return new ChainRuleSample(all.Parameter, sample, factors, products, g[neuron - 1] * dzdw, all);
    }

    private static string ParameterName(int layer, int neuron, int? input) =>
        input is { } c ? $"w⁽{Superscript(layer)}⁾{Subscript(neuron)}{Subscript(c)}" : $"b⁽{Superscript(layer)}⁾{Subscript(neuron)}";

    private static Matrix Row(double[] values)
    {
        var m = new Matrix(1, values.Length);
        values.CopyTo(m.AsSpan());
        return m;
    }

    // The five-point central difference of the cost in the parameter, the gradient check's step (10⁻³ for logistic
    // networks, 10⁻⁵ for others: relu's kink) times max(1, |θ|), on a copy.
    private static double FiniteDifference(Network network, DataSet data, int layer, int neuron, int? input)
    {
        Network copy = network.Clone();
        Layer target = copy.Layers[layer - 1];
        double original = input is { } k ? target.Weights[neuron - 1, k - 1] : target.Biases[neuron - 1];
        double h = GradientCheck.DefaultStep(network) * Math.Max(1, Math.Abs(original));
        double CostAt(double value)
        {
            if (input is { } column) target.Weights[neuron - 1, column - 1] = value;
            else target.Biases[neuron - 1] = value;
            return copy.Cost(data);
        }
        return (CostAt(original - 2 * h) - 8 * CostAt(original - h) + 8 * CostAt(original + h) - CostAt(original + 2 * h)) / (12 * h);
    }

    // δ ⊙= f'(z⁽ˡ⁾) from a⁽ˡ⁾, sample by sample; returns the factor ∂a⁽ˡ⁾/∂z⁽ˡ⁾ with its mean over the samples.
    private static ChainRuleFactor MultiplyByDerivative(Matrix delta, Matrix a, Activation f, int l)
    {
        int N = a.Columns;
        var meanDerivative = new double[a.Rows];
        for (int j = 0; j < a.Rows; j++)
            for (int s = 0; s < N; s++)
            {
                double derivative = f.DerivativeFromValue(a[j, s]);
                meanDerivative[j] += derivative / N;
                delta[j, s] *= derivative;
            }
        return new ChainRuleFactor($"∂a⁽{Superscript(l)}⁾/∂z⁽{Superscript(l)}⁾", Column(meanDerivative));
    }

    private static double[] RowSums(Matrix m)
    {
        var sums = new double[m.Rows];
        for (int i = 0; i < m.Rows; i++)
            foreach (double v in m.Row(i)) sums[i] += v;
        return sums;
    }

    private static Matrix Column(double[] values)
    {
        var m = new Matrix(values.Length, 1);
        for (int i = 0; i < values.Length; i++) m[i, 0] = values[i];
        return m;
    }

    private static string Superscript(int number) =>
        string.Concat(number.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d - '0']));

    private static string Subscript(int number) => string.Concat(number.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => (char)('₀' + (d - '0'))));
}

/// <summary>One factor of a chain-rule term: its name as the worksheet writes it and its value over the data.</summary>
/// <param name="Name">For example <c>∂a⁽³⁾/∂z⁽³⁾</c>.</param>
/// <param name="Value">A column (a vector of per-neuron means) or a matrix (the weights, which do not depend on the sample).</param>
public sealed record ChainRuleFactor(string Name, Matrix Value);

/// <summary>∂C/∂θ for one parameter θ written out as its chain of factors.</summary>
/// <param name="Parameter">θ, for example <c>w⁽²⁾₃₁</c>.</param>
/// <param name="Factors">From ∂C/∂a⁽ᴸ⁾ down to ∂z⁽ⁿ⁾/∂θ.</param>
/// <param name="Value">Their product, taken sample by sample and summed (the 1/N is in ∂C/∂a⁽ᴸ⁾): ∂C/∂θ.</param>
/// <param name="FiniteDifference">The same derivative by a five-point finite difference of the cost.</param>
public sealed record ChainRuleTerm(string Parameter, IReadOnlyList<ChainRuleFactor> Factors, double Value, double FiniteDifference)
{
    /// <summary>Each sample's term of the sum (the product of its own factors, the 1/N inside): <see cref="Value"/> is their sum, in order.</summary>
    public IReadOnlyList<double> Contributions { get; init; } = [];
}

/// <summary>
/// ∂C/∂θ's chain for one sample: its factors, the running product after each, and the sample's contribution.
/// </summary>
/// <param name="Parameter">θ, for example <c>w⁽²⁾₃₁</c>.</param>
/// <param name="Sample">The sample, from 1.</param>
/// <param name="Factors">From ∂C/∂a⁽ᴸ⁾ (this sample's, 1/N inside; a row) down to ∂z⁽ⁿ⁾ⱼ/∂θ: derivatives as rows (a diagonal's entries), weights as matrices.</param>
/// <param name="Products">After each factor but the last, the product so far as a row: ∂C/∂a⁽ᴸ⁾, ∂C/∂z⁽ᴸ⁾, ∂C/∂a⁽ᴸ⁻¹⁾, … ∂C/∂z⁽ⁿ⁾ (derivatives multiply element by element; a weight matrix W multiplies as g ↦ Wᵀg).</param>
/// <param name="Contribution">∂C/∂z⁽ⁿ⁾ⱼ times the last factor: this sample's term of ∂C/∂θ.</param>
/// <param name="All">The whole sum over the samples.</param>
public sealed record ChainRuleSample(string Parameter, int Sample, IReadOnlyList<ChainRuleFactor> Factors, IReadOnlyList<ChainRuleFactor> Products, double Contribution, ChainRuleTerm All);
