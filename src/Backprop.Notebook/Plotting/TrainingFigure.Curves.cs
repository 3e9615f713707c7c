using ScottPlot;

namespace Backprop;

// One input: each output against the input, targets green, snapshots magenta, final orange. The samples are drawn in
// the order of their input, so a shuffled data file draws the same picture as a sorted one.
public sealed partial class TrainingFigure
{
    private Plot OutputsAgainstInputPanel(Matrix finalOutputs)
    {
        var plot = new Plot();
        int[] order = SampleOrderByInput();
        double[] x = InOrder(data.Inputs.Row(0), order);
        for (int o = 0; o < finalOutputs.Rows; o++)   // x is ascending: long curves are drawn per pixel column
        {
            AddLine(plot, x, InOrder(data.Targets.Row(o), order), Target, 1.5f, ascending: true);
            foreach (Matrix snapshot in _snapshots.Kept) AddLine(plot, x, InOrder(snapshot.Row(o), order), Snapshot, 2, ascending: true);
            AddLine(plot, x, InOrder(finalOutputs.Row(o), order), Final, 2.5f, ascending: true);
        }
        AddCurveLegend(plot, Alignment.UpperRight);
        plot.XLabel("input");
        plot.YLabel("outputs");
        return plot;
    }

    // The sample indices by increasing input; ties by the first target, so any order of the same samples sorts alike.
    private int[] SampleOrderByInput() =>
        Enumerable.Range(0, data.Count).OrderBy(j => data.Inputs[0, j]).ThenBy(j => data.Targets[0, j]).ToArray();

    private static double[] InOrder(ReadOnlySpan<double> values, int[] order)
    {
        var sorted = new double[order.Length];
        for (int i = 0; i < order.Length; i++) sorted[i] = values[order[i]];
        return sorted;
    }
}
