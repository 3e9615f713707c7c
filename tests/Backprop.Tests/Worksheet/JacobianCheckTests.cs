using Backprop.Tests.Support;
using static Backprop.Matrix;

namespace Backprop.Tests.Worksheet;

/// <summary>
/// The check of a learner's six worksheet Jacobians: correct functions, however written, pass; a function with one of the
/// likely slips is wrong and the slip is named; unwritten and failing functions are told apart; the notebook's
/// parameters are put back.
/// </summary>
public class JacobianCheckTests
{
    private static readonly DataSet Heart = HeartData.Create(100);

    [Fact]
    public void Check_AllSixCorrect_EveryVerdictCorrect()
    {
        // Given the six functions as worksheet/solution.cs writes them
        var learner = new Learner();

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook(), Heart);

        // Then
        Assert.Equal(["J_W3", "J_b3", "J_W2", "J_b2", "J_W1", "J_b1"], report.Verdicts.Select(v => v.Name));
        Assert.All(report.Verdicts, v => Assert.True(v.Status == JacobianStatus.Correct, v.ToString()));
        Assert.Equal(6, report.CorrectCount);
        Assert.Null(report.NextToWrite);
        Assert.All(report.Verdicts, v => Assert.True(v.LargestDifference <= 1e-12, v.ToString()));
    }

    [Fact]
    public void Check_AllSixCorrect_LeavesTheNotebooksParametersAsTheyWere()
    {
        // Given
        var learner = new Learner();
        WorksheetParameters before = learner.Parameters, values = before.Copy();

        // When: the check hands the notebook other networks' parameters for the moment
        JacobianCheck.Check(learner.Notebook(), Heart);

        // Then: the same six matrices, with the same numbers
        AssertSameParameters(before, values, learner);
    }

    [Theory]
    [InlineData("J_W3", nameof(Learner.J_W3_dσ_as_σ_times_one_minus_σ))]
    [InlineData("J_W3", nameof(Learner.J_W3_divided_before_the_product))]
    [InlineData("J_b3", nameof(Learner.J_b3_divided_before_summing))]
    [InlineData("J_b3", nameof(Learner.J_b3_summed_as_a_product_with_ones))]
    [InlineData("J_W2", nameof(Learner.J_W2_W3T_dot_J))]
    [InlineData("J_b2", nameof(Learner.J_b2_δ_in_another_order))]
    [InlineData("J_W1", nameof(Learner.J_W1_dσ_from_the_activations))]
    [InlineData("J_b1", nameof(Learner.J_b1_times_the_reciprocal_of_N))]
    public void Check_EquivalentFormulation_IsCorrect(string function, string formulation)
    {
        // Given the worksheet's functions with one written another correct way
        var learner = new Learner();

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook((function, learner.Function(formulation))), Heart);

        // Then
        Assert.All(report.Verdicts, v => Assert.True(v.Status == JacobianStatus.Correct, v.ToString()));
        Assert.Equal(6, report.CorrectCount);
    }

    [Fact]
    public void Check_EveryEquivalentFormulationAtOnce_AllCorrect()
    {
        // Given all six written differently from the solution
        var learner = new Learner();
        WorksheetNotebook notebook = learner.Notebook(
            ("J_W3", learner.J_W3_dσ_as_σ_times_one_minus_σ), ("J_b3", learner.J_b3_summed_as_a_product_with_ones),
            ("J_W2", learner.J_W2_W3T_dot_J), ("J_b2", learner.J_b2_δ_in_another_order),
            ("J_W1", learner.J_W1_dσ_from_the_activations), ("J_b1", learner.J_b1_times_the_reciprocal_of_N));

        // When
        JacobianCheckReport report = JacobianCheck.Check(notebook, Heart);

        // Then
        Assert.All(report.Verdicts, v => Assert.True(v.Status == JacobianStatus.Correct, v.ToString()));
    }

    [Fact]
    public void Check_TheLibrarysBackpropagationAsTheLearnersFunctions_AllCorrect()
    {
        // Given the reference itself, reading the notebook's parameters as a learner's functions do
        var learner = new Learner();
        WorksheetParameters before = learner.Parameters, values = before.Copy();

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook(WorksheetJacobians.Backpropagation(() => learner.Parameters)), Heart);

        // Then
        Assert.All(report.Verdicts, v => Assert.True(v.Status == JacobianStatus.Correct, v.ToString()));
        Assert.All(report.Verdicts, v => Assert.Equal(0.0, v.LargestDifference));
        AssertSameParameters(before, values, learner);
    }

    [Theory]
    // a missing σ′ factor, and at which layer
    [InlineData("J_W3", nameof(Learner.J_W3_without_dσ_z3), "a missing σ′(z⁽³⁾) factor (layer 3)")]
    [InlineData("J_W2", nameof(Learner.J_W2_without_dσ_z2), "a missing σ′(z⁽²⁾) factor (layer 2)")]
    [InlineData("J_b1", nameof(Learner.J_b1_without_dσ_z1), "a missing σ′(z⁽¹⁾) factor (layer 1)")]
    [InlineData("J_W1", nameof(Learner.J_W1_without_dσ_z3), "a missing σ′(z⁽³⁾) factor (layer 3)")]
    // σ in place of σ′
    [InlineData("J_b3", nameof(Learner.J_b3_σ_for_dσ_z3), "σ(z⁽³⁾) where its derivative σ′(z⁽³⁾) belongs (layer 3)")]
    [InlineData("J_W1", nameof(Learner.J_W1_σ_for_dσ_z2), "σ(z⁽²⁾) where its derivative σ′(z⁽²⁾) belongs (layer 2)")]
    // the constants
    [InlineData("J_b2", nameof(Learner.J_b2_not_divided_by_N), "a missing 1/N (divide by x.Size")]
    [InlineData("J_W1", nameof(Learner.J_W1_without_the_2), "a missing 2 (∂C/∂a⁽³⁾ = 2 (a⁽³⁾ − y))")]
    [InlineData("J_W2", nameof(Learner.J_W2_without_the_2_or_N), "a missing 2 and a missing 1/N")]
    [InlineData("J_W2", nameof(Learner.J_W2_y_minus_a3), "the sign of a⁽³⁾ − y turned round (y − a⁽³⁾)")]
    [InlineData("J_b1", nameof(Learner.J_b1_y_minus_a3), "the sign of a⁽³⁾ − y turned round (y − a⁽³⁾)")]
    [InlineData("J_b3", nameof(Learner.J_b3_divided_by_N_twice), "a division by N twice")]
    // the wrong layer's activations
    [InlineData("J_W3", nameof(Learner.J_W3_a1_for_a2), "the wrong layer's activations: a⁽¹⁾ where a⁽²⁾ belongs")]
    [InlineData("J_W2", nameof(Learner.J_W2_z1_for_a1), "the weighted sums z⁽¹⁾ where the activations a⁽¹⁾ belong")]
    // a transposed product
    [InlineData("J_W2", nameof(Learner.J_W2_transposed), "a transposed product: ∂C/∂W⁽²⁾ is shaped as W2")]
    // the bias's sum
    [InlineData("J_b3", nameof(Learner.J_b3_summed_over_axis_0), "the bias summed over the wrong axis")]
    [InlineData("J_b2", nameof(Learner.J_b2_not_summed), "the bias not summed over the samples")]
    // a slip in the chain and a missing constant together
    [InlineData("J_W3", nameof(Learner.J_W3_without_dσ_z3_or_N), "a missing σ′(z⁽³⁾) factor (layer 3), and a missing 1/N")]
    [InlineData("J_W3", nameof(Learner.J_W3_divided_by_y_size), "a missing 2 (∂C/∂a⁽³⁾ = 2 (a⁽³⁾ − y)), or a division by y.Size (2N)")]
    [InlineData("J_b2", nameof(Learner.J_b2_y_minus_a3_without_the_2), "the sign of a⁽³⁾ − y turned round (y − a⁽³⁾) and a missing 2")]
    [InlineData("J_W2", nameof(Learner.J_W2_dσ_of_a2), "σ′(a⁽²⁾) where σ′(z⁽²⁾) belongs: the derivative at the activations, not the weighted sums (layer 2)")]
    public void Check_OneMistake_WrongAndTheMistakeNamed(string function, string mistake, string diagnosis)
    {
        // Given the worksheet's functions with one mistaken
        var learner = new Learner();

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook((function, learner.Function(mistake))), Heart);

        // Then: that one is wrong, the likely mistake named (and no second one with it), the other five correct
        JacobianVerdict verdict = report[function];
        Assert.Equal(JacobianStatus.Wrong, verdict.Status);
        Assert.NotNull(verdict.Where);
        Assert.NotNull(verdict.Diagnosis);
        Assert.StartsWith(diagnosis, verdict.Diagnosis, StringComparison.Ordinal);
        if (!diagnosis.Contains(", and ", StringComparison.Ordinal)) Assert.DoesNotContain(", and ", verdict.Diagnosis, StringComparison.Ordinal);
        Assert.Contains($": likely {verdict.Diagnosis}", verdict.ToString(), StringComparison.Ordinal);
        Assert.All(report.Verdicts.Where(v => v.Name != function), v => Assert.True(v.Status == JacobianStatus.Correct, v.ToString()));
        Assert.Equal(5, report.CorrectCount);
    }

    [Theory]
    [InlineData("J_W3", nameof(Learner.J_W3_a1_for_a2), "returns 2×6 where W3 is 2×7 (the worksheet's network)")]
    [InlineData("J_W2", nameof(Learner.J_W2_transposed), "returns 6×7 where W2 is 7×6 (the worksheet's network)")]
    [InlineData("J_b2", nameof(Learner.J_b2_not_summed), "returns 7×100 where b2 is 7×1 (the worksheet's network)")]
    public void Check_WrongShape_WhereSaysWhichShape(string function, string mistake, string where)
    {
        // Given
        var learner = new Learner();

        // When
        JacobianVerdict verdict = JacobianCheck.Check(learner.Notebook((function, learner.Function(mistake))), Heart)[function];

        // Then
        Assert.Equal(JacobianStatus.Wrong, verdict.Status);
        Assert.Equal(where, verdict.Where);
        Assert.True(double.IsNaN(verdict.LargestDifference));
    }

    [Fact]
    public void Check_NotWritten_NotWrittenAndTheFirstInTheWorksheetsOrderIsNext()
    {
        // Given J_W2 and J_W1 left as the exercise leaves them
        var learner = new Learner();
        WorksheetNotebook notebook = learner.Notebook(("J_W1", learner.J_W1_not_written), ("J_W2", learner.J_W2_not_written));

        // When
        JacobianCheckReport report = JacobianCheck.Check(notebook, Heart);

        // Then
        Assert.Equal(
            [JacobianStatus.Correct, JacobianStatus.Correct, JacobianStatus.NotWritten, JacobianStatus.Correct, JacobianStatus.NotWritten, JacobianStatus.Correct],
            report.Verdicts.Select(v => v.Status));
        Assert.Equal(4, report.CorrectCount);
        JacobianVerdict next = Assert.IsType<JacobianVerdict>(report.NextToWrite);
        Assert.Equal("J_W2", next.Name);
        Assert.Null(next.Diagnosis);
        Assert.StartsWith("· J_W2  not written yet", next.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NotWritten_SourceLineNamesTheLearnersFileAndLine()
    {
        // Given J_W2 and J_W1 left as the exercise leaves them, in this file
        var learner = new Learner();
        WorksheetNotebook notebook = learner.Notebook(("J_W1", learner.J_W1_not_written), ("J_W2", learner.J_W2_not_written));

        // When
        JacobianCheckReport report = JacobianCheck.Check(notebook, Heart);

        // Then: each names the line that throws, here
        JacobianVerdict next = Assert.IsType<JacobianVerdict>(report.NextToWrite);
        Assert.Contains("JacobianCheckTests.cs, line ", next.SourceLine, StringComparison.Ordinal);
        Assert.Contains("JacobianCheckTests.cs, line ", report["J_W1"].SourceLine, StringComparison.Ordinal);
        Assert.NotEqual(next.SourceLine, report["J_W1"].SourceLine);
        Assert.Equal($"· J_W2  not written yet ({next.SourceLine})", next.ToString());
    }

    [Fact]
    public void Check_FunctionThrows_FailedWithTheExceptionsMessage()
    {
        // Given a J_W3 that multiplies W3 by the wrong layer's activations, which do not fit
        var learner = new Learner();
        var thrown = Assert.Throws<ArgumentException>(() => learner.J_W3_shape_error(Heart.Inputs, Heart.Targets));

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook(("J_W3", learner.J_W3_shape_error)), Heart);

        // Then
        JacobianVerdict verdict = report["J_W3"];
        Assert.Equal(JacobianStatus.Failed, verdict.Status);
        Assert.Equal(thrown.Message, verdict.Diagnosis);
        Assert.Contains("cannot multiply a 2×7 matrix by a 6×100 one", verdict.Diagnosis, StringComparison.Ordinal);
        Assert.Equal("on the worksheet's network", verdict.Where);
        Assert.StartsWith("✗ J_W3  failed on the worksheet's network: cannot multiply", verdict.ToString(), StringComparison.Ordinal);
        Assert.Null(report.NextToWrite);
        Assert.Equal(5, report.CorrectCount);
    }

    [Fact]
    public void Check_FunctionThrows_SourceLineNamesTheLearnersFileAndLine()
    {
        // Given
        var learner = new Learner();

        // When
        JacobianVerdict verdict = JacobianCheck.Check(learner.Notebook(("J_W3", learner.J_W3_shape_error)), Heart)["J_W3"];

        // Then: the learner's line, not the library's Dot that threw
        Assert.Equal(JacobianStatus.Failed, verdict.Status);
        Assert.Contains("JacobianCheckTests.cs, line ", verdict.SourceLine, StringComparison.Ordinal);
        Assert.EndsWith($" ({verdict.SourceLine})", verdict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FunctionThrowsOnlyOnAnotherNetwork_FailedThereAndTheParametersPutBack()
    {
        // Given a J_b3 that fits 100 samples (and 1), and throws on the first other network, with 7
        var learner = new Learner();
        WorksheetParameters before = learner.Parameters, values = before.Copy();

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook(("J_b3", learner.J_b3_fits_100_samples_only)), Heart);

        // Then
        JacobianVerdict verdict = report["J_b3"];
        Assert.Equal(JacobianStatus.Failed, verdict.Status);
        Assert.Equal("on a [1,3,5,2] network with 7 samples", verdict.Where);
        Assert.Contains("2×7", verdict.Diagnosis, StringComparison.Ordinal);
        AssertSameParameters(before, values, learner);
    }

    [Theory]
    [InlineData("J_W3", nameof(Learner.J_W3_divided_by_100))]
    [InlineData("J_b1", nameof(Learner.J_b1_divided_by_100))]
    public void Check_MistakeThatFitsTheWorksheetsNetworkOnly_WrongOnTheOthers(string function, string mistake)
    {
        // Given a function that hard-codes the worksheet's 100 samples for x.Size: right there, by accident
        var learner = new Learner();
        Assert.Equal(learner.Function(function)(Heart.Inputs, Heart.Targets).AsSpan().ToArray(),
            learner.Function(mistake)(Heart.Inputs, Heart.Targets).AsSpan().ToArray());

        // When
        JacobianCheckReport report = JacobianCheck.Check(learner.Notebook((function, learner.Function(mistake))), Heart);

        // Then: wrong, the difference found on another network, and no likely mistake fits
        JacobianVerdict verdict = report[function];
        Assert.Equal(JacobianStatus.Wrong, verdict.Status);
        Assert.StartsWith("at [", verdict.Where, StringComparison.Ordinal);
        Assert.DoesNotContain("the worksheet's network", verdict.Where, StringComparison.Ordinal);
        Assert.Null(verdict.Diagnosis);
        Assert.Equal(5, report.CorrectCount);
    }

    [Fact]
    public void VerdictToString_CorrectAndWrong_StartWithTheirMarks()
    {
        // Given
        var learner = new Learner();

        // When
        JacobianCheckReport correct = JacobianCheck.Check(learner.Notebook(), Heart);
        JacobianCheckReport wrong = JacobianCheck.Check(learner.Notebook(("J_W3", learner.J_W3_without_dσ_z3)), Heart);

        // Then
        Assert.StartsWith("✓ J_W3  largest difference ", correct["J_W3"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("✗ J_W3  largest difference ", wrong["J_W3"].ToString(), StringComparison.Ordinal);
        Assert.EndsWith(": likely a missing σ′(z⁽³⁾) factor (layer 3)", wrong["J_W3"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("✓ J_b3", wrong["J_b3"].ToString(), StringComparison.Ordinal);
    }

    private static void AssertSameParameters(WorksheetParameters before, WorksheetParameters values, Learner learner)
    {
        Matrix[] expected = [before.W1, before.W2, before.W3, before.B1, before.B2, before.B3];
        Matrix[] numbers = [values.W1, values.W2, values.W3, values.B1, values.B2, values.B3];
        Matrix[] after = [learner.W1, learner.W2, learner.W3, learner.b1, learner.b2, learner.b3];
        string[] names = ["W1", "W2", "W3", "b1", "b2", "b3"];
        for (int k = 0; k < 6; k++)
        {
            Assert.Same(expected[k], after[k]);
            Assertions.BitEqual(numbers[k].AsSpan(), after[k].AsSpan(), names[k]);
        }
    }

    /// <summary>
    /// A learner's notebook: its globals W1 … b3, its network_function, and its six Jacobians written as
    /// worksheet/solution.cs writes them; beside them the other ways and the slips a learner may write instead.
    /// </summary>
    internal sealed class Learner
    {
        public Matrix W1, W2, W3, b1, b2, b3;     // the notebook's globals

        public Learner() => (W1, W2, W3, b1, b2, b3) = WorksheetParameters.Draw(new NumpyRandom(1));

        public WorksheetParameters Parameters => new(W1, W2, W3, b1, b2, b3);

        /// <summary>The notebook as the worksheet's module sees it, with the functions named replaced.</summary>
        public WorksheetNotebook Notebook(params (string Name, JacobianFunction Function)[] replaced)
        {
            Dictionary<string, JacobianFunction> own = replaced.ToDictionary(r => r.Name, r => r.Function);
            JacobianFunction Own(string name, JacobianFunction solution) => own.GetValueOrDefault(name, solution);
            return Notebook(new WorksheetJacobians(W1: Own("J_W1", J_W1), W2: Own("J_W2", J_W2), W3: Own("J_W3", J_W3),
                B1: Own("J_b1", J_b1), B2: Own("J_b2", J_b2), B3: Own("J_b3", J_b3)));
        }

        public WorksheetNotebook Notebook(WorksheetJacobians jacobians) =>
            new(() => new WorksheetParameters(W1, W2, W3, b1, b2, b3), p => (W1, W2, W3, b1, b2, b3) = p, jacobians);

        /// <summary>One of this notebook's functions, by its method's name.</summary>
        public JacobianFunction Function(string name) =>
            typeof(Learner).GetMethod(name)?.CreateDelegate<JacobianFunction>(this) ?? throw new ArgumentException($"no function {name}", nameof(name));

        private static Matrix σ(Matrix z) => 1 / (1 + Exp(-z));

        private static Matrix dσ(Matrix z) => Pow(Cosh(z / 2), -2) / 4;

        public (Matrix a0, Matrix z1, Matrix a1, Matrix z2, Matrix a2, Matrix z3, Matrix a3) network_function(Matrix a0)
        {
            var z1 = W1.Dot(a0) + b1;
            var a1 = σ(z1);
            var z2 = W2.Dot(a1) + b2;
            var a2 = σ(z2);
            var z3 = W3.Dot(a2) + b3;
            var a3 = σ(z3);
            return (a0, z1, a1, z2, a2, z3, a3);
        }

        // The six, as worksheet/solution.cs writes them.

        public Matrix J_W3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.Dot(a2.T) / x.Size;
            return J;
        }

        public Matrix J_b3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y);
            J = J * dσ(z3);
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        public Matrix J_W2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.Dot(a1.T) / x.Size;
            return J;
        }

        public Matrix J_b2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        public Matrix J_W1(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = J.Dot(a0.T) / x.Size;
            return J;
        }

        public Matrix J_b1(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        // Correct, written another way.

        public Matrix J_W3_dσ_as_σ_times_one_minus_σ(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * (σ(z3) * (1 - σ(z3)));
            return J.Dot(a2.T) / x.Size;
        }

        public Matrix J_W3_divided_before_the_product(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3) / x.Size;
            return J.Dot(a2.T);
        }

        public Matrix J_b3_divided_before_summing(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3) / x.Size;
            return Sum(J, axis: 1);
        }

        public Matrix J_b3_summed_as_a_product_with_ones(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var ones = new Matrix(x.Size, 1) + 1;
            return (dσ(z3) * (a3 - y) * 2).Dot(ones) / x.Size;
        }

        public Matrix J_W2_W3T_dot_J(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = W3.T.Dot(J) * dσ(z2);
            return J.Dot(a1.T) / x.Size;
        }

        public Matrix J_b2_δ_in_another_order(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var δ3 = dσ(z3) * (a3 - y) * 2;
            var δ2 = dσ(z2) * W3.T.Dot(δ3);
            return Sum(δ2 / x.Size, axis: 1);
        }

        public Matrix J_W1_dσ_from_the_activations(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var δ3 = 2 * (a3 - y) * a3 * (1 - a3);
            var δ2 = W3.T.Dot(δ3) * a2 * (1 - a2);
            var δ1 = W2.T.Dot(δ2) * a1 * (1 - a1);
            return (δ1 / x.Columns).Dot(x.T);
        }

        public Matrix J_b1_times_the_reciprocal_of_N(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = (a3 - y) * dσ(z3) * 2;
            J = dσ(z2) * J.T.Dot(W3).T;
            J = dσ(z1) * J.T.Dot(W2).T;
            return Sum(J, axis: 1) * (1.0 / x.Size);
        }

        // The slips.

        public Matrix J_W3_without_dσ_z3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y);
            J = J.Dot(a2.T) / x.Size;
            return J;
        }

        public Matrix J_W3_divided_by_y_size(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            return (2 * (a3 - y) * dσ(z3)).Dot(a2.T) / y.Size;
        }

        public Matrix J_b2_y_minus_a3_without_the_2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = (y - a3) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            return Sum(J, axis: 1) / x.Size;
        }

        public Matrix J_W2_dσ_of_a2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(a2);
            return J.Dot(a1.T) / x.Size;
        }

        public Matrix J_W3_without_dσ_z3_or_N(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y);
            return J.Dot(a2.T);
        }

        public Matrix J_W2_without_dσ_z2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T;
            J = J.Dot(a1.T) / x.Size;
            return J;
        }

        public Matrix J_b1_without_dσ_z1(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T;
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        public Matrix J_W1_without_dσ_z3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = J.Dot(a0.T) / x.Size;
            return J;
        }

        public Matrix J_b3_σ_for_dσ_z3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y);
            J = J * σ(z3);
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        public Matrix J_W1_σ_for_dσ_z2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * σ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = J.Dot(a0.T) / x.Size;
            return J;
        }

        public Matrix J_b2_not_divided_by_N(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = Sum(J, axis: 1);
            return J;
        }

        public Matrix J_W1_without_the_2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = J.Dot(a0.T) / x.Size;
            return J;
        }

        public Matrix J_W2_without_the_2_or_N(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.Dot(a1.T);
            return J;
        }

        public Matrix J_W2_y_minus_a3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (y - a3) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.Dot(a1.T) / x.Size;
            return J;
        }

        public Matrix J_b1_y_minus_a3(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (y - a3) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        public Matrix J_b3_divided_by_N_twice(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3) / x.Size;
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        public Matrix J_W3_a1_for_a2(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.Dot(a1.T) / x.Size;
            return J;
        }

        public Matrix J_W2_z1_for_a1(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.Dot(z1.T) / x.Size;
            return J;
        }

        public Matrix J_W2_transposed(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = a1.Dot(J.T) / x.Size;
            return J;
        }

        public Matrix J_b3_summed_over_axis_0(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = Sum(J, axis: 0) / x.Size;
            return J;
        }

        public Matrix J_b2_not_summed(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J / x.Size;
            return J;
        }

        // Right on the worksheet's network only.

        public Matrix J_W3_divided_by_100(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.Dot(a2.T) / 100;
            return J;
        }

        public Matrix J_b1_divided_by_100(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.T.Dot(W3).T * dσ(z2);
            J = J.T.Dot(W2).T * dσ(z1);
            J = Sum(J, axis: 1) / 100;
            return J;
        }

        public Matrix J_b3_fits_100_samples_only(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3) + new Matrix(2, 100);
            J = Sum(J, axis: 1) / x.Size;
            return J;
        }

        // Not written, and failing.

        public Matrix J_W2_not_written(Matrix x, Matrix y) => throw new NotImplementedException();

        public Matrix J_W1_not_written(Matrix x, Matrix y) => throw new NotImplementedException();

        public Matrix J_W3_shape_error(Matrix x, Matrix y)
        {
            var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);
            var J = 2 * (a3 - y) * dσ(z3);
            J = J.Dot(W3.Dot(a1).T) / x.Size;
            return J;
        }
    }
}
