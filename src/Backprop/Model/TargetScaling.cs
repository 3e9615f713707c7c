namespace Backprop;

/// <summary>
/// Standardisation of the targets of a regression, y ← (y − mean) / std per output, fitted on the training set and
/// kept with the model: the layers learn the standardised targets, and every prediction is turned back,
/// a ← a·std + mean, so a user sees numbers on the targets' own scale (scikit-learn's
/// <c>TransformedTargetRegressor</c> with a <c>StandardScaler</c>).
/// </summary>
/// <remarks>The same statistics as <see cref="InputScaling"/>: population std, 1 for a constant target.</remarks>
public sealed class TargetScaling
{
    private readonly InputScaling _standardization;   // the same (x − mean) / std, applied to targets

    /// <summary>Create a scaling from its means and standard deviations, one per output.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are zero, a value is not finite, or a standard deviation is not positive.</exception>
    public TargetScaling(double[] mean, double[] standardDeviation) => _standardization = new InputScaling(mean, standardDeviation);

    private TargetScaling(InputScaling standardization) => _standardization = standardization;

    /// <summary>The mean of each target over the training set.</summary>
    public IReadOnlyList<double> Mean => _standardization.Mean;

    /// <summary>The standard deviation of each target over the training set (1 for a constant target).</summary>
    public IReadOnlyList<double> StandardDeviation => _standardization.StandardDeviation;

    /// <summary>The number of outputs n_L.</summary>
    public int OutputSize => _standardization.InputSize;

    /// <summary>Fit the scaling to targets y (n_L × N): each row's mean and population standard deviation (1 for a constant row).</summary>
    public static TargetScaling Fit(Matrix targets) => new(InputScaling.Fit(targets));

    /// <summary>Return the standardised copy (y − mean) / std of targets y (n_L × N), as the layers learn them.</summary>
    /// <exception cref="ArgumentException">The targets do not have n_L rows.</exception>
    public Matrix Apply(Matrix targets) => _standardization.Apply(targets);

    /// <summary>Return the layers' outputs a (n_L × N) on the targets' own scale, a·std + mean.</summary>
    /// <exception cref="ArgumentException">The outputs do not have n_L rows.</exception>
    public Matrix Undo(Matrix outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Rows != OutputSize) throw new ArgumentException($"the outputs have {outputs.Rows} rows but the scaling has {OutputSize}", nameof(outputs));
        var original = new Matrix(outputs.Rows, outputs.Columns);
        for (int j = 0; j < outputs.Rows; j++)
        {
            double mean = Mean[j], std = StandardDeviation[j];
            ReadOnlySpan<double> row = outputs.Row(j);
            Span<double> to = original.Row(j);
            for (int s = 0; s < row.Length; s++) to[s] = row[s] * std + mean;
        }
        return original;
    }

    /// <summary>Turn one sample's outputs back to the targets' scale in place: output[j] = output[j]·std[j] + mean[j].</summary>
    public void Undo(Span<double> output)
    {
        for (int j = 0; j < OutputSize; j++) output[j] = output[j] * StandardDeviation[j] + Mean[j];
    }
}
