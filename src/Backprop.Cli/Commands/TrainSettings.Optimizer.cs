using System.ComponentModel;
using System.Reflection;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

// The optimizer and its settings: --optimizer, --learning-rate, --weight-decay, --batch-size and one option per setting
// of the catalog's optimizers (--noise, --momentum, --nesterov, --beta1, --beta2, --epsilon), each named as the
// catalog names it, described, defaulted and checked by the catalog.
internal sealed partial class TrainSettings
{
    [CommandOption("--optimizer <NAME>")]
    [OptimizersDescription]
    public string? Optimizer { get; init; }

    [CommandOption("--learning-rate|--aggression <X>")]
    [SettingDescription("learning-rate", "; --aggression is the worksheet's name for it")]
    public double? LearningRate { get; init; }

    [CommandOption("--noise <X>")]
    [SettingDescription("noise")]
    public double? Noise { get; init; }

    [CommandOption("--momentum <MU>")]
    [SettingDescription("momentum")]
    public double? Momentum { get; init; }

    [CommandOption("--nesterov")]
    [SettingDescription("nesterov")]
    public bool Nesterov { get; init; }

    [CommandOption("--beta1 <B>")]
    [SettingDescription("beta1")]
    public double? Beta1 { get; init; }

    [CommandOption("--beta2 <B>")]
    [SettingDescription("beta2")]
    public double? Beta2 { get; init; }

    [CommandOption("--epsilon <E>")]
    [SettingDescription("epsilon")]
    public double? Epsilon { get; init; }

    [CommandOption("--weight-decay <LAMBDA>")]
    [SettingDescription("weight-decay")]
    public double? WeightDecay { get; init; }

    [CommandOption("--batch-size <B>")]
    [Description("Samples per step; each epoch visits them in a fresh seeded order. Default with --data 64, else all of them, every step.")]
    public int? BatchSize { get; init; }

    /// <summary>--batch-size as given, or the recipe's (null: the whole set every step).</summary>
    public int? BatchSizeInForce => BatchSize ?? (UsesDataDefaults ? DataDefaults.BatchSize : null);

    /// <summary>The optimizer's name in force: --optimizer, or the recipe's.</summary>
    private string OptimizerInForce => Optimizer ?? (UsesDataDefaults ? new Adam().Name : Catalog.Optimizers[0].Name);

    /// <summary>The optimizer named by --optimizer (or the recipe's), at its defaults, or null if there is none of that name.</summary>
    private Optimizer? NamedOptimizer => Catalog.OptimizerFromName(OptimizerInForce);

    /// <summary>The learning rate in force: as given, or the optimizer's default.</summary>
    public double EffectiveLearningRate => LearningRate ?? NamedOptimizer?.DefaultLearningRate ?? 0;

    /// <summary>The library's options for this command line and run length, with or without validation data (valid once <see cref="Validate"/> has passed).</summary>
    public TrainingOptions ToTrainingOptions(RunLength length, bool withValidation) => new()
    {
        Optimizer = NamedOptimizer!.WithGiven(Given),
        Iterations = length.Iterations,
        LearningRate = EffectiveLearningRate,
        WeightDecay = WeightDecay ?? Catalog.WeightDecay.Default,
        BatchSize = BatchSizeInForce,
        SnapshotEvery = length.SnapshotEvery,
        Threads = Threads,
        Patience = Patience ?? (UsesDataDefaults && withValidation && length.StepsPerEpoch is not null ? DataDefaults.PatienceEpochs : null),   // in epochs only
    };

    private string? ValidateOptimizer()
    {
        if (NamedOptimizer is not { } chosen)
            return $"--optimizer must be {NamesDescriptionAttribute.Either(Catalog.Optimizers.Select(o => o.Name))}, not \"{Optimizer}\"";
        if (OutOfRange(Catalog.LearningRate, LearningRate) is { } learningRate) return learningRate;
        foreach (Optimizer other in Catalog.Optimizers.Where(o => o.Name != chosen.Name))
            foreach (Setting setting in other.Settings.Except(chosen.Settings))
                if (Given(setting) is not null)
                    return $"--{setting.Name} applies to --optimizer {other.Name} only, not {chosen.Name}{(Optimizer is null ? $" (the {(UsesDataDefaults ? "data defaults'" : "worksheet's")} optimizer)" : "")}";
        foreach (Setting setting in chosen.Settings)
            if (OutOfRange(setting, Given(setting)) is { } problem) return problem;
        if (OutOfRange(Catalog.WeightDecay, WeightDecay) is { } weightDecay) return weightDecay;
        if (BatchSize is { } batch && !Catalog.BatchSize.Contains(batch)) return $"--batch-size must be {Catalog.BatchSize}, not {batch}";
        return null;
    }

    /// <summary>
    /// The options of <c>train</c> that give a run <paramref name="options"/>' batch size, optimizer with each of its
    /// settings, learning rate and weight decay: <c>--optimizer adam --learning-rate 0.01 --beta1 0.9 …</c>; the
    /// playground's "same run on the command line" is written with it.
    /// </summary>
    public static string Arguments(TrainingOptions options)
    {
        var words = new List<string>();
        if (options.BatchSize is { } batch) words.Add($"--batch-size {batch}");
        Optimizer optimizer = options.Optimizer;
        words.Add($"--optimizer {optimizer.Name} --{Catalog.LearningRate.Name} {PlainNumber.Format(options.LearningRate)}");
        words.AddRange(optimizer.SettingWords("--"));
        if (options.WeightDecay != Catalog.WeightDecay.Default) words.Add($"--{Catalog.WeightDecay.Name} {PlainNumber.Format(options.WeightDecay)}");
        return string.Join(' ', words);
    }

    // "--beta1 must be from 0 up to (not including) 1, not 2", or null when the value is in range or not given.
    private static string? OutOfRange(Setting setting, double? value) =>
        value is { } given && setting.Problem(given) is { } problem ? $"--{problem}, not {PlainNumber.Format(given)}" : null;

    /// <summary>The value given on the command line for a setting of the catalog's optimizers (a switch: 1 when given), or null.</summary>
    private double? Given(Setting setting) => OptionOf(setting).GetValue(this) switch
    {
        null or false => null,
        true => 1,
        double value => value,
        var other => throw new InvalidOperationException($"--{setting.Name} holds a {other.GetType().Name}"),
    };

    /// <summary>The property behind the option named as <paramref name="setting"/> is: the catalog's name is the option's.</summary>
    /// <exception cref="InvalidOperationException">train has no option of that name (a mistake in the tool, caught by the tests).</exception>
    internal static PropertyInfo OptionOf(Setting setting) =>
        typeof(TrainSettings).GetProperties().FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>()?.LongNames.Contains(setting.Name) == true)
            ?? throw new InvalidOperationException($"train has no option --{setting.Name} for the catalog's setting");

    // --optimizer's help: the catalog's optimizers, each with its description.
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class OptimizersDescriptionAttribute() : DescriptionAttribute("")
    {
        public override string Description =>
            string.Join("; ", Catalog.Optimizers.Select(o => $"{o.Name}: {o.Description}")) + $". Default adam with --data, else {Catalog.Optimizers[0].Name}.";
    }
}
