namespace Backprop;

/// <summary>
/// Training samples side by side: inputs x (n₀ × N) and targets y (n_L × N), one column per sample.
/// </summary>
public sealed partial class DataSet
{
    /// <summary>Create a data set, checking that inputs and targets hold the same samples and only finite numbers.</summary>
    /// <param name="inputs">n₀ × N: one row per input, one column per sample.</param>
    /// <param name="targets">n_L × N: one row per output, one column per sample.</param>
    /// <exception cref="ArgumentException">The shapes do not agree, there are no samples, or a value is NaN or infinite.</exception>
    public DataSet(Matrix inputs, Matrix targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Columns != targets.Columns)
            throw new ArgumentException($"inputs hold {inputs.Columns} samples but targets hold {targets.Columns}", nameof(targets));
        if (inputs.Columns == 0) throw new ArgumentException("a data set needs at least one sample", nameof(inputs));
        if (inputs.Rows == 0) throw new ArgumentException("a data set needs at least one input row", nameof(inputs));
        if (targets.Rows == 0) throw new ArgumentException("a data set needs at least one target row", nameof(targets));
        RefuseNonFinite(inputs, "input", nameof(inputs));
        RefuseNonFinite(targets, "target", nameof(targets));
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Create a data set from samples given as rows: one row per sample, n₀ inputs and n_L targets each.</summary>
    /// <exception cref="ArgumentException">The rows are ragged, the counts differ, there are none, or a value is not finite.</exception>
    public static DataSet FromRows(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets) =>
        new(Matrix.FromSampleRows(inputs, nameof(inputs)), Matrix.FromSampleRows(targets, nameof(targets)));

    /// <summary>Create a data set from N × n₀ inputs and N × n_L targets, one row per sample.</summary>
    /// <exception cref="ArgumentException">The row counts differ, there are none, or a value is not finite.</exception>
    public static DataSet FromRows(double[,] inputs, double[,] targets) => new(Matrix.FromSampleRows(inputs), Matrix.FromSampleRows(targets));

    /// <summary>The inputs x, n₀ × N.</summary>
    public Matrix Inputs { get; }

    /// <summary>The targets y, n_L × N.</summary>
    public Matrix Targets { get; }

    /// <summary>The number of samples N.</summary>
    public int Count => Inputs.Columns;

    /// <summary>The number of inputs per sample, n₀.</summary>
    public int InputSize => Inputs.Rows;

    /// <summary>The number of targets per sample, n_L.</summary>
    public int OutputSize => Targets.Rows;

    private static void RefuseNonFinite(Matrix values, string what, string parameter)
    {
        for (int i = 0; i < values.Rows; i++)
        {
            Span<double> row = values.Row(i);
            for (int j = 0; j < row.Length; j++)
                if (!double.IsFinite(row[j]))
                    throw new ArgumentException($"{what} {i + 1} of sample {j + 1} is {row[j]}, not a finite number", parameter);
        }
    }
}
