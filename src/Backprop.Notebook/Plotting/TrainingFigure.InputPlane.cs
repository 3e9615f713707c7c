using System.Numerics.Tensors;
using ScottPlot;

namespace Backprop;

// Two inputs, TensorFlow-Playground style: the plane of the two inputs (the samples' range, padded 5%) as a 100 × 100
// heatmap of what the network answers there, with the samples on top as dots with a dark edge. A classifier colours
// each cell by its predicted class (the largest output) in a light tint and each dot by its true class (the largest
// target), with the class names in a legend; a one-output network colours cells by the output and dots by the target,
// on one blue–white–orange scale spanning the targets.
public sealed partial class TrainingFigure
{
    private const int GridCells = 100;   // per side: 10,000 points, predicted in one batch
    private static readonly Color DotEdge = Colors.Black.WithAlpha(0.8);

    private static bool DrawsOnInputPlane(Network network) => IsClassifier(network) || network.OutputSize == 1;

    private static bool IsClassifier(Network network) =>
        network.OutputSize > 1 && (network.Classes is not null || network.OutputActivation == Activation.Softmax);

    private Plot InputPlanePanel(Network network)
    {
        var plane = new CoordinateRect(Padded(data.Inputs.Row(0)), Padded(data.Inputs.Row(1)));
        Matrix predicted = network.Predict(GridPoints(plane));
        var plot = new Plot();
        if (IsClassifier(network)) DrawClasses(plot, plane, predicted, network.Classes);
        else DrawValues(plot, plane, predicted);
        plot.Axes.SetLimits(plane);
        plot.Layout.Fixed(new PixelPadding(left: 70, right: 20, bottom: 50, top: 30));
        plot.XLabel("input 1");
        plot.YLabel("input 2");
        return plot;
    }

    private void DrawClasses(Plot plot, CoordinateRect plane, Matrix predicted, IReadOnlyList<string>? classes)
    {
        int K = predicted.Rows;
        var background = plot.Add.Heatmap(OnGrid(point => ClassLabels.ArgMax(predicted, point)));
        background.Colormap = ClassColors.Tints(K);
        background.ManualRange = new ScottPlot.Range(0, K - 1);
        background.Rectangle = plane;
        int[] drawn = DotSamples(data.Count);
        int[] truth = drawn.Select(j => ClassLabels.ArgMax(data.Targets, j)).ToArray();
        for (int k = 0; k < K; k++)
        {
            int[] members = Enumerable.Range(0, drawn.Length).Where(i => truth[i] == k).Select(i => drawn[i]).ToArray();
            if (members.Length > 0) AddDots(plot, members, ClassColors.Of(k));
        }
        plot.ShowLegend(Enumerable.Range(0, K).Select(k => new LegendItem
        {
            LabelText = classes?[k] ?? $"output {k + 1}",
            MarkerStyle = DotStyle(ClassColors.Of(k)),
        }), Alignment.UpperRight);
    }

    private void DrawValues(Plot plot, CoordinateRect plane, Matrix predicted)
    {
        ScottPlot.Range range = Widened(ScottPlot.Range.GetRange(data.Targets.Row(0).ToArray()));
        var background = plot.Add.Heatmap(OnGrid(point => predicted[0, point]));
        background.Colormap = new ScottPlot.Colormaps.CustomInterpolated([ClassColors.TintOf(0), Colors.White, ClassColors.TintOf(1)]);
        background.ManualRange = range;
        background.Rectangle = plane;
        var dotColors = new ScottPlot.Colormaps.CustomInterpolated([ClassColors.Of(0), Colors.White, ClassColors.Of(1)]);
        foreach (int j in DotSamples(data.Count)) AddDots(plot, [j], dotColors.GetColor(data.Targets[0, j], range));
    }

    private void AddDots(Plot plot, int[] samples, Color fill)
    {
        double[] x1 = samples.Select(j => data.Inputs[0, j]).ToArray(), x2 = samples.Select(j => data.Inputs[1, j]).ToArray();
        plot.Add.Markers(x1, x2).MarkerStyle = DotStyle(fill);
    }

    private static MarkerStyle DotStyle(Color fill) => new(MarkerShape.FilledCircle, 8, fill)
    {
        OutlineColor = DotEdge,
        OutlineWidth = 1,
    };

    // The points at the centres of the grid's cells, 2 × GridCells²; point (row, column) is column row·GridCells +
    // column, and row 0 is the top of the plane, as the heatmap draws its first row.
    private static Matrix GridPoints(CoordinateRect plane)
    {
        var points = new Matrix(2, GridCells * GridCells);
        for (int row = 0; row < GridCells; row++)
            for (int column = 0; column < GridCells; column++)
            {
                points[0, row * GridCells + column] = plane.Left + (column + 0.5) * plane.Width / GridCells;
                points[1, row * GridCells + column] = plane.Top - (row + 0.5) * plane.Height / GridCells;
            }
        return points;
    }

    private static double[,] OnGrid(Func<int, double> valueAtPoint)
    {
        var z = new double[GridCells, GridCells];
        for (int row = 0; row < GridCells; row++)
            for (int column = 0; column < GridCells; column++)
                z[row, column] = valueAtPoint(row * GridCells + column);
        return z;
    }

    // The values' range widened by 5% on each side.
    private static CoordinateRange Padded(ReadOnlySpan<double> values)
    {
        ScottPlot.Range range = Widened(new ScottPlot.Range(TensorPrimitives.Min(values), TensorPrimitives.Max(values)));
        double pad = 0.05 * (range.Max - range.Min);
        return new CoordinateRange(range.Min - pad, range.Max + pad);
    }

    // A range of one value becomes that value ± 0.5, so that it has a width to draw and to scale colours by.
    private static ScottPlot.Range Widened(ScottPlot.Range range) =>
        range.Max > range.Min ? range : new ScottPlot.Range(range.Min - 0.5, range.Max + 0.5);
}
