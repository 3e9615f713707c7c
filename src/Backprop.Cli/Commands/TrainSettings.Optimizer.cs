using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

// The optimizer and its settings: --optimizer, --learning-rate, --noise, --momentum, --nesterov, --beta1, --beta2,
// --epsilon, --weight-decay, --batch-size.
internal sealed partial class TrainSettings
{
    /// <summary>The optimizers by name, with the learning rate each takes when none is given.</summary>
    public static readonly IReadOnlyDictionary<string, double> DefaultLearningRates = new Dictionary<string, double>
    {
        ["sgd"] = 5.0,        // the worksheet's aggression
        ["momentum"] = 0.1,   // PyTorch's ImageNet example's lr with momentum 0.9
        ["adam"] = 0.001,     // torch.optim.Adam's and Keras's default
    };

    /// <summary>The worksheet's noise, the default with sgd.</summary>
    public const double DefaultNoise = 0.8;

    [CommandOption("--optimizer <NAME>")]
    [Description("sgd (the worksheet's steepest descent), momentum or adam; as PyTorch defines them.")]
    [DefaultValue("sgd")]
    public string Optimizer { get; init; } = "sgd";

    [CommandOption("--learning-rate|--aggression <X>")]
    [Description("The step size η; --aggression is the worksheet's name for it. Default 5 with sgd, 0.1 with momentum, 0.001 with adam.")]
    public double? LearningRate { get; init; }

    [CommandOption("--noise <X>")]
    [Description("sgd only: multiply each Jacobian by its own 1 + X·randn() every step (the worksheet's noise). Default 0.8.")]
    public double? Noise { get; init; }

    [CommandOption("--momentum <MU>")]
    [Description("momentum only: v ← μv + g, θ ← θ − ηv. Default 0.9.")]
    public double? Momentum { get; init; }

    [CommandOption("--nesterov")]
    [Description("momentum only: Nesterov's step θ ← θ − η(g + μv).")]
    public bool Nesterov { get; init; }

    [CommandOption("--beta1 <B>")]
    [Description("adam only: decay of the first moment. Default 0.9.")]
    public double? Beta1 { get; init; }

    [CommandOption("--beta2 <B>")]
    [Description("adam only: decay of the second moment. Default 0.999.")]
    public double? Beta2 { get; init; }

    [CommandOption("--epsilon <E>")]
    [Description("adam only: added to √v̂. Default 0.00000001.")]
    public double? Epsilon { get; init; }

    [CommandOption("--weight-decay <LAMBDA>")]
    [Description("Add λθ to every gradient (PyTorch's weight_decay).")]
    [DefaultValue(0.0)]
    public double WeightDecay { get; init; }

    [CommandOption("--batch-size <B>")]
    [Description("Samples per step; each epoch visits them in a fresh seeded order. Default: all of them, every step.")]
    public int? BatchSize { get; init; }

    /// <summary>The learning rate in force.</summary>
    public double EffectiveLearningRate => LearningRate ?? DefaultLearningRates.GetValueOrDefault(Optimizer, 0);

    /// <summary>The noise in force: 0.8 with sgd unless given, 0 otherwise.</summary>
    public double EffectiveNoise => Noise ?? (Optimizer == "sgd" ? DefaultNoise : 0);

    /// <summary>The library's options for this command line (valid once <see cref="Validate"/> has passed).</summary>
    public TrainingOptions ToTrainingOptions() => new()
    {
        Optimizer = Optimizer switch
        {
            "momentum" => new SgdWithMomentum { Momentum = Momentum ?? 0.9, Nesterov = Nesterov },
            "adam" => new Adam { Beta1 = Beta1 ?? 0.9, Beta2 = Beta2 ?? 0.999, Epsilon = Epsilon ?? 1e-8 },
            _ => new Sgd(),
        },
        Iterations = Iterations,
        LearningRate = EffectiveLearningRate,
        Noise = EffectiveNoise,
        WeightDecay = WeightDecay,
        BatchSize = BatchSize,
        SnapshotEvery = LogEvery,
        Threads = Threads,
        Patience = Patience,
    };

    private string? ValidateOptimizer()
    {
        if (!DefaultLearningRates.ContainsKey(Optimizer)) return $"--optimizer must be sgd, momentum or adam, not \"{Optimizer}\"";
        if (LearningRate is { } η && (!double.IsFinite(η) || η < 0)) return $"--learning-rate must be a finite number, 0 or more, not {PlainNumber.Format(η)}";
        if (Noise is { } noise && (!double.IsFinite(noise) || noise < 0)) return $"--noise must be a finite number, 0 or more, not {PlainNumber.Format(noise)}";
        if (Noise is not null && Optimizer != "sgd") return $"--noise applies to --optimizer sgd only, not {Optimizer}";
        if ((Momentum is not null || Nesterov) && Optimizer != "momentum") return $"--momentum and --nesterov apply to --optimizer momentum only, not {Optimizer}";
        if ((Beta1 ?? Beta2 ?? Epsilon) is not null && Optimizer != "adam") return $"--beta1, --beta2 and --epsilon apply to --optimizer adam only, not {Optimizer}";
        if (Momentum is { } μ && !(μ >= 0 && μ < 1)) return $"--momentum must be from 0 up to (not including) 1, not {PlainNumber.Format(μ)}";
        if (Beta1 is { } b1 && !(b1 >= 0 && b1 < 1)) return $"--beta1 must be from 0 up to (not including) 1, not {PlainNumber.Format(b1)}";
        if (Beta2 is { } b2 && !(b2 >= 0 && b2 < 1)) return $"--beta2 must be from 0 up to (not including) 1, not {PlainNumber.Format(b2)}";
        if (Epsilon is { } ε && !(ε > 0 && double.IsFinite(ε))) return $"--epsilon must be a positive number, not {PlainNumber.Format(ε)}";
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0) return $"--weight-decay must be a finite number, 0 or more, not {PlainNumber.Format(WeightDecay)}";
        if (BatchSize is < 1) return $"--batch-size must be 1 or more, not {BatchSize}";
        return null;
    }
}
