using System.ComponentModel;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

// Held-out data and early stopping: --validation-split, --validation, --patience.
internal sealed partial class TrainSettings
{
    [CommandOption("--validation-split <F>")]
    [Description("Hold out a seeded random fraction F of the rows (stratified by class for classes) to validate on at every snapshot. Default with --data 0.1 (of 50 rows or more); 0 holds none out.")]
    public double? ValidationSplit { get; init; }

    /// <summary>The fraction held out of <paramref name="rows"/> rows: --validation-split, or the recipe's; null for none.</summary>
    public double? ValidationSplitFor(int rows) =>
        ValidationSplit is { } given ? (given > 0 ? given : null)
        : UsesDataDefaults && ValidationFile is null && DataDefaults.HoldsOut(rows) ? DataDefaults.ValidationFraction : null;

    [CommandOption("--validation <FILE>")]
    [Description("Validate on this CSV file (the same columns as --data) at every snapshot.")]
    public string? ValidationFile { get; init; }

    [CommandOption("--patience <K>")]
    [Description("Stop when the validation cost has not improved for K snapshots (--log-every; epochs with --data), and keep the best weights. Default with --data 10.")]
    public int? Patience { get; init; }

    private string? ValidateValidation()
    {
        if (ValidationSplit is { } f && !(f >= 0 && f < 1)) return $"--validation-split must be from 0 up to (not including) 1, not {PlainNumber.Format(f)}";
        if (ValidationSplit is not null && ValidationFile is not null) return "--validation-split and --validation cannot be used together";
        if (Patience is < 1) return $"--patience must be 1 or more, not {Patience}";
        if (Patience is not null && ValidationSplit is null or 0 && ValidationFile is null)
            return "--patience needs validation data: --validation-split F or --validation FILE";
        return null;
    }
}
