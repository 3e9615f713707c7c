using ScottPlot;

namespace Backprop;

/// <summary>
/// The worksheet's figure, and the cost curve beside it: the one place that knows how training is drawn.
/// </summary>
/// <remarks>
/// The left panel shows what the network does, chosen by the data's shape:
/// <list type="bullet">
/// <item>two inputs, with a classifier or a one-output network given: the input plane coloured by the network's answer,
/// with the samples on top (<c>TrainingFigure.InputPlane.cs</c>);</item>
/// <item>otherwise two outputs (the heart): the outputs' curve in the unit square (<c>TrainingFigure.OutputPlane.cs</c>);</item>
/// <item>otherwise one input: each output against the input (<c>TrainingFigure.Curves.cs</c>);</item>
/// <item>otherwise nothing.</item>
/// </list>
/// Beside it, when there is a history, the cost against iteration on a log scale, with the validation cost if any
/// (<c>TrainingFigure.Cost.cs</c>). PNG or SVG, chosen by the file's extension.
/// </remarks>
public sealed partial class TrainingFigure(DataSet data)
{
    private const int PanelSize = 640;
    private static readonly Color Target = Colors.Green;
    private static readonly Color Snapshot = Colors.Magenta.WithAlpha(0.1);
    private static readonly Color Final = Colors.Orange;

    private readonly EvenlyThinned<Matrix> _snapshots = new(MaxSnapshots);

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
        Plot?[] panels = [figure.OutputPanel(data.Targets, network: null), CostPanel([new(0, 1.0), new(1, 0.5), new(2, 0.25)], evaluations: null)];
        foreach (Plot? panel in panels) panel?.GetImageBytes(64, 64, ImageFormat.Png);
    }

    // The key to the curves, on the figure itself: green the target, magenta the snapshots, orange the trained network.
    private void AddCurveLegend(Plot plot, Alignment corner)
    {
        LegendItem Line(string label, Color color) => new() { LabelText = label, LineColor = color, LineWidth = 2.5f };
        List<LegendItem> items = [Line("target (the data)", Target)];
        if (_snapshots.Kept.Count > 0) items.Add(Line("network while training", Colors.Magenta));
        items.Add(Line("trained network", Final));
        plot.ShowLegend(items, corner);
    }

    /// <summary>
    /// Why a figure could not be drawn, in one line: the drawing library's native part missing for this platform (the
    /// tool package carries it for the main ones), or the error's own message.
    /// </summary>
    public static string WhyNot(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is DllNotFoundException or BadImageFormatException)
                return $"the figure's drawing library (SkiaSharp) has no native build for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} here; use --no-figure";
        return (error is AggregateException { InnerException: { } inner } ? inner : error).Message;
    }

    /// <summary>Keep a copy of the network's outputs at one point of training.</summary>
    public void AddSnapshot(Matrix outputs) => _snapshots.Offer(_snapshots.KeepsNext ? outputs.Clone() : outputs);

    /// <summary>Return whether <paramref name="path"/> names a format the figure can be saved in.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg";

    /// <summary>Write the figure to a .png or .svg file, atomically.</summary>
    /// <param name="path">The file; its extension chooses the format.</param>
    /// <param name="finalOutputs">The network's outputs at its final weights, n_L × N.</param>
    /// <param name="costHistory">The cost along the run, drawn as the second panel; null for none.</param>
    /// <param name="evaluations">The costs at each snapshot; their validation costs join the cost panel. Null for none.</param>
    /// <param name="network">The trained network, to colour the input plane of two-input data; null to leave it out.</param>
    /// <exception cref="ArgumentException">The network's input or output size differs from the data's.</exception>
    public void Save(string path, Matrix finalOutputs, IReadOnlyList<CostPoint>? costHistory,
        IReadOnlyList<TrainingEvaluation>? evaluations = null, Network? network = null)
    {
        network?.CheckData(data);
        Plot[] panels = new[] { OutputPanel(finalOutputs, network), CostPanel(costHistory, evaluations) }.OfType<Plot>().ToArray();
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

    private Plot? OutputPanel(Matrix finalOutputs, Network? network)
    {
        if (network is not null && data.InputSize == 2 && DrawsOnInputPlane(network)) return InputPlanePanel(network);
        if (finalOutputs.Rows == 2) return OutputPlanePanel(finalOutputs);
        if (data.InputSize == 1) return OutputsAgainstInputPanel(finalOutputs);
        return null;
    }

    private static Plot Placeholder()
    {
        var plot = new Plot();
        plot.Title("nothing to draw");
        return plot;
    }

    // A line through the points; with xs ascending and more points than a panel shows, as ScottPlot's SignalXY draws
    // it: one min–max stroke per pixel column.
    private static void AddLine(Plot plot, double[] xs, double[] ys, Color color, float width, bool ascending = false)
    {
        if (ascending && xs.Length > MaxCurvePoints)
        {
            var signal = plot.Add.SignalXY(xs, ys);
            signal.Color = color;
            signal.LineWidth = width;
            return;
        }
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
