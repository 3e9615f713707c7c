using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backprop.Cli.Playground;

/// <summary>
/// What a browser tab asks to train, as the page sends it; checked against the playground's limits before any work.
/// The defaults are the worksheet's: the heart, [1, 6, 7, 2], aggression 5, noise 0.8, seed 1.
/// </summary>
internal sealed record SessionSettings
{
    /// <summary>The most hidden layers a playground network has.</summary>
    public const int MaxHiddenLayers = 6;

    /// <summary>The most neurons in one hidden layer.</summary>
    public const int MaxNeurons = 64;

    /// <summary>The most samples of a built-in data set.</summary>
    public const int MaxPoints = 5_000;

    /// <summary>Hidden layer sizes, for example [6, 7].</summary>
    public int[] Hidden { get; init; } = [6, 7];

    /// <summary>Samples of the built-in data set.</summary>
    public int Points { get; init; } = 100;

    /// <summary>The built-in data set (<see cref="BuiltInData.Names"/>): the heart unless told.</summary>
    public string Data { get; init; } = "heart";

    /// <summary>The data noise of the built-in set (<see cref="BuiltInData.Create"/>): the set's own default unless sent.</summary>
    public double? DataNoise { get; init; }

    /// <summary>The most data noise the page may ask for.</summary>
    public const double MaxDataNoise = 1;

    /// <summary>The user's own data as CSV text (a header row, inputs then targets by the header rule), instead of the heart.</summary>
    public string? Csv { get; init; }

    /// <summary>How many leading columns of the user's CSV are inputs (the rest its targets, or its one label column); by the header rule unless sent.</summary>
    public int? Inputs { get; init; }

    /// <summary>Whether the user's CSV's target is one column of class labels (true), numbers (false), or as its header and values say (null).</summary>
    public bool? CsvClasses { get; init; }

    /// <summary>The name of the user's file, for messages.</summary>
    public string? CsvName { get; init; }

    /// <summary>The most rows of the user's data.</summary>
    public const int MaxRows = 5_000;

    /// <summary>
    /// What layer 1 takes, made from each sample's inputs, as <c>train --features</c> reads them (<c>x1,x2,x1^2,x1*x2,sin(x1)</c>);
    /// the inputs themselves when null.
    /// </summary>
    public string? Features { get; init; }

    /// <summary>Hidden activation: an element-wise <see cref="Backprop.Activation"/> (logistic, tanh, …); one for all, or one per hidden layer (tanh,relu).</summary>
    public string Activation { get; init; } = "logistic";

    /// <summary>The output activation: logistic, identity or tanh; by default logistic for targets in [0, 1], identity otherwise.</summary>
    public string? Output { get; init; }

    /// <summary>The loss: squared (the worksheet's) or cross-entropy (with a logistic output, for targets in [0, 1]).</summary>
    public string Loss { get; init; } = Catalog.Losses[0].Name;

    /// <summary>Samples per step (mini-batches in a fresh order every epoch); null for the whole set.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The optimizer's name, one of <see cref="Catalog.Optimizers"/>.</summary>
    public string Optimizer { get; init; } = Catalog.Optimizers[0].Name;

    /// <summary>The step size (the worksheet's aggression); by default the optimizer's own.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The weight decay λ: λθ added to every gradient (PyTorch's weight_decay), with any optimizer.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>
    /// The optimizer's own settings, each under its catalog name (<c>"beta1": 0.8</c>, <c>"nesterov": true</c>) beside
    /// the others; unknown keys and those of other optimizers are ignored. A setting not sent takes its default.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> OptimizerSettings { get; init; } = [];

    /// <summary>
    /// The share of the samples held out as test data (TensorFlow Playground's ratio of training to test data): not
    /// trained on, their cost drawn beside the training cost; split as <c>train --validation-split</c> splits, by its own
    /// generator of <see cref="Seed"/>, stratified for classes. None when null or 0.
    /// </summary>
    public double? TestShare { get; init; }

    /// <summary>At most this many steps a second while playing (every step then drawn, up to the frame rate); as fast as it goes when null.</summary>
    public double? StepsPerSecond { get; init; }

    /// <summary>The seed of the weights and the noise: the same seed gives the same start.</summary>
    public uint Seed { get; init; } = 1;

