using System.Globalization;

namespace Backprop;

/// <summary>
/// The settings <see cref="Tuner"/> draws its trials from: the number of hidden layers and their width, their
/// activation, the optimizer, its learning rate (log scale), weight decay (log scale) and the batch size. Every other
/// part of a trial is the data defaults' (<see cref="Recipe"/>).
/// </summary>
/// <remarks>
/// Written, and read by <see cref="Parse"/>, as <c>name=values</c> parts joined by <c>;</c>:
/// <c>layers=1,2; width=32,64,128; activation=relu,tanh; optimizer=adam,momentum; learning-rate=0.0001..0.01;
/// weight-decay=0.000001..0.001; batch-size=32,64,128</c>. A list is a choice of equally likely values, <c>a..b</c> a
/// range drawn on a log scale (uniformly when a is 0), one value a fixed one. The default space is that example with
/// widths from 16 to 256 and batches up to 256; its learning rate, when not given, is each optimizer's own range
/// (<see cref="LearningRates"/>).
/// </remarks>
public sealed record SearchSpace
{
    /// <summary>How many hidden layers (each of the same width).</summary>
    public IReadOnlyList<int> Layers { get; init; } = [1, 2];

    /// <summary>Neurons in each hidden layer.</summary>
    public IReadOnlyList<int> Widths { get; init; } = [16, 32, 64, 128, 256];

    /// <summary>The hidden layers' activations.</summary>
    public IReadOnlyList<Activation> Activations { get; init; } = [Activation.Relu, Activation.Tanh];

    /// <summary>The optimizers, each at its settings' defaults.</summary>
    public IReadOnlyList<Optimizer> Optimizers { get; init; } = [new Adam(), new SgdWithMomentum()];

    /// <summary>The learning rate's range for every optimizer, or null for each optimizer's own (<see cref="LearningRates"/>).</summary>
    public ValueRange? LearningRate { get; init; }

    /// <summary>The weight decay's range (10⁻⁶ to 10⁻³, log scale).</summary>
    public ValueRange WeightDecay { get; init; } = new(1e-6, 1e-3);

    /// <summary>The batch sizes.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [32, 64, 128, 256];

    /// <summary>Each optimizer's learning-rate range when the space gives none: Adam 10⁻⁴ to 10⁻², momentum and steepest descent 10⁻³ to 10⁻¹.</summary>
    public static ValueRange LearningRates(Optimizer optimizer) =>
        optimizer is Adam ? new ValueRange(1e-4, 1e-2) : new ValueRange(1e-3, 1e-1);

    /// <summary>The default space.</summary>
    public static SearchSpace Default { get; } = new();

    /// <summary>Draw one trial's recipe: each setting in turn (layers, width, activation, optimizer, learning rate, weight decay, batch size).</summary>
    public Recipe Sample(NumpyRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int layers = Pick(Layers, random), width = Pick(Widths, random);
        Activation activation = Pick(Activations, random);
        Optimizer optimizer = Pick(Optimizers, random);
        double learningRate = (LearningRate ?? LearningRates(optimizer)).Draw(random);
        double weightDecay = WeightDecay.Draw(random);
        return new Recipe
        {
            HiddenLayers = [.. Enumerable.Repeat(width, layers)],
            HiddenActivation = activation,
            Optimizer = optimizer,
            LearningRate = learningRate,
            WeightDecay = weightDecay,
            BatchSize = Pick(BatchSizes, random),
            ValidationFraction = 0,
        };
    }

    private static T Pick<T>(IReadOnlyList<T> choices, NumpyRandom random) => choices[random.NextInterval(choices.Count - 1)];

