using System.Diagnostics;
using System.Reflection;

namespace Backprop;

/// <summary>
/// Checks a learner's six Jacobian functions against backpropagation, and says for a wrong one what the mistake likely is:
/// the check the worksheet's notebook lacks, run before its training.
/// </summary>
/// <remarks>
/// <para>Each function is called at the notebook's own weights on its own data, then on other networks the notebook is
/// given for the moment (hidden layers 3 and 5, 4 and 4, 8 and 2, 2 and 9; random weights; 7, 1, 13 and 2 samples), so
/// that code which fits only the worksheet's shapes, or a mistake that cancels out there, shows. The notebook's weights
/// are put back afterwards. The reference is the library's own backward pass.</para>
/// <para>A function passes when, on every network, its matrix has the parameter's shape and differs from the reference
/// by at most 10⁻⁹ of the reference's largest element. Otherwise its matrix is compared with the likely mistakes, each
/// computed from the equations with that one slip (<see cref="JacobianMistakes"/>): a missing σ′ factor and at which
/// layer, σ in place of σ′, a missing 2 or 1/N, the sign of a − y, the wrong layer's activations, a transposed product, a
/// bias summed over the wrong axis or not at all. The first that fits every network is named.</para>
/// </remarks>
public static class JacobianCheck
{
    // The other networks: hidden sizes, samples, and the seed of their weights and data.
    private static readonly (int N1, int N2, int Samples, uint Seed)[] OtherNetworks = [(3, 5, 7, 101), (4, 4, 1, 102), (8, 2, 13, 103), (2, 9, 2, 104)];

    /// <summary>A function passes when it differs from backpropagation by at most this share of the reference's largest element.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Check the notebook's six functions, in the worksheet's order (J_W3 first), on <paramref name="data"/> and on other networks.</summary>
    /// <param name="notebook">The learner's parameters and functions; its parameters are the same afterwards.</param>
    /// <param name="data">The worksheet's x (1 × N) and y (2 × N).</param>
    public static JacobianCheckReport Check(WorksheetNotebook notebook, DataSet data)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(data);
        WorksheetParameters own = notebook.Parameters;
        own.CheckShapes();
        List<CheckCase> cases = [new("on the worksheet's network", own, data)];
        foreach (var (n1, n2, samples, seed) in OtherNetworks)
        {
            var random = new NumpyRandom(seed);
            WorksheetParameters p = WorksheetParameters.Draw(random, n1, n2);
            p = new(p.W1 * 2, p.W2 * 2, p.W3 * 2, p.B1 * 2, p.B2 * 2, p.B3 * 2);      // randn, not randn / 2: σ′ far from ¼
            var x = new Matrix(1, samples);
            var y = new Matrix(2, samples);
            foreach (Matrix m in new[] { x, y })
                for (int i = 0; i < m.Size; i++) m.AsSpan()[i] = random.NextDouble();
            cases.Add(new($"on a [1,{n1},{n2},2] network with {samples} sample{(samples == 1 ? "" : "s")}", p, new DataSet(x, y)));
        }
        try
        {
            return new JacobianCheckReport([.. notebook.Jacobians.InWorksheetOrder.Select(j => Verdict(notebook, j, cases))]);
        }
        finally
        {
            notebook.Parameters = own;
        }
    }

    private sealed record CheckCase(string Where, WorksheetParameters Parameters, DataSet Data)
    {
        public WorksheetAlgebra Algebra { get; } = new(Parameters, Data.Inputs, Data.Targets);

        public Matrix Reference(WorksheetJacobian j)
        {
            Gradients g = Parameters.ToNetwork().Backpropagate(Data);
            LayerGradient layer = g.Layers[j.Layer - 1];
            return j.IsWeights ? layer.Weights.Clone() : Matrix.FromRows([.. layer.Biases.Select(v => new[] { v })]);
        }
    }

    private static JacobianVerdict Verdict(WorksheetNotebook notebook, WorksheetJacobian j, List<CheckCase> cases)
    {
        var got = new List<Matrix>();
        foreach (CheckCase c in cases)
        {
            notebook.Parameters = c.Parameters.Copy();
            try
            {
                got.Add(j.Function(c.Data.Inputs, c.Data.Targets));
            }
            catch (NotImplementedException e)
            {
                return new JacobianVerdict(j.Name, JacobianStatus.NotWritten, double.NaN, null, null, SourceLine(e));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new JacobianVerdict(j.Name, JacobianStatus.Failed, double.NaN, c.Where, e.Message, SourceLine(e));
            }
        }

        // The largest difference from the reference, where the shapes agree; the first network whose shape does not
        double largest = 0;
        string? where = null, shapeMismatch = null;
        bool correct = true;
        for (int k = 0; k < cases.Count; k++)
        {
            Matrix expected = cases[k].Reference(j), actual = got[k];
            if (actual is null || actual.Rows != expected.Rows || actual.Columns != expected.Columns)
            {
                shapeMismatch ??= $"returns {actual?.Shape ?? "null"} where {Parameter(j)} is {expected.Shape} ({cases[k].Where[3..]})";
                correct = false;
                continue;
            }
            double scale = MaxAbs(expected);
            var (difference, row, column) = LargestDifference(actual, expected);
            if (!(difference <= Tolerance * scale)) correct = false;
            if (double.IsNaN(difference) || difference > largest || where is null && difference > 0)
            {
                largest = difference;
                where = $"at [{row}, {column}] {cases[k].Where}";
            }
        }
        if (correct) return new JacobianVerdict(j.Name, JacobianStatus.Correct, largest, null, null, null);
        string? diagnosis = JacobianMistakes.Diagnose(j, [.. cases.Select(c => c.Algebra)], got);
        return new JacobianVerdict(j.Name, JacobianStatus.Wrong, shapeMismatch is null ? largest : double.NaN, shapeMismatch ?? where, diagnosis, null);
    }

    private static string Parameter(WorksheetJacobian j) => $"{(j.IsWeights ? "W" : "b")}{j.Layer}";

    internal static double MaxAbs(Matrix m)
    {
        double max = 0;
        foreach (double v in m.AsSpan()) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static (double Difference, int Row, int Column) LargestDifference(Matrix actual, Matrix expected)
    {
        (double Difference, int Row, int Column) largest = (0, 0, 0);
        for (int i = 0; i < expected.Rows; i++)
            for (int c = 0; c < expected.Columns; c++)
            {
                double d = Math.Abs(actual[i, c] - expected[i, c]);
                if (double.IsNaN(d)) return (d, i, c);
                if (d > largest.Difference) largest = (d, i, c);
            }
        return largest;
    }

    // Backprop's own assemblies, whose frames are never the learner's: the library and the worksheet's module.
    private static readonly string?[] OwnAssemblies = [typeof(JacobianCheck).Assembly.GetName().Name, "Backprop.Notebook"];

    /// <summary>The line of the learner's own code that threw <paramref name="e"/>, "file, line n": the first frame with a source file outside Backprop's assemblies.</summary>
    internal static string? SourceLine(Exception e)
    {
        foreach (StackFrame frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            if (DiagnosticMethodInfo.Create(frame)?.DeclaringAssemblyName is { } assembly && OwnAssemblies.Contains(new AssemblyName(assembly).Name)) continue;
            string? file = frame.GetFileName();
            if (!string.IsNullOrEmpty(file) && frame.GetFileLineNumber() > 0) return $"{file}, line {frame.GetFileLineNumber()}";
        }
        return null;
    }
}

