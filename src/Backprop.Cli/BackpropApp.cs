using Backprop.Cli.Commands;
using Spectre.Console.Cli;

namespace Backprop.Cli;

/// <summary>The <c>backprop</c> command line: one entry point for <c>Main</c> and for tests that run it in-process.</summary>
internal static class BackpropApp
{
    /// <summary>Run one command line and return the process exit code: 0 success, 1 failure, 2 usage, 3 not trained (train), 130 interrupted.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="terminal">Where output goes.</param>
    /// <param name="cancellationToken">Ctrl-C and the other stop signals.</param>
    /// <param name="interruption">Whether the caller may abandon the command on a signal (a fresh one when not given).</param>
    public static int Run(string[] args, Terminal terminal, CancellationToken cancellationToken = default, Interruption? interruption = null)
    {
        // A command that needs a subcommand, given alone (backprop data), prints its help and exits 2: a usage error.
        if (args is ["data"])
        {
            Run(["data", "--help"], terminal, cancellationToken, interruption);
            return ExitCodes.Usage;
        }
        if (OptionWithoutValue(args) is { } option)
        {
            terminal.Error.WriteLine($"backprop: {option} needs a value (see --help)");
            return ExitCodes.Usage;
        }
        interruption ??= new Interruption();
        var app = new CommandApp(new TypeRegistrar(terminal, interruption));
        app.Configure(config =>
        {
            config.SetApplicationName("backprop");
            config.SetApplicationVersion(Version);
            config.Settings.Console = terminal.Console;
            config.Settings.Culture = System.Globalization.CultureInfo.InvariantCulture;
            config.Settings.StrictParsing = true;
            config.Settings.ShowOptionDefaultValues = true;
            config.Settings.ExceptionHandler = (exception, _) => Report(exception, terminal, args, interruption);
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train a network and draw its figure: by default the worksheet's 1,6,7,2 on the heart; with --data, a recipe that works on your own data.")
                .WithExample("train")
                .WithExample("train", "--data", "iris.csv")
                .WithExample("train", "--data", "prices.csv", "--layers", "64,64", "--epochs", "50", "--learning-rate", "0.003");
            config.AddCommand<TuneCommand>("tune")
                .WithDescription("Search for a good recipe on your data (random search with successive halving, scored by cross-validation), write the leaderboard, and train the best on the whole file.")
                .WithExample("tune", "--data", "iris.csv")
                .WithExample("tune", "--data", "prices.csv", "--budget", "60", "--space", "layers=1,2;optimizer=adam");
            config.AddCommand<JacobiansCommand>("jacobians")
                .WithDescription("Print the cost and every Jacobian dC/dW, dC/db of a saved model as JSON.")
                .WithExample("jacobians", "--model", "model.json");
            config.AddCommand<GradCheckCommand>("gradcheck")
                .WithDescription("Compare backpropagation with finite differences for every parameter of a saved model.")
                .WithExample("gradcheck", "--model", "model.json");
            config.AddCommand<PredictCommand>("predict")
                .WithDescription("Write a saved model's outputs for the inputs of a CSV file, as CSV (for a classifier, the label and the class probabilities). Required: --model, and --data or --points.")
                .WithExample("predict", "--model", "model.json", "--data", "points.csv");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Print how well a saved model fits a CSV file: cost, and accuracy (with a confusion matrix on a terminal) or R². Required: --model, and --data or --points.")
                .WithExample("evaluate", "--model", "model.json", "--data", "test.csv");
            config.AddBranch("data", data =>
            {
                data.SetDescription("Write training data as CSV.");
                data.AddCommand<DataCommand>("heart")
                    .WithDescription("Write the worksheet's heart training data as CSV (x, y1, y2).")
                    .WithExample("data", "heart", "--points", "200");
                data.AddCommand<DataCommand>("sine").WithDescription("Write the playground's sine curve as CSV (x, y1): y = 0.5 + 0.4 sin 2πx.");
                data.AddCommand<DataCommand>("bump").WithDescription("Write the playground's bump as CSV (x, y1): y = exp(−((x − 0.5)/0.15)²).");
                data.AddCommand<DataCommand>("moons").WithDescription("Write two interleaved half circles as CSV (x1, x2, y1: class 0 or 1).")
                    .WithExample("data", "moons", "--points", "200", "--noise", "0.2", "--out", "moons.csv");
                data.AddCommand<DataCommand>("circles").WithDescription("Write a circle inside a circle as CSV (x1, x2, y1: class 1 inside, 0 outside).");
                data.AddCommand<DataCommand>("xor").WithDescription("Write the four quadrants as CSV (x1, x2, y1: class 1 where x1·x2 > 0).");
                data.AddCommand<DataCommand>("spiral").WithDescription("Write two intertwined spirals as CSV (x1, x2, y1: class 0 or 1), as TensorFlow Playground's.");
            });
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Time the training loop on the seed, wide and large workloads of the C yardstick, and on a classifier.")
                .WithExample("bench", "--workload", "seed");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Serve the playground: train the worksheet's network live in the browser (http://127.0.0.1:5117/).")
                .WithExample("serve")
                .WithExample("serve", "--port", "0");
            config.AddCommand<PlotCommand>("plot")
                .WithDescription("Draw the figure of a saved model against its data.")
                .WithExample("plot", "--model", "model.json", "--out", "heart.png");
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Write a saved model as an ONNX model (one sample per row in, one per row out), for ONNX Runtime or any engine that serves ONNX.")
                .WithExample("export", "--model", "model.json", "--out", "model.onnx")
                .WithExample("export", "--model", "model.json", "--float32");
        });
        return app.Run(args, cancellationToken);
    }

