using System.Globalization;
using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// The worksheet's helper module (<c>%run "BackpropModule.ipynb"</c>) for a C# file-based program: the training data,
/// <c>plot_training</c> run on the learner's own Jacobians after checking them, the figure, and the notebook's report,
/// <c>worksheet.md</c>, which keeps every cell's outputs beside the notebook's text as a saved notebook does.
/// </summary>
/// <remarks>
/// <para>The program (<c>worksheet/solution.cs</c>, <c>worksheet/exercise.cs</c>) creates one module first, with its
/// command-line arguments (<c>--out DIR</c>: where the report and figure go, the current folder by default), and ends with
/// <c>return module.Finish();</c>. Its source file is the notebook: <c>/* … */</c> blocks at the start of a line are the
/// text (Markdown and LaTeX), <c>// In [n]:</c> starts a code cell, and <c>#region</c> ends the notebook. Each output is
/// filed under the cell holding the line that made it.</para>
/// <para>The run ends with one line on standard output, <c>worksheet: jacobians=K/6 iterations=N cost=C</c>: how many of
/// the six Jacobian functions agree with backpropagation, the iterations trained, the cost now. A Jacobian function not
/// written yet (it throws <see cref="NotImplementedException"/>) stops the run before training with one line naming the
/// one to write next and where; so does any other error from the learner's code, with its line. Either way the report
/// is written and the exit code is 1; it is 0 when all six agree and training ran.</para>
/// </remarks>
public sealed class BackpropModule
{
    private readonly NotebookReport _report;
    private readonly string _outFolder;
    private readonly string _sourceFile;
    private readonly string _compiledPath;
    private JacobianCheckReport? _check;
    private int _iterations;
    private int _figures;
    private double _cost = double.NaN;
    private bool _finished;

