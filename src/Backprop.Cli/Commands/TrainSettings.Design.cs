using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

// The network's design: --features, --activation, --output, --loss, --init, --classes, --standardize, --standardize-targets, --precision.
internal sealed partial class TrainSettings
{
    [CommandOption("--features <NAMES>")]
    [Description("What layer 1 takes, made from each sample's inputs x1, x2, …: any of xi, xi^2, xi*xj and sin(xi), separated by commas, as TensorFlow Playground offers them (for example x1,x2,x1^2,x2^2,x1*x2). Kept in the model, applied by every command and the ONNX export. Default: the inputs themselves.")]
    public string? Features { get; init; }

    [CommandOption("--activation <NAMES>")]
    [NamesDescription("Hidden layers' activation: {hidden} (relu with --data, else logistic, the worksheet's); one name for all, or one per hidden layer (tanh,relu).")]
    public string? Activation { get; init; }

    [CommandOption("--output <NAME>")]
    [NamesDescription("The output layer's activation: {outputs} (softmax for classes; logistic for targets from 0 to 1; with --data, identity for other numbers).")]
    public string? Output { get; init; }

    [CommandOption("--loss <NAME>")]
    [NamesDescription("{losses described}. Default squared, cross-entropy for classes.")]
    public string? Loss { get; init; }

    [CommandOption("--init <NAME>")]
    [NamesDescription("How weights are drawn: {initializations}. Default glorot with --data, else {initialization}.")]
    public string? Init { get; init; }

    [CommandOption("--classes")]
    [Description("The data's one target column holds class labels; they become one-hot targets in sorted order, with a softmax output and cross-entropy unless said otherwise. A column of text is taken for class labels without it.")]
    public bool Classes { get; init; }

    [CommandOption("--standardize")]
    [Description("Scale each input by the training set's mean and standard deviation; the scaling is kept in the model and applied by every command. On by default with --data.")]
    public bool Standardize { get; init; }

    [CommandOption("--standardize-targets")]
    [Description("Train on the targets standardized by the training set's mean and standard deviation, kept in the model: predict, evaluate, plot, the playground and the ONNX export give numbers on the targets' own scale. On by default with --data for numbers outside 0 to 1.")]
    public bool StandardizeTargets { get; init; }

    [CommandOption("--precision <NAME>")]
    [NamesDescription("What the network computes in: {precisions}. Kept in the model; predict, evaluate and export compute in it. With --resume, converts the model. Default: the resumed model's, else float64.")]
    public string? Precision { get; init; }

    /// <summary>The precision of --precision, or null without it (valid once <see cref="Validate"/> has passed).</summary>
    public Precision? PrecisionGiven => PrecisionOption.Parse(Precision);

    /// <summary>Whether any design option is given (they do not mix with --resume, whose model has its design).</summary>
    public bool HasDesignOptions => Features is not null || Activation is not null || Output is not null || Loss is not null || Init is not null || Standardize || StandardizeTargets;

    /// <summary>The hidden activations in force: as given, or the recipe's.</summary>
    private string ActivationInForce => Activation ?? (UsesDataDefaults ? DataDefaults.HiddenActivation.Name : Backprop.Activation.Logistic.Name);

    /// <summary>The features of --features for data with <paramref name="inputSize"/> inputs, or null without it.</summary>
    /// <exception cref="CommandFailure">A name is not a feature, names an input the data lacks, or is given twice.</exception>
    public InputFeatures? InputFeaturesFor(int inputSize)
    {
        if (Features is null) return null;
        try
        {
            return InputFeatures.Parse(Features, inputSize);
        }
        catch (FormatException e)
        {
            throw CommandFailure.Usage($"--features \"{Features}\": {e.Message}");
        }
    }

    /// <summary>Whether the inputs are standardised: --standardize, or the data defaults.</summary>
    public bool StandardizesInputs => Standardize || UsesDataDefaults;

