using System.Collections;

namespace Backprop;

/// <summary>The cost C after <paramref name="Iteration"/> steps of a run.</summary>
/// <param name="Iteration">Steps taken: 0 before the first.</param>
/// <param name="Cost">The cost then (with mini-batches, that step's batch's).</param>
public readonly record struct CostPoint(int Iteration, double Cost);

/// <summary>
/// The cost along a training run, in memory that does not grow with the run's length: every step's cost while there
/// are at most <see cref="MaxSpans"/> (the worksheet's 50,001 among them); past that, for each span of
/// <see cref="Stride"/> consecutive steps (a power of two, doubling as the run grows), the step of its lowest cost and
/// the step of its highest, in order, so that a drawn curve keeps its dips and spikes; and always the last step.
/// </summary>
/// <remarks>
/// At most 2 × <see cref="MaxSpans"/> + 1 points, 3 MB while recording. A cost that is not a number (a diverged run's
/// last) counts as the highest of its span, so it is kept.
/// </remarks>
public sealed class CostHistory : IReadOnlyList<CostPoint>
{
    /// <summary>The most spans kept: 131,072, so that a run of up to that many steps keeps every cost.</summary>
    public const int MaxSpans = 1 << 17;

    // One span: its lowest and highest cost and where they were; a span of one step has Low == High.
    private record struct Span(CostPoint Low, CostPoint High);

    private readonly List<Span> _spans = [];
    private int _inLastSpan;          // entries added to the last span so far
    private CostPoint? _last;
    private CostPoint[]? _points;     // the points, made when first read after a change

    /// <summary>How many consecutive steps each kept span covers: 1 while every cost is kept.</summary>
    public int Stride { get; private set; } = 1;

    /// <summary>Whether every cost added is kept (<see cref="Stride"/> is 1).</summary>
    public bool IsComplete => Stride == 1;

    /// <summary>Record the cost after <paramref name="iteration"/> steps; iterations must increase.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iteration"/> is not past the last one added.</exception>
    public void Add(int iteration, double cost)
    {
        if (_last is { } last && iteration <= last.Iteration)
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration, $"the iterations of a cost history increase: {iteration} comes after {last.Iteration}");
        var point = new CostPoint(iteration, cost);
        _last = point;
        _points = null;
        if (_spans.Count > 0 && _inLastSpan < Stride)
        {
            _spans[^1] = Merge(_spans[^1], new Span(point, point));
            _inLastSpan++;
            return;
        }
        if (_spans.Count == MaxSpans) Halve();
        _spans.Add(new Span(point, point));
        _inLastSpan = 1;
    }

    /// <summary>The number of points kept.</summary>
    public int Count => Points.Length;

    /// <summary>The <paramref name="index"/>-th point kept, in order of iteration.</summary>
    public CostPoint this[int index] => Points[index];

    /// <inheritdoc/>
    public IEnumerator<CostPoint> GetEnumerator() => ((IEnumerable<CostPoint>)Points).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Bytes a history of a run of <paramref name="steps"/> steps holds at most, for memory estimates.</summary>
    internal static double MaxBytes(long steps) => Math.Min(steps + 1, MaxSpans) * (2.0 * 16 + 32);   // spans as they grow, and the points made of them

    private CostPoint[] Points => _points ??= MakePoints();

    private CostPoint[] MakePoints()
    {
        var points = new List<CostPoint>(Stride == 1 ? _spans.Count : 2 * _spans.Count + 1);
        foreach (Span span in _spans)
        {
            (CostPoint first, CostPoint second) = span.Low.Iteration <= span.High.Iteration ? (span.Low, span.High) : (span.High, span.Low);
            points.Add(first);
            if (second.Iteration != first.Iteration) points.Add(second);
        }
        if (_last is { } last && (points.Count == 0 || points[^1].Iteration != last.Iteration)) points.Add(last);
        return [.. points];
    }

    // Two neighbouring spans as one: every other span merged into the one before it, the stride doubled.
    private void Halve()
    {
        int half = (_spans.Count + 1) / 2;
        for (int i = 0; i < half; i++)
            _spans[i] = 2 * i + 1 < _spans.Count ? Merge(_spans[2 * i], _spans[2 * i + 1]) : _spans[2 * i];
        _spans.RemoveRange(half, _spans.Count - half);
        Stride *= 2;
        _inLastSpan = Stride;   // the last span is full: the next entry starts a new one
    }

    private static Span Merge(Span earlier, Span later) => new(
        later.Low.Cost < earlier.Low.Cost ? later.Low : earlier.Low,
        later.High.Cost > earlier.High.Cost || (double.IsNaN(later.High.Cost) && !double.IsNaN(earlier.High.Cost)) ? later.High : earlier.High);
}
