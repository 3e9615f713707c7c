using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>
/// Reads and writes data sets as CSV: a header row, then one sample per row; the first K columns are inputs,
/// the rest targets. Numbers use the invariant culture (a dot for the decimal point).
/// </summary>
public static class DataFile
{
    /// <summary>Read a data set whose first <paramref name="inputs"/> columns are inputs and the rest targets.</summary>
    /// <exception cref="InvalidDataException">The file is empty, a row has the wrong number of columns, or a value is not a finite number; the message names the file, line and column.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DataSet Load(string path, int inputs = 1)
    {
        using var reader = new StreamReader(path);
        return Read(reader, inputs, path);
    }

    /// <summary>Read CSV data from <paramref name="reader"/>; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The data is empty, ragged, or holds a value that is not a finite number.</exception>
    public static DataSet Read(TextReader reader, int inputs = 1, string source = "data")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        (int columns, List<double[]> rows) = ReadTable(reader, source);
        if (columns <= inputs)
            throw new InvalidDataException($"{source} line 1: the header has {columns} columns, but {inputs} inputs need at least {inputs + 1} (inputs, then targets)");
        return new DataSet(Columns(rows, 0, inputs), Columns(rows, inputs, columns - inputs));
    }

    /// <summary>Read only the first <paramref name="inputs"/> columns of a CSV file, as inputs (n₀ × N); further columns are ignored.</summary>
    /// <exception cref="InvalidDataException">The file has fewer columns, is empty or ragged, or holds a value that is not a finite number.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Matrix LoadInputs(string path, int inputs = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        using var reader = new StreamReader(path);
        (int columns, List<double[]> rows) = ReadTable(reader, path);
        if (columns < inputs) throw new InvalidDataException($"{path} line 1: the header has {columns} columns, fewer than the {inputs} inputs");
        return Columns(rows, 0, inputs);
    }

    private static (int Columns, List<double[]> Rows) ReadTable(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0) throw new InvalidDataException($"{source}: the file is empty (expected a header row)");
        int columns = header.Split(',').Length;
        var rows = new List<double[]>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != columns)
                throw new InvalidDataException($"{source} line {lineNumber}: {fields.Length} columns, but the header has {columns}");
            var values = new double[columns];
            for (int c = 0; c < columns; c++)
            {
                string field = fields[c].Trim();
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]) || !double.IsFinite(values[c]))
                    throw new InvalidDataException($"{source} line {lineNumber}, column {c + 1}: \"{field}\" is not a finite number");
            }
            rows.Add(values);
        }
        if (rows.Count == 0) throw new InvalidDataException($"{source}: no samples after the header row");
        return (columns, rows);
    }

    // Columns first .. first + count − 1 of the table, one matrix row per column, one matrix column per sample.
    private static Matrix Columns(List<double[]> rows, int first, int count)
    {
        var m = new Matrix(count, rows.Count);
        for (int s = 0; s < rows.Count; s++)
            for (int i = 0; i < count; i++) m[i, s] = rows[s][first + i];
        return m;
    }

    /// <summary>Write inputs and values side by side as CSV: header <c>x1,…,xK,y1,…,yM</c> (<c>x,y1,…</c> for one input), one sample per row.</summary>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="inputs">n₀ × N.</param>
    /// <param name="values">Targets or network outputs, m × N.</param>
    /// <exception cref="ArgumentException">The two matrices hold different numbers of samples.</exception>
    public static void Write(TextWriter writer, Matrix inputs, Matrix values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(values);
        if (inputs.Columns != values.Columns)
            throw new ArgumentException($"inputs hold {inputs.Columns} samples but values hold {values.Columns}", nameof(values));
        var header = new List<string>();
        for (int i = 1; i <= inputs.Rows; i++) header.Add(inputs.Rows == 1 ? "x" : $"x{i}");
        for (int o = 1; o <= values.Rows; o++) header.Add($"y{o}");
        writer.WriteLine(string.Join(',', header));
        var line = new StringBuilder();
        for (int s = 0; s < inputs.Columns; s++)
        {
            line.Clear();
            for (int i = 0; i < inputs.Rows; i++) line.Append(Number(inputs[i, s])).Append(',');
            for (int o = 0; o < values.Rows; o++) line.Append(Number(values[o, s])).Append(',');
            line.Length--;
            writer.WriteLine(line);
        }
    }

    /// <summary>Write a data set as CSV, inputs then targets.</summary>
    public static void Write(TextWriter writer, DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(writer, data.Inputs, data.Targets);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