    /// <summary>
    /// The design of a new network for <paramref name="training"/> (its targets one-hot for <paramref name="classes"/>, or
    /// numbers), with its input <paramref name="features"/> and their <paramref name="scaling"/>: each option as given, the rest the recipe's.
    /// </summary>
    /// <exception cref="CommandFailure">The loss does not suit the output, or targets are to be standardised for classes.</exception>
    public NetworkOptions Design(DataSet training, IReadOnlyList<string>? classes, InputFeatures? features, InputScaling? scaling)
    {
        Activation[] hidden = ParseActivations(ActivationInForce) ?? [];
        Activation output = Backprop.Activation.FromName(Output)
            ?? (classes is not null ? Backprop.Activation.Softmax : UsesDataDefaults ? DataDefaults.OutputFor(training.Targets, classes: false) : Backprop.Activation.Logistic);
        Loss loss = Backprop.Loss.FromName(Loss) ?? (classes is not null ? Backprop.Loss.CrossEntropy : Backprop.Loss.Squared);
        if (!loss.Supports(output)) throw CommandFailure.Usage($"--loss {loss} needs --output logistic or softmax, not {output}");
        if (StandardizeTargets && classes is not null) throw CommandFailure.Usage("--standardize-targets is for numbers to predict, not class labels");
        bool standardizeTargets = StandardizeTargets || (UsesDataDefaults && classes is null && output == Backprop.Activation.Identity);
        return new NetworkOptions
        {
            HiddenActivation = hidden[0],
            HiddenActivations = hidden.Length == 1 ? null : hidden,
            OutputActivation = output,
            Loss = loss,
            Initialization = Init is null ? (UsesDataDefaults ? DataDefaults.Initialization : Catalog.Initializations[0].Kind) : Catalog.InitializationFromName(Init)!.Kind,
            InputFeatures = features,
            InputScaling = scaling,
            TargetScaling = standardizeTargets ? TargetScaling.Fit(training.Targets) : null,
            Classes = classes,
            Precision = PrecisionGiven ?? Backprop.Precision.Float64,
        };
    }

    private string? ValidateDesign()
    {
        string names = string.Join(", ", Backprop.Activation.All.Where(a => a.IsElementWise).Select(a => a.Name));
        Activation[]? hidden = ParseActivations(ActivationInForce);
        if (hidden is null) return $"--activation \"{Activation}\": each must be one of {names}";
        int hiddenLayers = HiddenSizes.Length;
        if (hidden.Length != 1 && hidden.Length != hiddenLayers)
            return $"--activation \"{Activation}\" names {hidden.Length} activations for {hiddenLayers} hidden layers: give one for all, or one per layer";
        if (Output is not null && Backprop.Activation.FromName(Output) is null)
            return $"--output must be one of {string.Join(", ", Backprop.Activation.All.Select(a => a.Name))}, not \"{Output}\"";
        if (Loss is not null && Backprop.Loss.FromName(Loss) is null) return $"--loss must be {NamesDescriptionAttribute.Either(Backprop.Loss.All.Select(l => l.Name))}, not \"{Loss}\"";
        if (Init is not null && Catalog.InitializationFromName(Init) is null)
            return $"--init must be {NamesDescriptionAttribute.Either(Catalog.Initializations.Select(i => i.Name))}, not \"{Init}\"";
        // The output's default may follow the data's targets (the data defaults): then the loss is checked once they are read.
        if ((Backprop.Activation.FromName(Output) ?? (Classes ? Backprop.Activation.Softmax : UsesDataDefaults ? null : Backprop.Activation.Logistic)) is { } output)
        {
            var loss = Backprop.Loss.FromName(Loss) ?? (Classes ? Backprop.Loss.CrossEntropy : Backprop.Loss.Squared);
            if (!loss.Supports(output)) return $"--loss {loss} needs --output logistic or softmax, not {output}";
        }
        if (StandardizeTargets && Classes) return "--standardize-targets is for numbers to predict, not --classes";
        if (Features?.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(name => InputFeature.FromName(name) is null) is { } notAFeature)
            return $"--features: \"{notAFeature}\" is not a feature: each is xi, xi^2, xi*xj or sin(xi), inputs numbered from 1 (x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2))";
        if (PrecisionOption.Problem(Precision) is { } precisionError) return precisionError;
        if (Resume is not null && HasDesignOptions)
            return "--features, --activation, --output, --loss, --init, --standardize and --standardize-targets make a new network; with --resume the model's own design is kept";
        return null;
    }

    /// <summary>The element-wise activations named in <paramref name="text"/> (<c>tanh,relu</c>), or null if a name is not one.</summary>
    internal static Activation[]? ParseActivations(string text)
    {
        var activations = new List<Activation>();
        foreach (string name in text.Split(','))
        {
            Activation? activation = Backprop.Activation.FromName(name.Trim());
            if (activation is null || !activation.IsElementWise) return null;
            activations.Add(activation);
        }
        return [.. activations];
    }
}
