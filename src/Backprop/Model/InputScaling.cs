using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// Standardisation of the inputs, x ← (x − mean) / std per input, fitted on the training set and kept with the model.
/// </summary>
/// <remarks>
/// The standard deviation is the population one (divided by N), as scikit-learn's <c>StandardScaler</c> takes it.
/// A constant input is centred but not divided: its std is stored as 1, as <c>StandardScaler</c> does. Constant means
/// a std within rounding of zero, at most 4·N·ε·|mean| (a column of 0.1s has a computed std of 4e-17, not 0: dividing
/// by it would blow any other value up by 10¹⁶).
/// </remarks>
public sealed class InputScaling
{
    private const double MachineEpsilon = 2.220446049250313e-16;   // 2⁻⁵², the spacing of doubles at 1

    /// <summary>Create a scaling from its means and standard deviations, one per input.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are zero, a value is not finite, or a standard deviation is not positive.</exception>
    public InputScaling(double[] mean, double[] standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(standardDeviation);
        if (mean.Length == 0 || mean.Length != standardDeviation.Length)
            throw new ArgumentException($"{mean.Length} means and {standardDeviation.Length} standard deviations; one of each per input", nameof(standardDeviation));
        for (int i = 0; i < mean.Length; i++)
        {
            if (!double.IsFinite(mean[i])) throw new ArgumentException($"mean {i + 1} is {mean[i]}, not a finite number", nameof(mean));
            if (!double.IsFinite(standardDeviation[i]) || standardDeviation[i] <= 0)
                throw new ArgumentException($"standard deviation {i + 1} is {standardDeviation[i]}; it must be a positive finite number", nameof(standardDeviation));
        }
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <summary>The mean of each input over the training set.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The standard deviation of each input over the training set (1 for a constant input).</summary>
    public IReadOnlyList<double> StandardDeviation { get; }

    /// <summary>The number of inputs n₀.</summary>
    public int InputSize => Mean.Count;

    /// <summary>Fit the scaling to inputs x (n₀ × N): each row's mean and population standard deviation (1 for a constant row).</summary>
    public static InputScaling Fit(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var mean = new double[inputs.Rows];
        var std = new double[inputs.Rows];
        for (int i = 0; i < inputs.Rows; i++)
        {
            (mean[i], std[i], bool constant) = Moments(inputs.Row(i));
            if (constant) std[i] = 1;
        }
        return new InputScaling(mean, std);
    }

    /// <summary>Return which inputs (rows of x) are constant, whose std <see cref="Fit"/> stores as 1.</summary>
    public static IReadOnlyList<int> ConstantInputs(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return [.. Enumerable.Range(0, inputs.Rows).Where(i => Moments(inputs.Row(i)).Constant)];
    }

    // The mean, the population standard deviation, and whether the std is within rounding of zero.
    private static (double Mean, double Std, bool Constant) Moments(ReadOnlySpan<double> row)
    {
        double sum = 0;
        foreach (double v in row) sum += v;
        double mean = sum / row.Length, squares = 0;
        foreach (double v in row) squares += (v - mean) * (v - mean);
        double std = Math.Sqrt(squares / row.Length);
        return (mean, std, !(std > 4 * row.Length * MachineEpsilon * Math.Abs(mean)));
    }

    /// <summary>Return the scaled copy (x − mean) / std of inputs x (n₀ × N).</summary>
    /// <exception cref="ArgumentException">The inputs do not have n₀ rows.</exception>
    public Matrix Apply(Matrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rows != InputSize) throw new ArgumentException($"the inputs have {inputs.Rows} rows but the scaling has {InputSize}", nameof(inputs));
        var scaled = new Matrix(inputs.Rows, inputs.Columns);
        for (int i = 0; i < inputs.Rows; i++) Apply(i, inputs.Row(i), scaled.Row(i));
        return scaled;
    }

    /// <summary>Scale one sample: scaled[i] = (input[i] − mean[i]) / std[i]; the spans may be the same.</summary>
    public void Apply(ReadOnlySpan<double> input, Span<double> scaled)
    {
        for (int i = 0; i < InputSize; i++) scaled[i] = (input[i] - Mean[i]) / StandardDeviation[i];
    }

    // Vector by vector (each subtraction and division rounded as the scalar one is, so the same bits).
    private void Apply(int i, ReadOnlySpan<double> row, Span<double> scaled)
    {
        TensorPrimitives.Subtract(row, Mean[i], scaled);
        TensorPrimitives.Divide(scaled, StandardDeviation[i], scaled);
    }
}
