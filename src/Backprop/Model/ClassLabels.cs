using System.Globalization;

namespace Backprop;

/// <summary>
/// Class labels and their one-hot targets: class k of K is the target column with 1 in row k and 0 elsewhere.
/// </summary>
/// <remarks>
/// Labels are any text. The classes are the distinct labels in sorted order: numerically when every label is a
/// number (so 2 comes before 10), otherwise by ordinal string comparison.
/// </remarks>
public static class ClassLabels
{
    /// <summary>Return the distinct labels in sorted order: the classes, output k for class k.</summary>
    public static string[] Sorted(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] distinct = [.. labels.Distinct(StringComparer.Ordinal)];
        if (distinct.Contains(null)) throw new ArgumentException("a label is null", nameof(labels));
        bool numeric = distinct.All(label => TryNumber(label, out _));
        return numeric
            ? [.. distinct.OrderBy(label => { TryNumber(label, out double v); return v; }).ThenBy(label => label, StringComparer.Ordinal)]
            : [.. distinct.Order(StringComparer.Ordinal)];
    }

    /// <summary>Return the one-hot targets (K × N) of <paramref name="labels"/> for <paramref name="classes"/>.</summary>
    /// <exception cref="ArgumentException">A label is not one of the classes; the message names the sample.</exception>
    public static Matrix OneHot(IReadOnlyList<string> labels, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classes.Count; k++) index[classes[k] ?? throw new ArgumentException($"class {k + 1} is null", nameof(classes))] = k;
        for (int s = 0; s < labels.Count; s++)
            if (labels[s] is null) throw new ArgumentException($"the label of sample {s + 1} is null", nameof(labels));
        var targets = new Matrix(classes.Count, labels.Count);
        for (int s = 0; s < labels.Count; s++)
        {
            if (!index.TryGetValue(labels[s], out int k))
                throw new ArgumentException($"sample {s + 1} has the label {Excerpt.Quoted(labels[s])}, which is not one of the model's classes ({Excerpt.Printable(string.Join(", ", classes))})", nameof(labels));
            targets[k, s] = 1;
        }
        return targets;
    }

    /// <summary>Return the index of the largest value in column <paramref name="sample"/> (the first, on a tie).</summary>
    public static int ArgMax(Matrix values, int sample)
    {
        ArgumentNullException.ThrowIfNull(values);
        int best = 0;
        for (int k = 1; k < values.Rows; k++)
            if (values[k, sample] > values[best, sample]) best = k;
        return best;
    }

    private static bool TryNumber(string label, out double value) =>
        double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
