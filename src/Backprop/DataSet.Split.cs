namespace Backprop;

// Taking samples out of a data set: subsets and the validation split.
public sealed partial class DataSet
{
    /// <summary>Return the samples at <paramref name="samples"/> (indices 0 … N − 1), in that order, as a new data set.</summary>
    /// <exception cref="ArgumentException">There are no indices.</exception>
    public DataSet Subset(IReadOnlyList<int> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        for (int s = 0; s < samples.Count; s++)
            if ((uint)samples[s] >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(samples), samples[s], $"sample index {s + 1} is {samples[s]}; the data set has samples 0 to {Count - 1}");
        return new DataSet(Columns(Inputs, samples), Columns(Targets, samples));
    }

    /// <summary>
    /// Split off a random <paramref name="fraction"/> of the samples for validation: (training, validation).
    /// </summary>
    /// <remarks>
    /// round(fraction · N) samples go to validation: the first ones in the order of <c>random.Permutation</c>. With
    /// <paramref name="stratify"/>, each class (the largest target of a sample) gives its share, fraction · its count,
    /// rounded down, and the samples still missing come from the classes with the largest remainders (the first class
    /// on a tie), each taken in its own permutation's order: both parts keep the classes' proportions as nearly as
    /// whole samples allow. Both parts keep the samples' original order.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not strictly between 0 and 1, or leaves a part empty.</exception>
    public (DataSet Training, DataSet Validation) Split(double fraction, NumpyRandom random, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the validation fraction must be between 0 and 1");
        List<int>[] groups = stratify
            ? [.. Enumerable.Range(0, Count).GroupBy(s => ClassLabels.ArgMax(Targets, s)).OrderBy(g => g.Key).Select(g => g.ToList())]
            : [Enumerable.Range(0, Count).ToList()];
        int total = (int)Math.Round(fraction * Count, MidpointRounding.AwayFromZero);
        int[] shares = [.. groups.Select(g => (int)Math.Floor(fraction * g.Count))];
        foreach (int k in Enumerable.Range(0, groups.Length).OrderByDescending(k => fraction * groups[k].Count - shares[k]).ThenBy(k => k)
                     .Take(Math.Max(0, total - shares.Sum())))
            shares[k]++;
        var held = new List<int>();
        for (int k = 0; k < groups.Length; k++)
        {
            var order = new int[groups[k].Count];
            random.Permutation(order);
            held.AddRange(order.Take(shares[k]).Select(i => groups[k][i]));
        }
        if (held.Count == 0 || held.Count == Count)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"a validation fraction of {fraction} of {Count} samples leaves {(held.Count == 0 ? "no samples to validate on" : "none to train on")}");
        var isHeld = new bool[Count];
        foreach (int s in held) isHeld[s] = true;
        return (Subset([.. Enumerable.Range(0, Count).Where(s => !isHeld[s])]), Subset([.. Enumerable.Range(0, Count).Where(s => isHeld[s])]));
    }

    /// <summary>
    /// Split the samples into <paramref name="k"/> folds for cross-validation: k pairs (training, held out), each
    /// sample held out in exactly one.
    /// </summary>
    /// <remarks>
    /// The samples are dealt to the folds in turn in the order of <c>random.Permutation</c>; with
    /// <paramref name="stratify"/>, class by class (the largest target of a sample; classes in order, each in its own
    /// permutation's order), the dealing going on from fold to fold across classes, so every fold has each class's share
    /// to within one sample (scikit-learn's <c>StratifiedKFold</c> keeps the same proportions). Both parts keep the
    /// samples' original order.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 2 or above the number of samples.</exception>
    public IReadOnlyList<(DataSet Training, DataSet HeldOut)> Folds(int k, NumpyRandom random, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (k < 2 || k > Count) throw new ArgumentOutOfRangeException(nameof(k), k, $"the folds must be from 2 to the {Count} samples");
        List<int>[] groups = stratify
            ? [.. Enumerable.Range(0, Count).GroupBy(s => ClassLabels.ArgMax(Targets, s)).OrderBy(g => g.Key).Select(g => g.ToList())]
            : [Enumerable.Range(0, Count).ToList()];
        var fold = new int[Count];
        int next = 0;
        foreach (List<int> group in groups)
        {
            var order = new int[group.Count];
            random.Permutation(order);
            foreach (int i in order) fold[group[i]] = next++ % k;
        }
        return [.. Enumerable.Range(0, k).Select(f => (
            Subset([.. Enumerable.Range(0, Count).Where(s => fold[s] != f)]),
            Subset([.. Enumerable.Range(0, Count).Where(s => fold[s] == f)])))];
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
