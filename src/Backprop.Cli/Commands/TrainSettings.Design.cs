using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

// The network's design: --activation, --output, --loss, --init, --classes, --standardize.
internal sealed partial class TrainSettings
{
    [CommandOption("--activation <NAMES>")]
    [NamesDescription("Hidden layers' activation: {hidden} (logistic, the worksheet's, by default); one name for all, or one per hidden layer (tanh,relu).")]
    public string? Activation { get; init; }

    [CommandOption("--output <NAME>")]
    [NamesDescription("The output layer's activation: {outputs} (logistic by default, softmax with --classes).")]
    public string? Output { get; init; }

    [CommandOption("--loss <NAME>")]
    [NamesDescription("{losses described}. Default squared, cross-entropy with --classes.")]
    public string? Loss { get; init; }

    [CommandOption("--init <NAME>")]
    [NamesDescription("How weights are drawn: {initializations}. Default {initialization}.")]
    public string Init { get; init; } = Catalog.Initializations[0].Name;

    [CommandOption("--classes")]
    [Description("The data's one target column holds class labels (text or numbers); they become one-hot targets in sorted order, with a softmax output and cross-entropy unless said otherwise.")]
    public bool Classes { get; init; }

    [CommandOption("--standardize")]
    [Description("Scale each input by the training set's mean and standard deviation; the scaling is kept in the model and applied by every command.")]
    public bool Standardize { get; init; }

    /// <summary>Whether any design option is given (they do not mix with --resume, whose model has its design).</summary>
    public bool HasDesignOptions => Activation is not null || Output is not null || Loss is not null || Init != Catalog.Initializations[0].Name || Standardize;

    /// <summary>The design of a new network with <paramref name="hiddenLayers"/> hidden layers (valid once <see cref="Validate"/> has passed).</summary>
    public NetworkOptions Design(int hiddenLayers, InputScaling? scaling, IReadOnlyList<string>? classes)
    {
        Activation[] hidden = ParseActivations(Activation ?? "logistic") ?? [];
        return new NetworkOptions
        {
            HiddenActivation = hidden[0],
            HiddenActivations = hidden.Length == 1 ? null : hidden,
            OutputActivation = Backprop.Activation.FromName(Output) ?? (Classes ? Backprop.Activation.Softmax : Backprop.Activation.Logistic),
            Loss = Backprop.Loss.FromName(Loss) ?? (Classes ? Backprop.Loss.CrossEntropy : Backprop.Loss.Squared),
            Initialization = Catalog.InitializationFromName(Init)!.Kind,
            InputScaling = scaling,
            Classes = classes,
        };
    }

    private string? ValidateDesign()
    {
        string names = string.Join(", ", Backprop.Activation.All.Where(a => a.IsElementWise).Select(a => a.Name));
        Activation[]? hidden = ParseActivations(Activation ?? "logistic");
        if (hidden is null) return $"--activation \"{Activation}\": each must be one of {names}";
        int hiddenLayers = HiddenSizes.Length;
        if (hidden.Length != 1 && hidden.Length != hiddenLayers)
            return $"--activation \"{Activation}\" names {hidden.Length} activations for {hiddenLayers} hidden layers: give one for all, or one per layer";
        if (Output is not null && Backprop.Activation.FromName(Output) is null)
            return $"--output must be one of {string.Join(", ", Backprop.Activation.All.Select(a => a.Name))}, not \"{Output}\"";
        if (Loss is not null && Backprop.Loss.FromName(Loss) is null) return $"--loss must be {NamesDescriptionAttribute.Either(Backprop.Loss.All.Select(l => l.Name))}, not \"{Loss}\"";
        if (Catalog.InitializationFromName(Init) is null)
            return $"--init must be {NamesDescriptionAttribute.Either(Catalog.Initializations.Select(i => i.Name))}, not \"{Init}\"";
        var output = Backprop.Activation.FromName(Output) ?? (Classes ? Backprop.Activation.Softmax : Backprop.Activation.Logistic);
        var loss = Backprop.Loss.FromName(Loss) ?? (Classes ? Backprop.Loss.CrossEntropy : Backprop.Loss.Squared);
        if (!loss.Supports(output)) return $"--loss {loss} needs --output logistic or softmax, not {output}";
        if (Resume is not null && HasDesignOptions)
            return "--activation, --output, --loss, --init and --standardize make a new network; with --resume the model's own design is kept";
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
