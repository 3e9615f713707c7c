namespace Backprop;

/// <summary>
/// Everything a run can be given, in one place: every activation, loss, initialisation and optimizer, each with its
/// name, a one-line description and its settings (name, default, range). The command line's options, help and checks,
/// the playground's checks and its page's controls (served as JSON), and the "same run on the command line" are all
/// made from it; none of them writes a name, a default or a range of its own.
/// </summary>
public static class Catalog
{
    /// <summary>Every activation (<see cref="Activation.All"/>).</summary>
    public static IReadOnlyList<Activation> Activations => Activation.All;

    /// <summary>Every loss (<see cref="Loss.All"/>).</summary>
    public static IReadOnlyList<Loss> Losses => Loss.All;

    /// <summary>Every optimizer, each with its settings at their defaults; the first, steepest descent, is the default.</summary>
    public static IReadOnlyList<Optimizer> Optimizers { get; } = [new Sgd(), new SgdWithMomentum(), new Adam()];

    /// <summary>Every way of drawing a new network's weights; the first, the worksheet's, is the default.</summary>
    public static IReadOnlyList<InitializationChoice> Initializations { get; } =
    [
        new(Initialization.Worksheet, "worksheet", "randn/2 for every weight and bias, as the worksheet's reset_network"),
        new(Initialization.Glorot, "glorot", "uniform on ±√(6/(fan-in + fan-out)), biases 0; for tanh and logistic"),
        new(Initialization.He, "he", "normal with std √(2/fan-in), biases 0; for relu"),
    ];

    /// <summary>Every element type a network computes in; the first, float64 (the worksheet's), is the default.</summary>
    public static IReadOnlyList<PrecisionChoice> Precisions { get; } =
    [
        new(Precision.Float64, "float64", "double, numpy's default and the worksheet's: about 16 digits"),
        new(Precision.Float32, "float32", "float, PyTorch's default: about 7 digits, about twice as fast on big layers"),
    ];

    /// <summary>The step size η, which every optimizer takes; its default is the first optimizer's (each has its own: <see cref="Optimizer.DefaultLearningRate"/>).</summary>
    public static Setting LearningRate { get; } =
        new("learning-rate", "Learning rate", "the step size η (the worksheet's aggression)", Optimizers[0].DefaultLearningRate, SettingRange.ZeroOrMore);

    /// <summary>The weight decay λ, which every optimizer takes: λθ added to every gradient (PyTorch's <c>weight_decay</c>).</summary>
    public static Setting WeightDecay { get; } =
        new("weight-decay", "Weight decay", "add λθ to every gradient (PyTorch's weight_decay)", 0, SettingRange.ZeroOrMore);

    /// <summary>The batch size's range (its default is the whole set, every step).</summary>
    public static SettingRange BatchSize => SettingRange.Counting;

    /// <summary>Return the optimizer called <paramref name="name"/> with its settings at their defaults, or null if there is none.</summary>
    public static Optimizer? OptimizerFromName(string? name) => Optimizers.FirstOrDefault(o => o.Name == name);

    /// <summary>Return the precision called <paramref name="name"/> (<c>float64</c>, <c>float32</c>), or null if there is none.</summary>
    public static PrecisionChoice? PrecisionFromName(string? name) => Precisions.FirstOrDefault(p => p.Name == name);

    /// <summary>Return the catalog's entry for <paramref name="precision"/>.</summary>
    public static PrecisionChoice PrecisionOf(Precision precision) => Precisions.First(p => p.Kind == precision);

    /// <summary>Return the initialisation called <paramref name="name"/>, or null if there is none.</summary>
    public static InitializationChoice? InitializationFromName(string? name) => Initializations.FirstOrDefault(i => i.Name == name);
}

/// <summary>One way of drawing a new network's weights, as the catalog lists it.</summary>
/// <param name="Kind">The initialisation.</param>
/// <param name="Name">The name on the command line: <c>glorot</c>.</param>
/// <param name="Description">One line on what it draws.</param>
public sealed record InitializationChoice(Initialization Kind, string Name, string Description);

/// <summary>One element type a network computes in, as the catalog lists it.</summary>
/// <param name="Kind">The precision.</param>
/// <param name="Name">The name on the command line and in model files: <c>float32</c>.</param>
/// <param name="Description">One line on what it is.</param>
public sealed record PrecisionChoice(Precision Kind, string Name, string Description);
