using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop data NAME</c>: a built-in data set (<see cref="BuiltInData"/>) as CSV, the same points the playground
/// trains on, so that its command line can be run: <c>backprop data moons --out moons.csv</c>, then <c>backprop train
/// --data moons.csv …</c>. The name is the command's own (one command registered under each set's name).
/// </summary>
internal sealed class DataCommand(Terminal terminal) : InterruptibleCommand<DataCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--points <N>")]
        [Description("How many samples.")]
        [DefaultValue(DataSettings.DefaultPoints)]
        public int Points { get; init; } = DataSettings.DefaultPoints;

        [CommandOption("--noise <X>")]
        [Description("The data noise: the standard deviation of a Gaussian added to each input of a two-class set, or to each target of a curve (default: 0.1 for moons, 0.06 for circles, else 0). Not the worksheet's gradient noise.")]
        public double? Noise { get; init; }

        [CommandOption("--seed <S>")]
        [Description("The seed of the data's own generator (the playground's data: 2026).")]
        [DefaultValue(BuiltInData.DefaultSeed)]
        public uint Seed { get; init; } = BuiltInData.DefaultSeed;

        [CommandOption("--out <FILE>")]
        [Description("Write the CSV here instead of to standard output.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Points is < 1 or > 100_000_000) return ValidationResult.Error($"--points must be from 1 to 100000000, not {Points}");
            if (Noise is { } noise && !(noise >= 0 && double.IsFinite(noise)))
                return ValidationResult.Error($"--noise must be 0 or more (a standard deviation), not {noise.ToString(CultureInfo.InvariantCulture)}");
            return ValidationResult.Success();
        }
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Out is not null) Output.Check("--out", settings.Out);
        DataSet data = BuiltInData.Create(context.Name, settings.Points, settings.Noise, settings.Seed);
        Output.WriteText(terminal, settings.Out, writer => DataFile.Write(writer, data));
        return ExitCodes.Success;
    }
}