    /// <summary>Return the first thing wrong with these settings, or null.</summary>
    public string? Problem()
    {
        if (Hidden is null || Hidden.Length > MaxHiddenLayers) return $"at most {MaxHiddenLayers} hidden layers";
        if (Hidden.Any(n => n is < 1 or > MaxNeurons)) return $"hidden layers have 1 to {MaxNeurons} neurons";
        if (Csv is null && Points is < 2 or > MaxPoints) return $"a built-in data set has 2 to {MaxPoints} points";
        if (Csv is null && !BuiltInData.Names.Contains(Data)) return $"the built-in data sets are {string.Join(", ", BuiltInData.Names)}";
        if (DataNoise is { } noise && !(noise is >= 0 and <= MaxDataNoise)) return $"the data noise is from 0 to {MaxDataNoise}";
        if (CsvName is not null && (CsvName.Contains('\0') || CsvName.Length > 255)) return "the file's name is not a file name (a NUL character, or longer than 255)";
        if (Inputs is < 1 or > MaxNeurons) return $"the inputs are the first 1 to {MaxNeurons} columns";
        if (Features?.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(name => InputFeature.FromName(name) is null) is { } notAFeature)
            return notAFeature.Length == 0 ? "choose at least one feature" : $"\"{Excerpt.Printable(notAFeature)}\" is not a feature (xi, xi^2, xi*xj or sin(xi))";
        if (TestShare is { } share && !(share is >= 0 and <= 0.9)) return "the test share is from 0 to 0.9";
        if (StepsPerSecond is { } speed && !(speed is >= 0.1 and <= 1e7)) return "the speed is from 0.1 to 10000000 steps a second";
        if (HiddenActivations() is null)
            return $"the activation is {NamesDescriptionAttribute.Either(Backprop.Activation.All.Where(a => a.IsElementWise).Select(a => a.Name))}, one for all hidden layers or one each";
        if (Output is not null && Backprop.Activation.FromName(Output) is not { IsElementWise: true })
            return $"the output is {NamesDescriptionAttribute.Either(Backprop.Activation.All.Where(a => a.IsElementWise).Select(a => a.Name))} (softmax comes with classes)";
        if (BatchSize is < 1) return "the batch size is 1 or more";
        if (Backprop.Loss.FromName(Loss) is not { } loss) return $"the loss is {NamesDescriptionAttribute.Either(Catalog.Losses.Select(l => l.Name))}";
        if (!loss.Supports(Backprop.Activation.FromName(Output) ?? Backprop.Activation.Logistic)) return $"{loss} needs the logistic output";
        if (Catalog.OptimizerFromName(Optimizer) is not { } optimizer)
            return $"the optimizer is {NamesDescriptionAttribute.Either(Catalog.Optimizers.Select(o => o.Name))}";
        if (LearningRate is { } η && Catalog.LearningRate.Problem(η) is { } learningRate) return learningRate;
        if (WeightDecay is { } λ && Catalog.WeightDecay.Problem(λ) is { } weightDecay) return weightDecay;
        foreach (Setting setting in optimizer.Settings)
        {
            if (!OptimizerSettings.TryGetValue(setting.Name, out JsonElement sent)) continue;
            if (ValueOf(setting, sent) is not { } value) return setting.IsSwitch ? $"{setting.Name} is true or false" : $"{setting.Name} is a number";
            if (setting.Problem(value) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>
    /// The user's data read from <see cref="Csv"/> (null for the heart): the targets are the trailing columns named y, y1…,
    /// target… by the header rule, as <c>backprop train</c> reads them.
    /// </summary>
    /// <exception cref="InvalidDataException">The CSV is malformed, says nothing of its targets, or is too large; the message names the line and column.</exception>
    public DataSet? ReadData()
    {
        if (Csv is null) return null;
        string source = Excerpt.Printable(CsvName ?? "the data");
        string[] header = DataFile.ReadHeader(new StringReader(Csv), source);
        // Classes: when told, or a last column named label or class, or one whose values are words (iris's species), as train reads it.
        bool labelled = CsvClasses ?? (header[^1].Trim().ToLowerInvariant() is "label" or "class" || (!DataFile.NamesATarget(header) && LastColumnHoldsText(Csv)));
        int inputs = Inputs ?? DataFile.InputsFromHeader(header) ?? (labelled && header.Length > 1 ? header.Length - 1 : (int?)null)
            ?? throw new InvalidDataException($"{source} line 1: choose the target column, or name the target columns y, y1, y2… or target…, or the one column of classes label or class (the columns before them are the inputs)");
        if (inputs >= header.Length) throw new InvalidDataException($"{source} line 1: its {header.Length} columns leave no target after {inputs} inputs");
        if (labelled && inputs != header.Length - 1) throw new InvalidDataException($"{source}: classes are one column, the last; choose it as the target");
        DataSet data;
        if (labelled)
        {
            // Class labels: one output per class, sorted as train --classes sorts them, a softmax with cross-entropy.
            (Matrix x, string[] labels) = DataFile.ReadLabelled(new StringReader(Csv), inputs, source);
            string[] classes = ClassLabels.Sorted(labels);
            if (classes.Length < 2) throw new InvalidDataException($"{source}: every sample has the label {Excerpt.Quoted(classes[0])}; classes need at least two");
            if (classes.Length > MaxNeurons) throw new InvalidDataException($"{source}: {classes.Length} classes; the playground takes at most {MaxNeurons}");
            data = new DataSet(x, ClassLabels.OneHot(labels, classes));
            Classes = classes;
        }
        else data = DataFile.Read(new StringReader(Csv), inputs, source);
        if (data.Count > MaxRows) throw new InvalidDataException($"{source}: {data.Count} rows; the playground takes at most {MaxRows}");
        if (data.InputSize > MaxNeurons || data.OutputSize > MaxNeurons) throw new InvalidDataException($"{source}: at most {MaxNeurons} inputs and targets");
        return data;
    }

    /// <summary>
    /// Whether <paramref name="next"/> differs from these settings only in what a running session changes in place (the
    /// optimizer and its settings, the gradient noise among them, the learning rate, the weight decay, the batch size);
    /// a new network, data or seed starts again.
    /// </summary>
    public bool ChangesOnlyTheSteps(SessionSettings next) =>
        Hidden.SequenceEqual(next.Hidden) && Points == next.Points && Data == next.Data && DataNoise == next.DataNoise && Csv == next.Csv
        && CsvName == next.CsvName && Inputs == next.Inputs && Features == next.Features && CsvClasses == next.CsvClasses && TestShare == next.TestShare && Activation == next.Activation && Output == next.Output && Loss == next.Loss && Seed == next.Seed;

    /// <summary>Take on what <paramref name="running"/> learned of its data when it started (the classes, the output chosen), for settings that change a running session.</summary>
    public void CarryOver(SessionSettings running)
    {
        Classes = running.Classes;
        ChosenOutput = running.ChosenOutput;
    }

    /// <summary>The output activation <see cref="Start"/> chose (by the targets, unless <see cref="Output"/> says); null before.</summary>
    public Activation? ChosenOutput { get; private set; }

    // Whether the first data row's last field is text, not a number (a column of labels, as iris's species).
    private static bool LastColumnHoldsText(string csv)
    {
        string[] lines = csv.Split('\n', 3);
        if (lines.Length < 2) return false;
        string last = lines[1].TrimEnd('\r').Split(',')[^1].Trim().Trim('"');
        return last.Length > 0 && !double.TryParse(last, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    /// <summary>The class labels of the user's data, once read with a label or class column; null otherwise.</summary>
    public IReadOnlyList<string>? Classes { get; private set; }

    /// <summary>A fresh network and its data, drawn from <see cref="Seed"/>: the same settings always give the same start.</summary>
    /// <param name="data">The user's data (<see cref="ReadData"/>), or null for the heart.</param>
    public (Network Network, DataSet Data, DataSet? Test, NumpyRandom Random, TrainingOptions Options) Start(DataSet? data = null)
    {
        var random = new NumpyRandom(Seed);
        data ??= BuiltInData.Create(Data, Points, DataNoise);
        DataSet? test = null;
        if (TestShare is > 0 and { } share)
            try
            {
                (data, test) = data.Split(share, new NumpyRandom(Seed), stratify: Classes is not null);   // its own generator, as train's
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"the test share: {CommandFailure.MessageOf(e)}");
            }
        // A logistic output for targets in [0, 1], as the heart's; otherwise an identity output.
        bool inUnit = data.Targets.AsSpan().ToArray().All(t => t is >= 0 and <= 1);
        Loss loss = Backprop.Loss.FromName(Loss)!;
        if (loss == Backprop.Loss.CrossEntropy && !inUnit) throw new InvalidDataException($"{loss} needs targets from 0 to 1");
        bool classifier = Classes is not null;   // a softmax over the classes, with cross-entropy, as train --classes
        Activation output = classifier ? Backprop.Activation.Softmax
            : Output is { } name ? Backprop.Activation.FromName(name)!
            : inUnit ? Backprop.Activation.Logistic : Backprop.Activation.Identity;
        ChosenOutput = output;
        InputFeatures? features;
        try
        {
            features = Features is null ? null : InputFeatures.Parse(Features, data.InputSize);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"the features: {e.Message}");
        }
        Network network = Network.CreateRandom([features?.Count ?? data.InputSize, .. Hidden, data.OutputSize], random, new NetworkOptions
        {
            InputFeatures = features,
            HiddenActivations = HiddenActivations(),
            OutputActivation = output,
            Loss = classifier ? Backprop.Loss.CrossEntropy : loss,
            Classes = Classes,
        });
        try
        {
            network.CheckTargets(data);   // a relu output cannot reach a negative target, …
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{CommandFailure.MessageOf(e)}; choose another output");
        }
        return (network, data, test, random, TrainingOptions());
    }

    /// <summary>The library's options these settings give (valid once <see cref="Problem"/> has passed): the catalog's defaults for what is not sent.</summary>
    public TrainingOptions TrainingOptions()
    {
        Optimizer optimizer = Catalog.OptimizerFromName(Optimizer)!.WithGiven(setting =>
            OptimizerSettings.TryGetValue(setting.Name, out JsonElement sent) ? ValueOf(setting, sent) : null);
        return new TrainingOptions
        {
            Optimizer = optimizer,
            LearningRate = LearningRate ?? optimizer.DefaultLearningRate,
            WeightDecay = WeightDecay ?? Catalog.WeightDecay.Default,
            BatchSize = BatchSize,
        };
    }

    // A setting's value as sent: a number, or for a switch true or false (1 or 0); null when it is neither.
    private static double? ValueOf(Setting setting, JsonElement sent) => sent.ValueKind switch
    {
        JsonValueKind.True when setting.IsSwitch => 1,
        JsonValueKind.False when setting.IsSwitch => 0,
        JsonValueKind.Number when !setting.IsSwitch && sent.TryGetDouble(out double value) => value,
        _ => null,
    };

    // One activation per hidden layer: the one named for all, or the list; null when a name is unknown or the count is off.
    private Activation[]? HiddenActivations()
    {
        if (Commands.TrainSettings.ParseActivations(Activation ?? "") is not { } activations) return null;
        if (activations.Length == 1) return [.. Enumerable.Repeat(activations[0], Hidden?.Length ?? 0)];
        return activations.Length == (Hidden?.Length ?? 0) ? activations : null;
    }

    /// <summary>
    /// The command line that trains the same run: <c>backprop train --layers 6,7 …</c>; for a built-in set other than the
    /// exact heart, two commands, <c>backprop data moons --points 100 --out moons.csv &amp;&amp; backprop train … --data
    /// moons.csv</c>, the first writing the very points the page trains on.
    /// </summary>
    public string CommandLine(int iterations)
    {
        static string Q(string word) => ShellWord(word);
        bool exactHeart = Data == "heart" && (DataNoise ?? 0) == 0;
        string dataCommand = Csv is not null || exactHeart ? ""
            : $"backprop data {Q(Data)} --points {Points}"
              + (DataNoise is { } noise && noise != BuiltInData.DefaultNoise(Data) ? $" --noise {PlainNumber.Format(noise)}" : "")
              + $" --out {Q($"{Data}.csv")} && ";
        // A file takes the data defaults unless told otherwise: the playground's run is the worksheet's recipe with its own options.
        string data = Csv is null ? exactHeart ? $"--points {Points}" : $"--recipe worksheet --data {Q($"{Data}.csv")}"
            : $"--recipe worksheet --data {Q(CsvName ?? "data.csv")}{(Inputs is { } k ? $" --inputs {k}" : "")}{(Classes is null ? "" : " --classes")}";
        string features = Features is null ? "" : $" --features {Q(string.Join(',', Features.Split(',').Select(name => InputFeature.FromName(name)!.Name)))}";
        return $"{dataCommand}backprop train --layers {string.Join(',', Hidden)} {data}{features} --activation {Q(Activation)}"
            + (OutputWord() is { } output ? $" --output {Q(output)}" : "") + (Loss == Catalog.Losses[0].Name ? "" : $" --loss {Q(Loss)}")
            + $" {Commands.TrainSettings.Arguments(TrainingOptions())}"
            + (TestShare is > 0 and { } held ? $" --validation-split {PlainNumber.Format(held)}" : "") + $" --seed {Seed} --iterations {iterations}";
    }

    // The output train must be told: the one sent, or the one chosen by the targets when it is not train's own logistic.
    private string? OutputWord() => Output ?? (ChosenOutput is { } chosen && chosen != Backprop.Activation.Logistic && chosen != Backprop.Activation.Softmax ? chosen.Name : null);

    /// <summary>
    /// <paramref name="word"/> as one word of a POSIX shell's command line: as it is when it holds only letters, digits
    /// and <c>_ . , / : = + -</c>, else in single quotes (a quote inside written '\''), so a file named
    /// <c>x;touch pwned;.csv</c> stays one argument and runs nothing.
    /// </summary>
    public static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_.,/:=+-".Contains(c))
            ? word
            : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
