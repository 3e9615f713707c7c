using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

// Held-out data and early stopping: --validation-split, --validation, --patience.
internal sealed partial class TrainSettings
{
    [CommandOption("--validation-split <F>")]
    [Description("Hold out a seeded random fraction F of the rows (stratified by class with --classes) to validate on at every snapshot.")]
    public double? ValidationSplit { get; init; }

    [CommandOption("--validation <FILE>")]
    [Description("Validate on this CSV file (the same columns as --data) at every snapshot.")]
    public string? ValidationFile { get; init; }

    [CommandOption("--patience <K>")]
    [Description("Stop when the validation cost has not improved for K snapshots (--log-every), and keep the best weights.")]
    public int? Patience { get; init; }

    private string? ValidateValidation()
    {
        if (ValidationSplit is { } f && !(f > 0 && f < 1)) return $"--validation-split must be between 0 and 1, not {PlainNumber.Format(f)}";
        if (ValidationSplit is not null && ValidationFile is not null) return "--validation-split and --validation cannot be used together";
        if (Patience is < 1) return $"--patience must be 1 or more, not {Patience}";
        if (Patience is not null && ValidationSplit is null && ValidationFile is null)
            return "--patience needs validation data: --validation-split F or --validation FILE";
        return null;
    }
}
