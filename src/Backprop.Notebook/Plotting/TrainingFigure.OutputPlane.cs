using ScottPlot;

namespace Backprop;

// The worksheet's picture, for two outputs (the heart): a 640×640 panel over [0, 1]² with equal aspect, the "Blues"
// background Z = √((x − 0.5)² + (y − 1)²)/√1.25, the targets as a green line (width 1.5), every snapshot of the
// network's outputs in magenta at opacity 0.1 (width 2) so they build a trail, and the final outputs in thick orange
// (width 2.5).
public sealed partial class TrainingFigure
{
    // The curve the outputs (y1, y2) trace over the samples, in the unit square.
    private Plot OutputPlanePanel(Matrix finalOutputs)
    {
        var plot = new Plot();
        var background = plot.Add.Heatmap(BackgroundIntensities());
        background.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());   // matplotlib's Blues: 0 white, 1 dark blue
        background.ManualRange = new ScottPlot.Range(0, 1);
        background.Extent = new CoordinateRect(0, 1, 0, 1);
        AddCurve(plot, data.Targets, Target, 1.5f);
        foreach (Matrix snapshot in _snapshots.Kept) AddCurve(plot, snapshot, Snapshot, 2);
        AddCurve(plot, finalOutputs, Final, 2.5f);
        AddCurveLegend(plot, Alignment.UpperLeft);   // clear of the heart, and of the darkest corner
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Layout.Fixed(new PixelPadding(left: 60, right: 20, bottom: 50, top: 30));   // a 560×560 data area: equal aspect
        plot.XLabel("output 1");
        plot.YLabel("output 2");
        return plot;
    }

    // The curve (row 0, row 1) of a two-row matrix, thinned to what the unit square's 560 pixels show.
    private static void AddCurve(Plot plot, Matrix outputs, Color color, float width)
    {
        (double[] x, double[] y) = Thinned(outputs.Row(0).ToArray(), outputs.Row(1).ToArray(), 1, 1);
        AddLine(plot, x, y, color, width);
    }

    // Z = √((x − 0.5)² + (y − 1)²) / √1.25 on the worksheet's 0.01 grid; row 0 is the top of the picture (y = 1).
    private static double[,] BackgroundIntensities()
    {
        const int cells = 100;
        var z = new double[cells, cells];
        for (int row = 0; row < cells; row++)
            for (int column = 0; column < cells; column++)
            {
                double x = (column + 0.5) / cells, y = 1 - (row + 0.5) / cells;
                z[row, column] = Math.Sqrt((x - 0.5) * (x - 0.5) + (y - 1) * (y - 1)) / Math.Sqrt(1.25);
            }
        return z;
    }
}
