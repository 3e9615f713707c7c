using System.Text;

namespace Backprop;

/// <summary>
/// Splits CSV text into records of fields as RFC 4180 writes them: commas between fields, a record per line (LF, CRLF
/// or CR), fields in double quotes may hold commas, line breaks and doubled quotes (<c>"a ""b"""</c> is <c>a "b"</c>).
/// A record longer than <see cref="MaxRecordLength"/> characters is refused, so a file without line breaks (or
/// <c>/dev/zero</c>) cannot fill the memory. The caller's cancellation token is checked every 4,096 records.
/// </summary>
/// <remarks>
/// Hand-written rather than taken from Sep or CsvHelper: both read quoted fields well, but neither bounds a record's
/// length (each grows its buffer until the line ends, or the memory does), and our errors name the line and column a
/// problem starts on, also in a quoted field that spans lines. The data files are small numeric tables; this is 100 lines.
/// </remarks>
internal sealed class CsvRecords(TextReader reader, string source, CancellationToken cancellationToken = default)
{
    /// <summary>The longest record read, in characters (1 MiB: a row of over 40,000 numbers).</summary>
    public const int MaxRecordLength = 1 << 20;

    private readonly StringBuilder _field = new();
    private int _line = 1;   // the line the next character is on
    private int _records;

    /// <summary>The line the last record read began on (1 for the first).</summary>
    public int RecordLine { get; private set; }

    /// <summary>Read the next record's fields, or null at the end of the text.</summary>
    /// <exception cref="InvalidDataException">A record is too long, a quote is not closed, or text follows a closing quote.</exception>
    public string[]? Next()
    {
        if (++_records % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
        int c = reader.Read();
        if (c < 0) return null;
        RecordLine = _line;
        var fields = new List<string>();
        int length = 0;
        _field.Clear();
        bool quoted = false, afterQuote = false, fieldHasText = false;   // the flag spares copying the field to ask
        for (; ; c = reader.Read())
        {
            if (++length > MaxRecordLength)
                throw new InvalidDataException($"{source} line {RecordLine}: longer than {MaxRecordLength:N0} characters; is this a CSV file?");
            if (quoted)
            {
                if (c < 0) throw new InvalidDataException($"{source} line {RecordLine}, column {fields.Count + 1}: a quoted field is not closed");
                if (c == '"')
                {
                    if (reader.Peek() == '"') _field.Append((char)reader.Read());
                    else (quoted, afterQuote) = (false, true);
                }
                else
                {
                    if (c == '\n' || (c == '\r' && reader.Peek() != '\n')) _line++;
                    _field.Append((char)c);
                }
                continue;
            }
            if (c < 0 || c == '\n' || c == '\r' || c == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
                afterQuote = fieldHasText = false;
                if (c == ',') continue;
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                if (c >= 0) _line++;
                return [.. fields];
            }
            if (c == '"' && !fieldHasText && !afterQuote)
            {
                _field.Clear();
                quoted = true;
                continue;
            }
            if (afterQuote && !char.IsWhiteSpace((char)c))
                throw new InvalidDataException($"{source} line {_line}, column {fields.Count + 1}: text after a closing quote (a quote inside a quoted field is written \"\")");
            if (!char.IsWhiteSpace((char)c)) fieldHasText = true;
            _field.Append((char)c);
        }
    }
}
