namespace Backprop;

// Taking samples out of a data set: subsets and the validation split.
public sealed partial class DataSet
{
    /// <summary>Return the samples at <paramref name="samples"/> (indices 0 … N − 1), in that order, as a new data set.</summary>
    /// <exception cref="ArgumentException">There are no indices.</exception>
    public DataSet Subset(IReadOnlyList<int> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return new DataSet(Columns(Inputs, samples), Columns(Targets, samples));
    }

    /// <summary>
    /// Split off a random <paramref name="fraction"/> of the samples for validation: (training, validation).
    /// </summary>
    /// <remarks>
    /// The samples are put in the order of <c>random.Permutation</c> and the first round(fraction · N) go to
    /// validation. With <paramref name="stratify"/>, this is done within each class (the largest target of a sample),
    /// so both parts keep the classes' proportions. Both parts keep the samples' original order.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1, or leaves a part empty.</exception>
    public (DataSet Training, DataSet Validation) Split(double fraction, NumpyRandom random, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the validation fraction must be between 0 and 1");
        IEnumerable<List<int>> groups = stratify
            ? Enumerable.Range(0, Count).GroupBy(s => ClassLabels.ArgMax(Targets, s)).OrderBy(g => g.Key).Select(g => g.ToList())
            : [Enumerable.Range(0, Count).ToList()];
        var held = new List<int>();
        foreach (List<int> group in groups)
        {
            var order = new int[group.Count];
            random.Permutation(order);
            held.AddRange(order.Take((int)Math.Round(fraction * group.Count)).Select(i => group[i]));
        }
        if (held.Count == 0 || held.Count == Count)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"a validation fraction of {fraction} of {Count} samples leaves {(held.Count == 0 ? "no samples to validate on" : "none to train on")}");
        var isHeld = new bool[Count];
        foreach (int s in held) isHeld[s] = true;
        return (Subset([.. Enumerable.Range(0, Count).Where(s => !isHeld[s])]), Subset([.. Enumerable.Range(0, Count).Where(s => isHeld[s])]));
    }

    private static Matrix Columns(Matrix m, IReadOnlyList<int> samples)
    {
        var result = new Matrix(m.Rows, samples.Count);
        for (int i = 0; i < m.Rows; i++)
        {
            ReadOnlySpan<double> row = m.Row(i);
            Span<double> to = result.Row(i);
            for (int s = 0; s < samples.Count; s++) to[s] = row[samples[s]];
        }
        return result;
    }
}