    /// <summary>The tool's version and the commit it was built from, for example <c>0.11.121 (commit d3b4b36f41d5)</c>.</summary>
    public static string Version =>
        BuildVersion.Commit is { } commit ? $"{BuildVersion.Number} (commit {commit[..Math.Min(12, commit.Length)]})" : BuildVersion.Number;

    /// <summary>Turn any exception into one line on standard error and an exit code; never a stack trace.</summary>
    private static int Report(Exception exception, Terminal terminal, string[] args, Interruption interruption)
    {
        if (exception is OperationCanceledException)
        {
            interruption.Report(terminal, written: []);
            return ExitCodes.Interrupted;
        }
        (string message, int code) = exception switch
        {
            CommandFailure failure => (failure.Message, failure.ExitCode),
            CommandAppException app => (ConversionFailure(app.Message, args) ?? app.Message, ExitCodes.Usage),
            ArgumentException argument => (argument.ParamName is null ? argument.Message : argument.Message.Replace($" (Parameter '{argument.ParamName}')", ""), ExitCodes.Failure),
            InvalidDataException or IOException or UnauthorizedAccessException => (exception.Message, ExitCodes.Failure),
            OutOfMemoryException => ("not enough memory for this network and data", ExitCodes.Failure),
            _ => ($"unexpected error: {exception.Message}", ExitCodes.Failure),
        };
        terminal.Error.WriteLine($"backprop: {OneLine(message)}");
        return code;
    }

    // Spectre's "Failed to convert 'abc' to Int32." as "--iterations: 'abc' is not a whole number" (or "--iterations:
    // 3000000000 is too large"), the option found by its value on the command line; null for other messages.
    private static string? ConversionFailure(string message, string[] args)
    {
        var failed = System.Text.RegularExpressions.Regex.Match(message, @"^Failed to convert '(.*)' to ([\w`]+)\.$");
        if (!failed.Success) return null;
        string value = failed.Groups[1].Value, typeName = failed.Groups[2].Value;
        // Among the options given this value, the one whose type Spectre failed to convert it to.
        var candidates = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i].StartsWith('-') && args[i + 1] == value) candidates.Add(args[i]);
            else if (args[i].StartsWith('-') && args[i].EndsWith($"={value}", StringComparison.Ordinal)) candidates.Add(args[i][..args[i].IndexOf('=')]);
        }
        Type? Underlying(string o) => OptionType(o) is { } t ? Nullable.GetUnderlyingType(t) ?? t : null;
        // Spectre names a nullable option's type Nullable`1: then the option whose type cannot read the value.
        bool Reads(string o) => Underlying(o) switch
        {
            Type t when t == typeof(int) => int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
            Type t when t == typeof(uint) => uint.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
            Type t when t == typeof(double) => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        string? option = candidates.FirstOrDefault(o => Underlying(o)?.Name == typeName) ?? candidates.FirstOrDefault(o => !Reads(o)) ?? candidates.LastOrDefault();
        Type? type = option is null ? null : Underlying(option);
        string name = option ?? "an option";
        bool whole = System.Numerics.BigInteger.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number);
        return type switch
        {
            Type t when t == typeof(int) && whole => number < 0 ? $"{name}: {value} is too small" : $"{name}: {value} is too large",
            Type t when t == typeof(uint) && whole => number < 0 ? $"{name}: {value} is negative; it takes 0 or more" : $"{name}: {value} is too large",
            Type t when t == typeof(int) || t == typeof(uint) => $"{name}: '{value}' is not a whole number",
            Type t when t == typeof(double) => $"{name}: '{value}' is not a number",
            _ => $"{name}: '{value}' is not a value this option takes (see --help)",
        };
    }

    // An option that takes a value given without one (last, or followed by another option), which Spectre would report as
    // a value "__default_command" of no type; null when every one has its value.
    private static string? OptionWithoutValue(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].EndsWith('=') && OptionType(args[i][..^1]) is not null) return args[i][..^1];
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Contains('=') || OptionType(args[i]) is not { } type) continue;
            bool takesValue = (Nullable.GetUnderlyingType(type) ?? type) != typeof(bool);
            if (takesValue && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))) return args[i];
        }
        return null;
    }

    // The type of the settings property behind an option such as --points, from its [CommandOption] attribute.
    private static Type? OptionType(string option) =>
        typeof(BackpropApp).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties())
            .FirstOrDefault(p => p.GetCustomAttributes(typeof(CommandOptionAttribute), true).OfType<CommandOptionAttribute>()
                .Any(a => a.LongNames.Any(n => $"--{n}" == option) || a.ShortNames.Any(n => $"-{n}" == option)))
            ?.PropertyType;

    // One line, and nothing in it a terminal would act on (a message can quote a file's text or a path).
    private static string OneLine(string message) =>
        Excerpt.Printable(string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
}
