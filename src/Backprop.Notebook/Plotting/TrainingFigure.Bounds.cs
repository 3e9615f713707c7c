namespace Backprop;

// What a figure draws is bounded whatever the run: a 640-pixel panel cannot show more than a few thousand points of a
// curve, a few hundred overlapping snapshots or tens of thousands of dots, so the rest is left out before drawing.
// Below these sizes nothing is left out, so the worksheet's figure is drawn exactly as before.
public sealed partial class TrainingFigure
{
    /// <summary>Curves of more points than this are thinned to what a panel can show.</summary>
    internal const int MaxCurvePoints = 4_000;

    /// <summary>At most this many snapshot curves are kept (<see cref="EvenlyThinned{T}"/>): when more come, every other one is let go.</summary>
    internal const int MaxSnapshots = 500;

    /// <summary>At most this many samples are drawn as dots on the input plane (an even stride through them).</summary>
    internal const int MaxDots = 20_000;

    /// <summary>How many snapshot curves the figure holds.</summary>
    internal int SnapshotCount => _snapshots.Kept.Count;

    // A parametric curve (x, y) thinned for a panel spanning width × height in data units: a point within half a pixel
    // (of a 640-pixel panel) of the last one kept is left out; the last point always stays. Short curves are untouched.
    internal static (double[] X, double[] Y) Thinned(double[] x, double[] y, double width, double height)
    {
        if (x.Length <= MaxCurvePoints) return (x, y);
        double dx = Math.Abs(width) / (2 * PanelSize), dy = Math.Abs(height) / (2 * PanelSize);
        var keptX = new List<double> { x[0] };
        var keptY = new List<double> { y[0] };
        for (int i = 1; i < x.Length; i++)
            if (Math.Abs(x[i] - keptX[^1]) > dx || Math.Abs(y[i] - keptY[^1]) > dy || i == x.Length - 1 || !double.IsFinite(x[i] + y[i]))
            {
                keptX.Add(x[i]);
                keptY.Add(y[i]);
            }
        return ([.. keptX], [.. keptY]);
    }

    // The samples to draw as dots: all of them, or an even stride through them.
    private static int[] DotSamples(int count)
    {
        int stride = (count + MaxDots - 1) / MaxDots;
        return [.. Enumerable.Range(0, (count + stride - 1) / stride).Select(i => i * stride)];
    }
}
