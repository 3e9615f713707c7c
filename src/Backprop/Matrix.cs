namespace Backprop;

/// <summary>
/// A dense matrix of doubles stored row by row: element (i, j) sits at <c>i * Columns + j</c>.
/// </summary>
/// <remarks>
/// Weights are stored (neurons in layer n) × (neurons in layer n−1), and every activation or weighted
/// sum is (neurons) × (samples), as in the worksheet. Because a row is contiguous, the samples of one
/// neuron lie side by side, which is what the vectorised kernels run over.
/// </remarks>
public sealed partial class Matrix
{
    private readonly double[] _values;

    /// <summary>Create a rows × columns matrix of zeros.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"a {rows} × {columns} matrix holds more than the {Array.MaxLength:N0} values an array can");
        Rows = rows;
        Columns = columns;
        _values = new double[rows * columns];
    }

    private Matrix(int rows, int columns, double[] values)
    {
        Rows = rows;
        Columns = columns;
        _values = values;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>Get or set element (row, column).</summary>
    public double this[int row, int column]
    {
        get => _values[Index(row, column)];
        set => _values[Index(row, column)] = value;
    }

    /// <summary>Return one row as a span over the matrix's own storage.</summary>
    public Span<double> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row));
        return _values.AsSpan(row * Columns, Columns);
    }

    /// <summary>Return all elements, row after row, as a span over the matrix's own storage.</summary>
    public Span<double> AsSpan() => _values;

    /// <summary>The storage itself, row after row, for code inside the library that needs an array.</summary>
    internal double[] Values => _values;

    /// <summary>Return a copy of the rows, one array each (the inverse of <see cref="FromRows"/>).</summary>
    public double[][] ToRows()
    {
        var rows = new double[Rows][];
        for (int i = 0; i < Rows; i++) rows[i] = Row(i).ToArray();
        return rows;
    }

    /// <summary>Create a matrix from an array of equally long rows.</summary>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static Matrix FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (int i = 0; i < rows.Count; i++)
            if (rows[i] is null) throw new ArgumentException($"row {i + 1} is null", nameof(rows));
        int columns = rows.Count == 0 ? 0 : rows[0].Count;
        var matrix = new Matrix(rows.Count, columns);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != columns)
                throw new ArgumentException($"row {i + 1} has {rows[i].Count} values but row 1 has {columns}", nameof(rows));
            for (int j = 0; j < columns; j++) matrix[i, j] = rows[i][j];
        }
        return matrix;
    }

    /// <summary>
    /// Create a features × samples matrix from samples given as rows (one sample per row, as .NET and Python libraries
    /// take data): element (i, s) is <c>samples[s][i]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">There are no samples, or they differ in length.</exception>
    public static Matrix FromSampleRows(IReadOnlyList<double[]> samples, string parameter = "samples")
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) throw new ArgumentException("there are no samples", parameter);
        int features = samples[0].Length;
        var matrix = new Matrix(features, samples.Count);
        for (int s = 0; s < samples.Count; s++)
        {
            if (samples[s].Length != features)
                throw new ArgumentException($"sample {s + 1} has {samples[s].Length} values but sample 1 has {features}", parameter);
            for (int i = 0; i < features; i++) matrix._values[i * samples.Count + s] = samples[s][i];
        }
        return matrix;
    }

    /// <summary>Create a features × samples matrix from a samples × features array (one sample per row): element (i, s) is <c>samples[s, i]</c>.</summary>
    public static Matrix FromSampleRows(double[,] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var matrix = new Matrix(samples.GetLength(1), samples.GetLength(0));
        for (int s = 0; s < matrix.Columns; s++)
            for (int i = 0; i < matrix.Rows; i++) matrix._values[i * matrix.Columns + s] = samples[s, i];
        return matrix;
    }

    /// <summary>Return a deep copy.</summary>
    public Matrix Clone() => new(Rows, Columns, (double[])_values.Clone());

    /// <summary>Copy every element of <paramref name="source"/>, which must have the same shape, into this matrix.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyFrom(Matrix source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Rows != Rows || source.Columns != Columns)
            throw new ArgumentException($"cannot copy a {source.Rows}×{source.Columns} matrix into a {Rows}×{Columns} one", nameof(source));
        source._values.CopyTo(_values, 0);
    }

    /// <summary>Return whether every element is a finite number.</summary>
    public bool IsFinite()
    {
        foreach (double v in _values)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Matrix {Rows}×{Columns}";

    private int Index(int row, int column)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row));
        if ((uint)column >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(column));
        return row * Columns + column;
    }
}
