using System.Globalization;
using ScottPlot;

namespace Backprop;

// The cost against iteration on a log scale: the training cost of every step in navy (or, without a history, as with
// mini-batches, the whole set's at each snapshot), and the validation cost at each snapshot in crimson when there is
// validation data (then with a legend).
public sealed partial class TrainingFigure
{
    private static readonly Color TrainingCost = Colors.Navy;
    private static readonly Color ValidationCost = Colors.Crimson;

    private static Plot? CostPanel(IReadOnlyList<CostPoint>? costHistory, IReadOnlyList<TrainingEvaluation>? evaluations)
    {
        TrainingEvaluation[] validated = evaluations?.Where(e => e.ValidationCost is not null).ToArray() ?? [];
        bool history = costHistory is { Count: > 0 };
        if (!history && (evaluations is null || evaluations.Count == 0)) return null;
        var plot = new Plot();
        if (!history)
        {
            var snapshots = plot.Add.ScatterLine(evaluations!.Select(e => (double)e.Iteration).ToArray(), evaluations!.Select(e => Log10Cost(e.Cost)).ToArray());
            snapshots.Color = TrainingCost;
            snapshots.LineWidth = 1.5f;
            if (validated.Length > 0) snapshots.LegendText = "training";
        }
        if (history)
        {
            double[] iterations = costHistory!.Select(point => (double)point.Iteration).ToArray();
            var training = plot.Add.SignalXY(iterations, costHistory!.Select(point => Log10Cost(point.Cost)).ToArray());   // one min–max stroke per pixel column: 50,001 points cost little
            training.Color = TrainingCost;
            training.LineWidth = 1.5f;
            if (validated.Length > 0) training.LegendText = "training";   // a label alone would show a legend
        }
        if (validated.Length > 0)
        {
            var validation = plot.Add.ScatterLine(validated.Select(e => (double)e.Iteration).ToArray(),
                validated.Select(e => Log10Cost(e.ValidationCost!.Value)).ToArray());
            validation.Color = ValidationCost;
            validation.LineWidth = 1.5f;
            validation.LegendText = "validation";
            plot.ShowLegend(Alignment.UpperRight);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Layout.Fixed(new PixelPadding(left: 80, right: 20, bottom: 50, top: 30));
        plot.XLabel("iteration");
        plot.YLabel("cost (log scale)");
        return plot;
    }

    private static double Log10Cost(double cost) => Math.Log10(Math.Max(cost, 1e-300));
}
