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

    /// <summary>The user's own data as CSV text (a header row, inputs then targets by the header rule), instead of the heart.</summary>
    public string? Csv { get; init; }

    /// <summary>The name of the user's file, for messages.</summary>
    public string? CsvName { get; init; }

    /// <summary>The most rows of the user's data.</summary>
    public const int MaxRows = 5_000;

    /// <summary>Hidden activation: an element-wise <see cref="Backprop.Activation"/> (logistic, tanh, …); one for all, or one per hidden layer (tanh,relu).</summary>
    public string Activation { get; init; } = "logistic";

    /// <summary>The output activation: logistic, identity or tanh; by default logistic for targets in [0, 1], identity otherwise.</summary>
    public string? Output { get; init; }

    /// <summary>The loss: squared (the worksheet's) or cross-entropy (with a logistic output, for targets in [0, 1]).</summary>
    public string Loss { get; init; } = "squared";

    /// <summary>Samples per step (mini-batches in a fresh order every epoch); null for the whole set.</summary>
    public int? BatchSize { get; init; }

    /// <summary>sgd, momentum or adam.</summary>
    public string Optimizer { get; init; } = "sgd";

    /// <summary>The step size (the worksheet's aggression).</summary>
    public double LearningRate { get; init; } = 5;

    /// <summary>The momentum μ (momentum only).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov's step instead of plain momentum (momentum only).</summary>
    public bool Nesterov { get; init; }

    /// <summary>Adam's β₁.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε, added to √v̂.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The weight decay λ: λθ added to every gradient (PyTorch's weight_decay), with any optimizer.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The worksheet's multiplicative gradient noise (sgd only).</summary>
    public double Noise { get; init; } = 0.8;

    /// <summary>The seed of the weights and the noise: the same seed gives the same start.</summary>
    public uint Seed { get; init; } = 1;

    /// <summary>Return the first thing wrong with these settings, or null.</summary>
    public string? Problem()
    {
        if (Hidden is null || Hidden.Length > MaxHiddenLayers) return $"at most {MaxHiddenLayers} hidden layers";
        if (Hidden.Any(n => n is < 1 or > MaxNeurons)) return $"hidden layers have 1 to {MaxNeurons} neurons";
        if (Csv is null && Points is < 2 or > MaxPoints) return $"a built-in data set has 2 to {MaxPoints} points";
        if (Csv is null && !BuiltInData.Names.Contains(Data)) return $"the built-in data sets are {string.Join(", ", BuiltInData.Names)}";
        if (CsvName is not null && (CsvName.Contains('\0') || CsvName.Length > 255)) return "the file's name is not a file name (a NUL character, or longer than 255)";
        if (HiddenActivations() is null)
            return $"the activation is {NamesDescriptionAttribute.Either(Backprop.Activation.All.Where(a => a.IsElementWise).Select(a => a.Name))}, one for all hidden layers or one each";
        if (Output is not null && Backprop.Activation.FromName(Output) is not { IsElementWise: true })
            return $"the output is {NamesDescriptionAttribute.Either(Backprop.Activation.All.Where(a => a.IsElementWise).Select(a => a.Name))} (softmax comes with classes)";
        if (BatchSize is < 1) return "the batch size is 1 or more";
        if (Loss is not ("squared" or "cross-entropy")) return "the loss is squared or cross-entropy";
        if (Loss == "cross-entropy" && Output is not (null or "logistic")) return "cross-entropy needs the logistic output";
        if (Optimizer is not ("sgd" or "momentum" or "adam")) return "the optimizer is sgd, momentum or adam";
        if (!double.IsFinite(LearningRate) || LearningRate <= 0 || LearningRate > 1000) return "the learning rate is above 0 and at most 1000";
        if (!double.IsFinite(Noise) || Noise < 0 || Noise > 10) return "the noise is from 0 to 10";
        if (!(Momentum >= 0 && Momentum < 1)) return "the momentum is from 0 to below 1";
        if (!(Beta1 >= 0 && Beta1 < 1 && Beta2 >= 0 && Beta2 < 1)) return "Adam's β₁ and β₂ are from 0 to below 1";
        if (!(Epsilon > 0 && Epsilon <= 1)) return "Adam's ε is above 0 and at most 1";
        if (!(WeightDecay >= 0 && WeightDecay <= 10)) return "the weight decay is from 0 to 10";
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
        int inputs = DataFile.InputsFromHeader(header)
            ?? throw new InvalidDataException($"{source} line 1: name the target columns y, y1, y2… or target…, or the one column of classes label or class (the columns before them are the inputs)");
        DataSet data;
        if (header[^1].Trim().ToLowerInvariant() is "label" or "class")
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

    /// <summary>The class labels of the user's data, once read with a label or class column; null otherwise.</summary>
    public IReadOnlyList<string>? Classes { get; private set; }

    /// <summary>A fresh network and its data, drawn from <see cref="Seed"/>: the same settings always give the same start.</summary>
    /// <param name="data">The user's data (<see cref="ReadData"/>), or null for the heart.</param>
    public (Network Network, DataSet Data, NumpyRandom Random, TrainingOptions Options) Start(DataSet? data = null)
    {
        var random = new NumpyRandom(Seed);
        data ??= BuiltInData.Create(Data, Points);
        // A logistic output for targets in [0, 1], as the heart's; otherwise an identity output.
        bool inUnit = data.Targets.AsSpan().ToArray().All(t => t is >= 0 and <= 1);
        if (Loss == "cross-entropy" && !inUnit) throw new InvalidDataException("cross-entropy needs targets from 0 to 1");
        bool classifier = Classes is not null;   // a softmax over the classes, with cross-entropy, as train --classes
        Activation output = classifier ? Backprop.Activation.Softmax
            : Output is { } name ? Backprop.Activation.FromName(name)!
            : inUnit ? Backprop.Activation.Logistic : Backprop.Activation.Identity;
        Network network = Network.CreateRandom([data.InputSize, .. Hidden, data.OutputSize], random, new NetworkOptions
        {
            HiddenActivations = HiddenActivations(),
            OutputActivation = output,
            Loss = classifier || Loss == "cross-entropy" ? Backprop.Loss.CrossEntropy : Backprop.Loss.Squared,
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
        var options = new TrainingOptions
        {
            LearningRate = LearningRate,
            Noise = Optimizer == "sgd" ? Noise : null,
            Optimizer = Optimizer switch
            {
                "adam" => new Adam { Beta1 = Beta1, Beta2 = Beta2, Epsilon = Epsilon },
                "momentum" => new SgdWithMomentum { Momentum = Momentum, Nesterov = Nesterov },
                _ => new Sgd(),
            },
            WeightDecay = WeightDecay,
            BatchSize = BatchSize,
        };
        return (network, data, random, options);
    }

    // One activation per hidden layer: the one named for all, or the list; null when a name is unknown or the count is off.
    private Activation[]? HiddenActivations()
    {
        if (Commands.TrainSettings.ParseActivations(Activation ?? "") is not { } activations) return null;
        if (activations.Length == 1) return [.. Enumerable.Repeat(activations[0], Hidden?.Length ?? 0)];
        return activations.Length == (Hidden?.Length ?? 0) ? activations : null;
    }

    /// <summary>The command line that trains the same run: <c>backprop train --layers 6,7 …</c>.</summary>
    public string CommandLine(int iterations)
    {
        static string N(double x) => PlainNumber.Format(x);
        static string Q(string word) => ShellWord(word);
        string data = Csv is null ? Data == "heart" ? $"--points {Points}" : $"--data {Q($"{Data}.csv")}"
            : $"--data {Q(CsvName ?? "data.csv")}{(Classes is null ? "" : " --classes")}";
        string optimizer = Optimizer switch
        {
            "sgd" => $" --noise {N(Noise)}",
            "momentum" => $" --momentum {N(Momentum)}{(Nesterov ? " --nesterov" : "")}",
            _ => $" --beta1 {N(Beta1)} --beta2 {N(Beta2)} --epsilon {N(Epsilon)}",
        };
        return $"backprop train --layers {string.Join(',', Hidden)} {data} --activation {Q(Activation)}"
            + (Output is null ? "" : $" --output {Q(Output)}") + (Loss == "squared" ? "" : $" --loss {Q(Loss)}")
            + (BatchSize is { } batch ? $" --batch-size {batch}" : "")
            + $" --optimizer {Q(Optimizer)} --learning-rate {N(LearningRate)}{optimizer}"
            + (WeightDecay > 0 ? $" --weight-decay {N(WeightDecay)}" : "")
            + $" --seed {Seed} --iterations {iterations}";
    }

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
