namespace Backprop;

/// <summary>
/// A list that keeps at most <c>capacity</c> of the items offered to it, evenly spaced: every item while they fit,
/// then every other one (the first always stays), the spacing doubling each time they fill it again. For what a run
/// records at every snapshot (evaluations, the figure's curves), so that its memory does not grow with the run's length.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
/// <param name="capacity">The most items kept (2 or more).</param>
internal sealed class EvenlyThinned<T>(int capacity)
{
    private readonly List<T> _kept = [];
    private int _stride = 1, _offered;

    /// <summary>The items kept, in the order offered.</summary>
    public IReadOnlyList<T> Kept => _kept;

    /// <summary>The last item offered, whether kept or not; default before any.</summary>
    public T? Latest { get; private set; }

    /// <summary>Whether the next item offered will be kept (so the caller can spare copying one that will not).</summary>
    public bool KeepsNext => _offered % _stride == 0;

    /// <summary>Offer an item: kept if it falls on the spacing, and past the capacity every other kept one is let go.</summary>
    public void Offer(T item)
    {
        Latest = item;
        if (_offered++ % _stride != 0) return;
        _kept.Add(item);
        if (_kept.Count <= capacity) return;
        int half = (_kept.Count + 1) / 2;
        for (int i = 0; i < half; i++) _kept[i] = _kept[2 * i];   // items 0, 2, 4, … stay, the last offered among them
        _kept.RemoveRange(half, _kept.Count - half);
        _stride *= 2;
    }

    /// <summary>The items kept, and the latest if it was not.</summary>
    public List<T> KeptAndLatest()
    {
        List<T> items = [.. _kept];
        if (_offered > 0 && (_offered - 1) % _stride != 0) items.Add(Latest!);
        return items;
    }
}