/// <summary>What the check found for one function.</summary>
public enum JacobianStatus
{
    /// <summary>It agrees with backpropagation on every network.</summary>
    Correct,

    /// <summary>It returns a matrix that differs (in shape or values).</summary>
    Wrong,

    /// <summary>It throws <see cref="NotImplementedException"/>: the learner has not written it yet.</summary>
    NotWritten,

    /// <summary>It throws another exception.</summary>
    Failed,
}

/// <summary>The check's finding for one Jacobian function, printed as one line by <see cref="ToString"/>.</summary>
/// <param name="Name">J_W3 …</param>
/// <param name="Status">Correct, wrong, not written, failed.</param>
/// <param name="LargestDifference">The largest difference from backpropagation over the networks (NaN when it cannot be compared).</param>
/// <param name="Where">Where that difference is (element and network), or the shape that does not fit, or the network it failed on.</param>
/// <param name="Diagnosis">The likely mistake, when the numbers fit one; or the failure's message.</param>
/// <param name="SourceLine">The file and line the function threw at (not written, failed), when known.</param>
public sealed record JacobianVerdict(string Name, JacobianStatus Status, double LargestDifference, string? Where, string? Diagnosis, string? SourceLine)
{
    /// <summary>One line: <c>✓ J_W3  largest difference 2.8e-17</c>, or ✗ with where and the likely mistake.</summary>
    public override string ToString() => Status switch
    {
        JacobianStatus.Correct => $"✓ {Name}  largest difference {LargestDifference:0.0e+0}",
        JacobianStatus.NotWritten => $"· {Name}  not written yet{(SourceLine is null ? "" : $" ({SourceLine})")}",
        JacobianStatus.Failed => $"✗ {Name}  failed {Where}: {Diagnosis}{(SourceLine is null ? "" : $" ({SourceLine})")}",
        _ => $"✗ {Name}  " + (double.IsNaN(LargestDifference) ? Where : $"largest difference {LargestDifference:0.0e+0} {Where}")
             + (Diagnosis is null ? "" : $": likely {Diagnosis}"),
    };
}

/// <summary>The six verdicts, in the worksheet's order.</summary>
/// <param name="Verdicts">J_W3, J_b3, J_W2, J_b2, J_W1, J_b1.</param>
public sealed record JacobianCheckReport(IReadOnlyList<JacobianVerdict> Verdicts)
{
    /// <summary>How many agree with backpropagation.</summary>
    public int CorrectCount => Verdicts.Count(v => v.Status == JacobianStatus.Correct);

    /// <summary>The first function not written yet, in the worksheet's order: the one to write next; null when all are.</summary>
    public JacobianVerdict? NextToWrite => Verdicts.FirstOrDefault(v => v.Status == JacobianStatus.NotWritten);

    /// <summary>The verdict of one function, by name (J_W3 …).</summary>
    public JacobianVerdict this[string name] => Verdicts.Single(v => v.Name == name);
}