    /// <summary>
    /// Read a space written as <c>name=values</c> parts joined by <c>;</c> (see the remarks); the parts not named keep
    /// the default space's values.
    /// </summary>
    /// <exception cref="FormatException">A part names no setting, or a value is not one of its kind; the message names it.</exception>
    public static SearchSpace Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        SearchSpace space = Default;
        foreach (string part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1) throw new FormatException($"\"{part}\" is not name=values (for example width=32,64)");
            string name = part[..equals].Trim(), values = part[(equals + 1)..].Trim();
            space = name switch
            {
                "layers" => space with { Layers = Counts(name, values, most: 10) },
                "width" => space with { Widths = Counts(name, values, most: 100_000) },
                "activation" => space with { Activations = Choices(name, values, n => Activation.FromName(n) is { IsElementWise: true } a ? a : null,
                    Activation.All.Where(a => a.IsElementWise).Select(a => a.Name)) },
                "optimizer" => space with { Optimizers = Choices(name, values, Catalog.OptimizerFromName, Catalog.Optimizers.Select(o => o.Name)) },
                "learning-rate" => space with { LearningRate = ValueRange.Parse(name, values) },
                "weight-decay" => space with { WeightDecay = ValueRange.Parse(name, values) },
                "batch-size" => space with { BatchSizes = Counts(name, values, most: int.MaxValue) },
                _ => throw new FormatException($"\"{name}\" is not a setting to search; the settings are layers, width, activation, optimizer, learning-rate, weight-decay and batch-size"),
            };
        }
        return space;
    }

    private static int[] Counts(string name, string values, int most)
    {
        var counts = new List<int>();
        foreach (string value in values.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > most)
                throw new FormatException($"{name}: \"{value}\" is not a whole number from 1 to {most}");
            counts.Add(count);
        }
        return [.. counts.Distinct()];
    }

    private static T[] Choices<T>(string name, string values, Func<string, T?> find, IEnumerable<string> known) where T : class =>
        [.. values.Split(',', StringSplitOptions.TrimEntries).Select(value => find(value)
            ?? throw new FormatException($"{name}: \"{value}\" is not one of {string.Join(", ", known)}")).Distinct()];

    /// <summary>The space written as <see cref="Parse"/> reads it.</summary>
    public override string ToString() =>
        $"layers={string.Join(',', Layers)}; width={string.Join(',', Widths)}; activation={string.Join(',', Activations.Select(a => a.Name))}; "
        + $"optimizer={string.Join(',', Optimizers.Select(o => o.Name))}; learning-rate={LearningRate?.ToString() ?? "per optimizer"}; "
        + $"weight-decay={WeightDecay}; batch-size={string.Join(',', BatchSizes)}";
}

/// <summary>A setting's range in a <see cref="SearchSpace"/>: drawn on a log scale from <see cref="Low"/> to <see cref="High"/>, uniformly when Low is 0, fixed when they are equal.</summary>
/// <param name="Low">The smallest value (0 or more).</param>
/// <param name="High">The largest value (at least Low).</param>
public sealed record ValueRange(double Low, double High)
{
    /// <summary>Draw a value: exp(uniform(log Low, log High)), or uniform(0, High) when Low is 0.</summary>
    public double Draw(NumpyRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        if (Low == High) return Low;
        return Low == 0 ? u * High : Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low)));
    }

    /// <summary>Read <c>a..b</c> or a single value; both finite, 0 or more, a at most b.</summary>
    /// <exception cref="FormatException">The text is neither, or the values are out of order or range.</exception>
    public static ValueRange Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] ends = text.Split("..", StringSplitOptions.TrimEntries);
        if (ends.Length > 2 || ends.Any(e => !double.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0))
            throw new FormatException($"{name}: \"{text}\" is not a number of 0 or more, or a range such as 0.0001..0.01");
        double low = double.Parse(ends[0], CultureInfo.InvariantCulture), high = double.Parse(ends[^1], CultureInfo.InvariantCulture);
        if (low > high) throw new FormatException($"{name}: \"{text}\" runs from a larger number to a smaller one");
        return new ValueRange(low, high);
    }

    /// <summary><c>a..b</c>, or the single value.</summary>
    public override string ToString() => Low == High ? PlainNumber.Format(Low) : $"{PlainNumber.Format(Low)}..{PlainNumber.Format(High)}";
}
