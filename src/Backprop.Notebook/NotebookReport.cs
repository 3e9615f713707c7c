using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>
/// The notebook as a Markdown document: its source file split into text cells (<c>/* … */</c> blocks at the start of a
/// line, Markdown and LaTeX as written) and code cells (from each <c>// In [n]:</c> line), up to the first
/// <c>#region</c>, with each code cell's outputs after it, in the order they came.
/// </summary>
internal sealed class NotebookReport
{
    private sealed record Cell(string Label, int FirstLine, int LastLine, string Content, bool IsCode);

    private readonly List<Cell> _cells = [];
    private readonly List<(int Line, string Output)> _outputs = [];

    public NotebookReport(string sourceFile)
    {
        string[] lines = File.Exists(sourceFile) ? File.ReadAllLines(sourceFile) : [];
        int i = 0;
        while (i < lines.Length && !lines[i].StartsWith("#region", StringComparison.Ordinal))
        {
            if (lines[i].StartsWith("/*", StringComparison.Ordinal))
            {
                int end = Array.FindIndex(lines, i, l => l.TrimEnd().EndsWith("*/", StringComparison.Ordinal));
                if (end < 0) end = lines.Length - 1;
                string text = string.Join('\n', lines[(i + 1)..end]);
                _cells.Add(new("", i + 1, end + 1, text.Trim('\n'), IsCode: false));
                i = end + 1;
            }
            else if (lines[i].StartsWith("// In [", StringComparison.Ordinal))
            {
                int end = i + 1;
                while (end < lines.Length && !lines[end].StartsWith("/*", StringComparison.Ordinal) && !lines[end].StartsWith("// In [", StringComparison.Ordinal)
                       && !lines[end].StartsWith("#region", StringComparison.Ordinal)) end++;
                string code = string.Join('\n', lines[(i + 1)..end]).TrimEnd();
                _cells.Add(new(lines[i][3..].TrimEnd(), i + 1, end, code, IsCode: true));
                i = end;
            }
            else i++;
        }
    }

    /// <summary>File an output under the code cell holding <paramref name="line"/> (1-based), or at the end when none does.</summary>
    public void Add(int line, string output) => _outputs.Add((line, output));

    /// <summary>The whole document.</summary>
    public string Render()
    {
        var document = new StringBuilder();
        var filed = new HashSet<int>();
        for (int c = 0; c < _cells.Count; c++)
        {
            Cell cell = _cells[c];
            if (!cell.IsCode)
            {
                document.Append(cell.Content).Append("\n\n");
                continue;
            }
            document.Append($"**{cell.Label}**\n\n```csharp\n{cell.Content}\n```\n\n");
            for (int o = 0; o < _outputs.Count; o++)
                if (_outputs[o].Line >= cell.FirstLine && _outputs[o].Line <= cell.LastLine && filed.Add(o))
                    document.Append(_outputs[o].Output).Append("\n\n");
        }
        for (int o = 0; o < _outputs.Count; o++)
            if (filed.Add(o)) document.Append(_outputs[o].Output).Append("\n\n");
        return document.ToString().TrimEnd() + "\n";
    }

    /// <summary>A shown value: a matrix as a table (its shape in the caption), a number as <c>expression = value</c>.</summary>
    public static string Format(string expression, object value) => value switch
    {
        Matrix m => Table(expression, m),
        double or float or int or long => $"`{expression}` = {Number(Convert.ToDouble(value, CultureInfo.InvariantCulture))}",
        _ => $"`{expression}` = {value}",
    };

    /// <summary>Lines of text under a heading, kept as they are (a code block).</summary>
    public static string Text(string heading, IEnumerable<string> lines) => $"{heading}\n\n```text\n{string.Join('\n', lines)}\n```";

    /// <summary>A number in its shortest form that reads back exactly.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Up to 10 columns in full; wider matrices (a value per sample) show their first and last four, as numpy abbreviates.
    private static string Table(string expression, Matrix m)
    {
        const int shown = 4;
        int[] columns = m.Columns <= 10 ? [.. Enumerable.Range(0, m.Columns)] : [.. Enumerable.Range(0, shown), -1, .. Enumerable.Range(m.Columns - shown, shown)];
        var table = new StringBuilder($"`{expression}`, {m.Shape}{(m.Columns > 10 ? $" (columns 0–{shown - 1} and {m.Columns - shown}–{m.Columns - 1} of {m.Columns})" : "")}:\n\n");
        table.Append("| |").Append(string.Concat(columns.Select(j => j < 0 ? " … |" : $" {j} |"))).Append('\n');
        table.Append("|--|").Append(string.Concat(columns.Select(_ => "--:|"))).Append('\n');
        for (int i = 0; i < m.Rows; i++)
            table.Append($"| **{i}** |").Append(string.Concat(columns.Select(j => j < 0 ? " … |" : $" {m[i, j].ToString("G8", CultureInfo.InvariantCulture)} |"))).Append('\n');
        return table.ToString().TrimEnd();
    }
}