    /// <summary>Start the module for the program whose source is <paramref name="sourceFile"/> (filled in by the compiler).</summary>
    /// <param name="args">The program's arguments: nothing, or <c>--out DIR</c>.</param>
    /// <param name="sourceFile">The notebook's source file; the compiler supplies it.</param>
    public BackpropModule(string[] args, [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(args);
        _compiledPath = sourceFile;
        _sourceFile = SourceOnDisk(sourceFile);
        _outFolder = OutFolder(args) ?? Stop($"the only option is --out DIR (where worksheet.md and the figure go), not '{string.Join(' ', args)}'", code: 2);
        _report = new NotebookReport(_sourceFile);
        AppDomain.CurrentDomain.UnhandledException += (_, e) => StopOn((Exception)e.ExceptionObject);
    }

    /// <summary>numpy's global generator as <c>np.random.seed(1)</c> leaves it: the weights' draws, then the training's noise.</summary>
    public NumpyRandom Random { get; } = new(1);

    /// <summary>The worksheet's training data <c>training_data(N)</c>: x (1 × N) and the heart y (2 × N).</summary>
    public static (Matrix X, Matrix Y) TrainingData(int points = 100)
    {
        DataSet heart = HeartData.Create(points);
        return (heart.Inputs, heart.Targets);
    }

    /// <summary>File values as outputs of the cell at <paramref name="line"/>: matrices as tables, numbers as numbers.</summary>
    /// <param name="values">Each value with the expression that made it; null values are skipped.</param>
    /// <param name="line">The line of the call, in the notebook's source.</param>
    public void Show(IEnumerable<(string Expression, object? Value)> values, int line)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (expression, value) in values)
        {
            if (value is null) continue;
            _report.Add(line, NotebookReport.Format(expression, value));
            if (value is not Matrix) Console.WriteLine($"{expression} = {NotebookReport.Number(Convert.ToDouble(value, CultureInfo.InvariantCulture))}");
        }
    }

    /// <summary>
    /// Check the notebook's six Jacobian functions against backpropagation (<see cref="JacobianCheck"/>) and file one line
    /// each; stop, naming the one to write next and where, when one is not written yet.
    /// </summary>
    public JacobianCheckReport CheckJacobians(WorksheetNotebook notebook, Matrix x, Matrix y, int line)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var data = new DataSet(x, y);
        _cost = notebook.Parameters.ToNetwork().Cost(data);
        JacobianCheckReport check = JacobianCheck.Check(notebook, data);
        _check = check;
        string heading = "Your Jacobians against backpropagation (on this network, then on [1,3,5,2], [1,4,4,2], [1,8,2,2] and [1,2,9,2] networks with random weights):";
        Console.WriteLine(heading);
        string[] lines = [.. check.Verdicts.Select(v => Relative(v.ToString()))];
        foreach (string verdict in lines) Console.WriteLine($"  {verdict}");
        _report.Add(line, NotebookReport.Text(heading, lines));
        if (check.NextToWrite is { } next)
            Stop($"write {next.Name} next{(next.SourceLine is null ? "" : $": {Relative(next.SourceLine)}")} (it throws NotImplementedException; its equation is in the comment above it)", line);
        return check;
    }

    /// <summary>
    /// <c>plot_training(x, y, iterations, aggression, noise)</c>: check the Jacobians (once), train with them
    /// (<see cref="WorksheetTraining"/>: the worksheet's loop, noise draws and extra step), print and file the
    /// <c>Iter: … ; Cost: …</c> lines, and draw the figure (worksheet.svg and worksheet.png, linked in the report).
    /// </summary>
    public WorksheetTrainingResult PlotTraining(WorksheetNotebook notebook, Matrix x, Matrix y, WorksheetTrainingOptions options, int line)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(options);
        if (_check is null) CheckJacobians(notebook, x, y, line);
        var data = new DataSet(x, y);
        var figure = new TrainingFigure(data);
        var log = new List<string>();
        WorksheetTrainingResult result = WorksheetTraining.Train(notebook, data, Random, options, entry =>
        {
            string text = $"Iter: {entry.Remaining} ; Cost: {NotebookReport.Number(entry.Cost)}";
            Console.WriteLine(text);
            log.Add(text);
            figure.AddSnapshot(entry.Outputs);
        });
        _iterations += options.Iterations;
        _cost = result.FinalCost;
        _report.Add(line, NotebookReport.Text($"{result.Steps} steps", log));
        string name = ++_figures == 1 ? "worksheet" : $"worksheet-{_figures}";
        Matrix final = notebook.Parameters.ToNetwork().Forward(x).Output;
        Directory.CreateDirectory(_outFolder);
        foreach (string extension in new[] { ".svg", ".png" })
            figure.Save(Path.Combine(_outFolder, name + extension), final, result.CostHistory);
        _report.Add(line, $"![The training data (green), the network while training (magenta) and trained (orange), and the cost]({name}.png)\n\n(also as [{name}.svg]({name}.svg))");
        return result;
    }

    /// <summary>Write the report and the closing line; return the exit code: 0 when all six Jacobians agree and training ran, else 1.</summary>
    public int Finish()
    {
        WriteReport();
        int correct = _check?.CorrectCount ?? 0;
        Console.WriteLine($"worksheet.md written in {_outFolder}");
        Console.WriteLine(Summary());
        _finished = true;
        return correct == 6 && _iterations > 0 ? 0 : 1;
    }

    private string Summary() =>
        $"worksheet: jacobians={_check?.CorrectCount ?? 0}/6 iterations={_iterations} cost={NotebookReport.Number(_cost)}";

    private void WriteReport() => AtomicFile.WriteVia(Path.Combine(_outFolder, "worksheet.md"), temporary => File.WriteAllText(temporary, _report.Render()));

    // An error from the learner's code that nobody caught: one line, the report so far, exit 1.
    private void StopOn(Exception e)
    {
        if (_finished) return;
        // A Jacobian that threw while training: where in it; one that returned a wrong shape: its name says enough
        string? where = e is WorksheetJacobianException j ? (j.InnerException is { } inner ? JacobianCheck.SourceLine(inner) : null) : JacobianCheck.SourceLine(e);
        string message = e switch
        {
            NotImplementedException => $"a function is not written yet{(where is null ? "" : $": {Relative(where)}")}",
            _ => $"{e.Message}{(where is null ? "" : $" ({Relative(where)})")}",
        };
        Stop(message, line: where is null ? 0 : LineOf(where));
    }

    private string Stop(string message, int line = 0, int code = 1)
    {
        if (line > 0 && _report is not null) _report.Add(line, $"**Stopped:** {message}");
        try
        {
            if (_report is not null) WriteReport();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"worksheet: worksheet.md could not be written in {_outFolder}: {e.Message}");
        }
        Console.Error.WriteLine($"worksheet: {message}");
        if (_report is not null) Console.WriteLine(Summary());
        _finished = true;
        Environment.Exit(code);
        return "";
    }

    private static string? OutFolder(string[] args) => args switch
    {
        [] => Directory.GetCurrentDirectory(),
        ["--out", string folder] when folder.Length > 0 => Path.GetFullPath(folder),
        _ => null,
    };

    // The compiler's path is the file's own unless the build maps source paths (CI=true gives /_/worksheet/exercise.cs);
    // then the file-based program's entry point, which .NET 10 puts in the app's context, is the file on disk.
    private static string SourceOnDisk(string compiledPath) =>
        File.Exists(compiledPath) || AppContext.GetData("EntryPointFilePath") is not string entryPoint || !File.Exists(entryPoint)
            ? compiledPath
            : entryPoint;

    // The notebook's file named from the current folder, as the learner typed it (worksheet/exercise.cs), in a message.
    // Stack traces carry the compiler's path; the message names the file on disk.
    private string Relative(string sourceLine)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), _sourceFile);
        return sourceLine.Replace(_compiledPath, relative.StartsWith("..", StringComparison.Ordinal) ? _sourceFile : relative, StringComparison.Ordinal);
    }

    private static int LineOf(string sourceLine) =>
        int.TryParse(sourceLine[(sourceLine.LastIndexOf(' ') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int line) ? line : 0;
}
