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
        Table table = ReadTable(reader, source);
        if (table.Header.Length <= inputs)
            throw new InvalidDataException($"{source} line 1: the header has {table.Header.Length} columns, but {inputs} inputs need at least {inputs + 1} (inputs, then targets)");
        return new DataSet(table.Numbers(0, inputs, source), table.Numbers(inputs, table.Header.Length - inputs, source));
    }

    /// <summary>
    /// Read a data set whose first <paramref name="inputs"/> columns are inputs and whose one further column holds class
    /// labels (any text): the inputs, and each sample's label.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty or ragged, has other than one column after the inputs, or an input is not a finite number.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (Matrix Inputs, string[] Labels) LoadLabelled(string path, int inputs)
    {
        using var reader = new StreamReader(path);
        return ReadLabelled(reader, inputs, path);
    }

    /// <summary>Read CSV text of inputs and one column of class labels; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is empty or ragged, has other than one column after the inputs, or an input is not a finite number.</exception>
    public static (Matrix Inputs, string[] Labels) ReadLabelled(TextReader reader, int inputs, string source = "data")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        Table table = ReadTable(reader, source);
        if (table.Header.Length != inputs + 1)
            throw new InvalidDataException($"{source} line 1: the header has {table.Header.Length} columns, but {inputs} inputs and one column of class labels make {inputs + 1}");
        return (table.Numbers(0, inputs, source), [.. table.Rows.Select(row => row.Fields[inputs].Trim())]);
    }

    /// <summary>Read only the first <paramref name="inputs"/> columns of a CSV file, as inputs (n₀ × N); further columns are ignored.</summary>
    /// <exception cref="InvalidDataException">The file has fewer columns, is empty or ragged, or holds a value that is not a finite number.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Matrix LoadInputs(string path, int inputs = 1) => LoadNamedInputs(path, inputs).Inputs;

    /// <summary>The same, with the inputs' column names from the header, in one read (the file may be a pipe).</summary>
    internal static (Matrix Inputs, string[] Names) LoadNamedInputs(string path, int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        using var reader = new StreamReader(path);
        Table table = ReadTable(reader, path);
        if (table.Header.Length < inputs) throw new InvalidDataException($"{path} line 1: the header has {table.Header.Length} columns, fewer than the {inputs} inputs");
        return (table.Numbers(0, inputs, path), table.Header[..inputs]);
    }

    /// <summary>Return the column names of a CSV file's header row.</summary>
    /// <exception cref="InvalidDataException">The file is empty.</exception>
    public static string[] ReadHeader(string path)
    {
        using var reader = new StreamReader(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Return the column names of the header row of CSV text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is empty.</exception>
    public static string[] ReadHeader(TextReader reader, string source = "data")
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[]? header = new CsvRecords(reader, source).Next();
        if (header is null || (header.Length == 1 && header[0].Trim().Length == 0)) throw new InvalidDataException($"{source}: the file is empty (expected a header row)");
        return [.. header.Select(name => name.Trim())];
    }

    /// <summary>
    /// Return whether the last column of a CSV file holds text rather than numbers, judged by its first sample (a column
    /// of class labels such as <c>setosa</c>); false when the file has no sample.
    /// </summary>
    public static bool LastColumnHoldsText(string path)
    {
        using var reader = new StreamReader(path);
        var records = new CsvRecords(reader, path);
        if (records.Next() is null) return false;
        for (string[]? fields = records.Next(); fields is not null; fields = records.Next())
        {
            if (fields.Length == 1 && fields[0].Trim().Length == 0) continue;   // a blank line
            string last = fields[^1].Trim();
            // Infinity and 1e999 are numbers too large, and a field with control characters is damage, not a label: both get the number's error.
            return !double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && last.Length > 0 && !last.Any(char.IsControl);
        }
        return false;
    }

    /// <summary>
    /// Return how many leading columns are inputs by the header rule: the target columns are the last ones whose names
    /// are <c>y</c>, <c>y</c> followed by digits (<c>y1</c>, <c>y2</c>), or begin with <c>target</c>, or are <c>label</c> or
    /// <c>class</c> (any case); the columns before them are inputs. Null when the last column's name is none of these,
    /// when every column is a target, or when <c>label</c> or <c>class</c> stands among other target names
    /// (<c>x,y,label</c> is more likely two coordinates and a class than one input and two targets).
    /// </summary>
    internal static int? InputsFromHeader(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        int targets = 0;
        while (targets < header.Count && IsTargetName(header[header.Count - 1 - targets])) targets++;
        bool ambiguous = targets > 1 && header.Skip(header.Count - targets).Any(name => name.Trim().ToLowerInvariant() is "label" or "class");
        return targets == 0 || targets == header.Count || ambiguous ? null : header.Count - targets;
    }

    /// <summary>Whether any column's name is a target's by the header rule (<c>y</c>, <c>y1</c>, <c>target…</c>, <c>label</c>, <c>class</c>).</summary>
    internal static bool NamesATarget(IReadOnlyList<string> header) => header.Any(IsTargetName);

    private static bool IsTargetName(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        return n == "y" || (n.Length > 1 && n[0] == 'y' && n[1..].All(char.IsAsciiDigit))
            || n.StartsWith("target", StringComparison.Ordinal) || n is "label" or "class";
    }

    private sealed record Row(int Line, string[] Fields);

    // The header's column names and every non-blank row's fields, each row as long as the header.
    private sealed record Table(string[] Header, List<Row> Rows)
    {
        // Columns first .. first + count − 1 as numbers, one matrix row per column, one matrix column per sample.
        public Matrix Numbers(int first, int count, string source)
        {
            var m = new Matrix(count, Rows.Count);
            for (int s = 0; s < Rows.Count; s++)
                for (int i = 0; i < count; i++)
                {
                    string field = Rows[s].Fields[first + i].Trim();
                    // .NET's parser reads past trailing NUL characters ("0\0\0" as 0): a field holding one is no number.
                    if (field.Contains('\0') || !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                        throw new InvalidDataException($"{source} line {Rows[s].Line}, column {first + i + 1}: {Excerpt.Quoted(field)} is not a finite number");
                    m[i, s] = value;
                }
            return m;
        }
    }

    private static Table ReadTable(TextReader reader, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new CsvRecords(reader, source, cancellationToken);
        string[]? names = records.Next();
        if (names is null || (names.Length == 1 && names[0].Trim().Length == 0))
            throw new InvalidDataException($"{source}: the file is empty (expected a header row)");
        var rows = new List<Row>();
        for (string[]? fields = records.Next(); fields is not null; fields = records.Next())
        {
            if (fields.Length == 1 && fields[0].Trim().Length == 0) continue;   // a blank line
            if (fields.Length != names.Length)
                throw new InvalidDataException($"{source} line {records.RecordLine}: {fields.Length} columns, but the header has {names.Length}");
            rows.Add(new Row(records.RecordLine, fields));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{source}: no samples after the header row");
        return new Table([.. names.Select(n => n.Trim())], rows);
    }

    /// <summary>Write inputs and values side by side as CSV: header <c>x1,…,xK,y1,…,yM</c> (<c>x,y1,…</c> for one input), one sample per row.</summary>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="inputs">n₀ × N.</param>
    /// <param name="values">Targets or network outputs, m × N.</param>
    /// <param name="inputNames">The inputs' column names (a data file's own, to keep them), instead of <c>x1,…,xK</c>.</param>
    /// <exception cref="ArgumentException">The two matrices hold different numbers of samples, or the names are not one per input.</exception>
    public static void Write(TextWriter writer, Matrix inputs, Matrix values, IReadOnlyList<string>? inputNames = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(values);
        if (inputs.Columns != values.Columns)
            throw new ArgumentException($"inputs hold {inputs.Columns} samples but values hold {values.Columns}", nameof(values));
        List<string> header = InputHeader(inputs, inputNames);
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

    /// <summary>
    /// Write a classifier's outputs as CSV: the inputs, then <c>class</c> (the label of the largest output), then one
    /// probability column per class named by its label.
    /// </summary>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="inputs">n₀ × N.</param>
    /// <param name="outputs">The class probabilities, one row per class.</param>
    /// <param name="classes">The class labels, one per output.</param>
    /// <param name="inputNames">The inputs' column names (a data file's own, to keep them), instead of <c>x1,…,xK</c>.</param>
    /// <exception cref="ArgumentException">The matrices hold different numbers of samples, the labels do not match the outputs, or the names are not one per input.</exception>
    public static void WriteClasses(TextWriter writer, Matrix inputs, Matrix outputs, IReadOnlyList<string> classes, IReadOnlyList<string>? inputNames = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(classes);
        if (inputs.Columns != outputs.Columns) throw new ArgumentException($"inputs hold {inputs.Columns} samples but outputs hold {outputs.Columns}", nameof(outputs));
        if (classes.Count != outputs.Rows) throw new ArgumentException($"{classes.Count} labels for {outputs.Rows} outputs", nameof(classes));
        List<string> header = InputHeader(inputs, inputNames);
        header.Add("class");
        header.AddRange(classes.Select(Quote));
        writer.WriteLine(string.Join(',', header));
        var line = new StringBuilder();
        for (int s = 0; s < inputs.Columns; s++)
        {
            line.Clear();
            for (int i = 0; i < inputs.Rows; i++) line.Append(Number(inputs[i, s])).Append(',');
            line.Append(Quote(classes[ClassLabels.ArgMax(outputs, s)]));
            for (int k = 0; k < outputs.Rows; k++) line.Append(',').Append(Number(outputs[k, s]));
            writer.WriteLine(line);
        }
    }

    // The inputs' columns of a header: the names given (quoted as needed), or x1, …, xK (x for one input).
    private static List<string> InputHeader(Matrix inputs, IReadOnlyList<string>? names)
    {
        if (names is not null && names.Count != inputs.Rows) throw new ArgumentException($"{names.Count} input names for {inputs.Rows} inputs", nameof(names));
        return names is not null ? [.. names.Select(Quote)] : [.. Enumerable.Range(1, inputs.Rows).Select(i => inputs.Rows == 1 ? "x" : $"x{i}")];
    }

    // A field quoted as RFC 4180 says when it holds a comma, a quote or a line break.
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
