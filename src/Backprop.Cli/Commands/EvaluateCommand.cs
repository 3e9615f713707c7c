using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop evaluate</c>: how well a saved model fits a data set, in one parseable line
/// (<c>evaluated: samples=N cost=C accuracy=A</c> for a classifier, <c>… r2=R</c> otherwise), and on a terminal a
/// confusion matrix for a classifier.
/// </summary>
internal sealed class EvaluateCommand(Terminal terminal) : InterruptibleCommand<EvaluateCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        public override ValidationResult Validate() =>
            DataFile is null && Points is null ? ValidationResult.Error("--data FILE.csv is required (or --points N for heart data)") : base.Validate();
    }

    protected override int Run(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Output.CheckSeparate(terminal, [], [("--model", settings.Model), ("--data", settings.DataFile)]);
        Network network = settings.LoadModel();
        Evaluation evaluation = Evaluation.Of(network, settings.LoadDataFor(network, settings.Model!));
        if (terminal.IsInteractive && evaluation.ConfusionMatrix is { } confusion) terminal.Console.Write(ConfusionTable(confusion, network.Classes!));
        terminal.Out.WriteLine($"evaluated: {evaluation.Numbers}");
        return ExitCodes.Success;
    }

    // Rows: the true class; columns: the predicted one.
    private static Table ConfusionTable(int[,] confusion, IReadOnlyList<string> classes)
    {
        var table = new Table().Title("confusion matrix").Caption("rows: true class, columns: predicted");
        table.AddColumn(new TableColumn(""));
        foreach (string label in classes) table.AddColumn(new TableColumn(Markup.Escape(Excerpt.Printable(label))).RightAligned());
        for (int t = 0; t < classes.Count; t++)
            table.AddRow([Markup.Escape(Excerpt.Printable(classes[t])), .. Enumerable.Range(0, classes.Count).Select(p => t == p ? $"[bold]{confusion[t, p]}[/]" : confusion[t, p].ToString(CultureInfo.InvariantCulture))]);
        return table;
    }
}
