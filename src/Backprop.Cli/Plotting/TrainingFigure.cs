using ScottPlot;

namespace Backprop.Cli.Plotting;

/// <summary>
/// The worksheet's figure, and the cost curve beside it: the one place that knows how training is drawn.
/// </summary>
/// <remarks>
/// For two outputs (the heart): a 640×640 panel over [0, 1]² with equal aspect, the "Blues" background
/// Z = √((x − 0.5)² + (y − 1)²)/√1.25, the targets as a green line (width 1.5), every snapshot of the network's
/// outputs in magenta at opacity 0.1 (width 2) so they build a trail, and the final outputs in thick orange
/// (width 2.5). For one input and another number of outputs, each output against the input instead. Beside it,
/// when there is a history, the cost against iteration on a log scale. PNG or SVG, chosen by the file's extension.
/// </remarks>
internal sealed class TrainingFigure(DataSet data)
{
    private const int PanelSize = 640;
    private static readonly Color Target = Colors.Green;
    private static readonly Color Snapshot = Colors.Magenta.WithAlpha(0.1);
    private static readonly Color Final = Colors.Orange;

    private readonly List<Matrix> _snapshots = [];

    /// <summary>
    /// Draw a small figure into memory and throw it away, so that SkiaSharp's native start-up and the JIT compilation of
    /// the plotting code are done; run it on another core while training runs (it saved ~0.2 s of the default
    /// <c>backprop train</c>'s wall time on a 2-core machine).
    /// </summary>
    public static void WarmUp()
    {
        var data = HeartData.Create(8);
        var figure = new TrainingFigure(data);
        figure.AddSnapshot(data.Targets);
        Plot?[] panels = [figure.OutputPanel(data.Targets), CostPanel([1.0, 0.5, 0.25])];
        foreach (Plot? panel in panels) panel?.GetImageBytes(64, 64, ImageFormat.Png);
    }

    /// <summary>Keep a copy of the network's outputs at one point of training.</summary>
    public void AddSnapshot(Matrix outputs) => _snapshots.Add(outputs.Clone());

    /// <summary>Return whether <paramref name="path"/> names a format the figure can be saved in.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg";

    /// <summary>Write the figure to a .png or .svg file, atomically.</summary>
    /// <param name="path">The file; its extension chooses the format.</param>
    /// <param name="finalOutputs">The network's outputs at its final weights, n_L × N.</param>
    /// <param name="costHistory">The cost after 0, 1, 2, … steps, drawn as the second panel; null for none.</param>
    public void Save(string path, Matrix finalOutputs, IReadOnlyList<double>? costHistory)
    {
        Plot[] panels = new[] { OutputPanel(finalOutputs), CostPanel(costHistory) }.OfType<Plot>().ToArray();
        if (panels.Length == 0) panels = [Placeholder()];
        bool svg = Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase);
        Backprop.AtomicFile.WriteVia(path, temporary =>
        {
            if (svg) File.WriteAllText(temporary, SideBySideSvg(panels));
            else if (panels.Length == 1) panels[0].SavePng(temporary, PanelSize, PanelSize);
            else
            {
                var multiplot = new Multiplot(panels[0]) { Layout = new ScottPlot.MultiplotLayouts.Columns() };
                foreach (Plot panel in panels.Skip(1)) multiplot.AddPlot(panel);
                multiplot.SavePng(temporary, PanelSize * panels.Length, PanelSize);
            }
        });
    }

    private Plot? OutputPanel(Matrix finalOutputs)
    {
        if (finalOutputs.Rows == 2) return OutputPlanePanel(finalOutputs);
        if (data.InputSize == 1) return OutputsAgainstInputPanel(finalOutputs);
        return null;
    }

    // The worksheet's picture: the curve the outputs (y1, y2) trace over the samples, in the unit square.
    private Plot OutputPlanePanel(Matrix finalOutputs)
    {
        var plot = new Plot();
        var background = plot.Add.Heatmap(BackgroundIntensities());
        background.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());   // matplotlib's Blues: 0 white, 1 dark blue
        background.ManualRange = new ScottPlot.Range(0, 1);
        background.Extent = new CoordinateRect(0, 1, 0, 1);
        AddLine(plot, data.Targets.Row(0).ToArray(), data.Targets.Row(1).ToArray(), Target, 1.5f);
        foreach (Matrix snapshot in _snapshots) AddLine(plot, snapshot.Row(0).ToArray(), snapshot.Row(1).ToArray(), Snapshot, 2);
        AddLine(plot, finalOutputs.Row(0).ToArray(), finalOutputs.Row(1).ToArray(), Final, 2.5f);
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Layout.Fixed(new PixelPadding(left: 60, right: 20, bottom: 50, top: 30));   // a 560×560 data area: equal aspect
        plot.XLabel("output 1");
        plot.YLabel("output 2");
        return plot;
    }

    private Plot OutputsAgainstInputPanel(Matrix finalOutputs)
    {
        var plot = new Plot();
        double[] x = data.Inputs.Row(0).ToArray();
        for (int o = 0; o < finalOutputs.Rows; o++)
        {
            AddLine(plot, x, data.Targets.Row(o).ToArray(), Target, 1.5f);
            foreach (Matrix snapshot in _snapshots) AddLine(plot, x, snapshot.Row(o).ToArray(), Snapshot, 2);
            AddLine(plot, x, finalOutputs.Row(o).ToArray(), Final, 2.5f);
        }
        plot.XLabel("input");
        plot.YLabel("outputs");
        return plot;
    }

    private static Plot? CostPanel(IReadOnlyList<double>? costHistory)
    {
        if (costHistory is null || costHistory.Count == 0) return null;
        var plot = new Plot();
        var iterations = new double[costHistory.Count];
        var logCost = new double[costHistory.Count];
        for (int i = 0; i < iterations.Length; i++)
        {
            iterations[i] = i;
            logCost[i] = Math.Log10(Math.Max(costHistory[i], 1e-300));
        }
        var line = plot.Add.SignalXY(iterations, logCost);   // draws one min–max stroke per pixel column: 50,001 points cost little
        line.Color = Colors.Navy;
        line.LineWidth = 1.5f;
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Layout.Fixed(new PixelPadding(left: 80, right: 20, bottom: 50, top: 30));
        plot.XLabel("iteration");
        plot.YLabel("cost (log scale)");
        return plot;
    }

    private static Plot Placeholder()
    {
        var plot = new Plot();
        plot.Title("nothing to draw");
        return plot;
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

    private static void AddLine(Plot plot, double[] xs, double[] ys, Color color, float width)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.Color = color;
        line.LineWidth = width;
    }

    private static string SideBySideSvg(Plot[] panels)
    {
        var svg = new System.Text.StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PanelSize * panels.Length}\" height=\"{PanelSize}\">");
        for (int i = 0; i < panels.Length; i++)
        {
            string panel = panels[i].GetSvgXml(PanelSize, PanelSize);
            int start = panel.IndexOf("<svg", StringComparison.Ordinal);
            svg.Append($"<g transform=\"translate({PanelSize * i},0)\">").Append(panel, start, panel.Length - start).Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }
}
