using System.Text.Json;
using Backprop.Tests.Support;

namespace Backprop.Tests;

/// <summary>
/// Matrix's numpy-like arithmetic against numpy itself (Fixtures/matrix.json, from tools/reference/make_matrix_fixture.py):
/// + − * / with broadcasting and a number on either side, negation, Dot (@), T, Exp, Cosh, Tanh, Pow, Sum and Norm; and,
/// reasoned by hand, the shapes that do not fit, the sizes that are zero, and operands that stay as they were.
/// </summary>
public class MatrixArithmeticTests
{
    private const string File = "matrix.json";

    // exp, cosh, tanh, pow and the norm: within a few units in the last place of numpy's (glibc's) answer.
    private const double Relative = 1e-15;

    // ---- numpy's answers ------------------------------------------------------------------------------------

    public static TheoryData<int, string> BinaryCases() => Indices("binary", c => $"{Name(c, "a")} {c.GetProperty("op").GetString()} {Name(c, "b")}");

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Elementwise_WithBroadcasting_IsNumpysExactly(int index, string label)
    {
        JsonElement c = Case("binary", index);
        Matrix a = Input(Name(c, "a")), b = Input(Name(c, "b"));
        Matrix aBefore = a.Clone(), bBefore = b.Clone();

        Matrix actual = c.GetProperty("op").GetString() switch
        {
            "add" => a + b,
            "subtract" => a - b,
            "multiply" => a * b,
            "divide" => a / b,
            var op => throw new InvalidOperationException(op),
        };

        Exact(Fixture.Matrix(c.GetProperty("expected")), actual, label);
        Unchanged(aBefore, a, label);
        Unchanged(bBefore, b, label);
    }

    public static TheoryData<int, string> ScalarCases() => Indices("scalar", c =>
    {
        string op = c.GetProperty("op").GetString()!, a = Name(c, "a"), s = c.GetProperty("scalar").GetDouble().ToString("R");
        return c.GetProperty("number_first").GetBoolean() ? $"{s} {op} {a}" : $"{a} {op} {s}";
    });

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void NumberOnEitherSide_IsNumpysExactly(int index, string label)
    {
        JsonElement c = Case("scalar", index);
        Matrix a = Input(Name(c, "a"));
        Matrix before = a.Clone();
        double s = c.GetProperty("scalar").GetDouble();
        bool numberFirst = c.GetProperty("number_first").GetBoolean();

        Matrix actual = (c.GetProperty("op").GetString(), numberFirst) switch
        {
            ("add", false) => a + s,
            ("add", true) => s + a,
            ("subtract", false) => a - s,
            ("subtract", true) => s - a,
            ("multiply", false) => a * s,
            ("multiply", true) => s * a,
            ("divide", false) => a / s,
            ("divide", true) => s / a,
            var op => throw new InvalidOperationException(op.ToString()),
        };

        Exact(Fixture.Matrix(c.GetProperty("expected")), actual, label);
        Unchanged(before, a, label);
    }

    public static TheoryData<int, string> UnaryCases() => Indices("unary", c => $"{c.GetProperty("op").GetString()}({Name(c, "a")})");

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Negation_Transpose_ExpCoshTanh_MatchNumpy(int index, string label)
    {
        JsonElement c = Case("unary", index);
        Matrix a = Input(Name(c, "a"));
        Matrix before = a.Clone();
        Matrix expected = Fixture.Matrix(c.GetProperty("expected"));

        switch (c.GetProperty("op").GetString())
        {
            case "negate": Exact(expected, -a, label); break;
            case "transpose": Exact(expected, a.T, label); break;
            case "exp": Near(expected, Matrix.Exp(a), Relative, label); break;
            case "cosh": Near(expected, Matrix.Cosh(a), Relative, label); break;
            case "tanh": Near(expected, Matrix.Tanh(a), Relative, label); break;
            case var op: throw new InvalidOperationException(op);
        }
        Unchanged(before, a, label);
    }

    public static TheoryData<int, string> PowCases() => Indices("pow", c => $"{Name(c, "a")} ** {c.GetProperty("p").GetDouble():R}");

    [Theory]
    [MemberData(nameof(PowCases))]
    public void Pow_MatchesNumpy(int index, string label)
    {
        JsonElement c = Case("pow", index);
        Matrix a = Input(Name(c, "a"));
        Matrix before = a.Clone();

        Matrix actual = Matrix.Pow(a, c.GetProperty("p").GetDouble());

        Near(Fixture.Matrix(c.GetProperty("expected")), actual, Relative, label);
        Unchanged(before, a, label);
    }

    public static TheoryData<int, string> DotCases() => Indices("dot", c =>
        $"{Name(c, "a")} @ {Name(c, "b")}{(c.GetProperty("b_transposed").GetBoolean() ? ".T" : "")}");

    [Theory]
    [MemberData(nameof(DotCases))]
    public void Dot_IsNumpysMatrixProduct(int index, string label)
    {
        JsonElement c = Case("dot", index);
        Matrix a = Input(Name(c, "a")), b = Input(Name(c, "b"));
        if (c.GetProperty("b_transposed").GetBoolean()) b = b.T;
        Matrix aBefore = a.Clone(), bBefore = b.Clone();
        Matrix expected = Fixture.Matrix(c.GetProperty("expected"));

        Matrix actual = a.Dot(b);

        if (c.GetProperty("exact").GetBoolean()) Exact(expected, actual, label);   // whole numbers: every sum is exact
        else
        {
            // Any order of adding, fused or not, is within a few ε of Σₖ |A(i, k) B(k, j)|.
            Assert.Equal(expected.Shape, actual.Shape);
            for (int i = 0; i < expected.Rows; i++)
                for (int j = 0; j < expected.Columns; j++)
                {
                    double magnitude = 0;
                    for (int k = 0; k < a.Columns; k++) magnitude += Math.Abs(a[i, k] * b[k, j]);
                    Assert.True(Math.Abs(actual[i, j] - expected[i, j]) <= Relative * magnitude,
                        $"{label} ({i}, {j}): {actual[i, j]:R}, numpy {expected[i, j]:R}");
                }
        }
        Unchanged(aBefore, a, label);
        Unchanged(bBefore, b, label);
    }

    public static TheoryData<int, string> SumCases() => Indices("sums", c => Name(c, "a"));

    [Theory]
    [MemberData(nameof(SumCases))]
    public void Sum_AlongAnAxis_InAll_AndNorm_MatchNumpy(int index, string label)
    {
        JsonElement c = Case("sums", index);
        string name = Name(c, "a");
        Matrix a = Input(name);
        Matrix before = a.Clone();

        // keepdims: axis 0 gives a row, axis 1 a column. Each of these sums has at most 3 terms, which numpy adds left
        // to right (its pairwise summation starts at 8), so the same order gives the same bits: (1.3 + 0.7) − 2.9 is
        // −0.8999999999999999, 1.3 + (0.7 − 2.9) is −0.9000000000000001.
        Matrix down = Matrix.Sum(a, 0), along = Matrix.Sum(a, axis: 1);
        Assert.Equal($"1×{a.Columns}", down.Shape);
        Assert.Equal($"{a.Rows}×1", along.Shape);
        Exact(Fixture.Matrix(c.GetProperty("axis0")), down, $"Sum({name}, 0)");
        Exact(Fixture.Matrix(c.GetProperty("axis1")), along, $"Sum({name}, 1)");

        double all = Matrix.Sum(a), expectedAll = c.GetProperty("all").GetDouble();
        if (a.Size <= 3) Assert.True(all == expectedAll, $"Sum({name}): {all:R}, numpy {expectedAll:R}");
        else
        {
            double magnitude = a.AsSpan().ToArray().Sum(Math.Abs);
            Assert.True(Math.Abs(all - expectedAll) <= Relative * magnitude, $"Sum({name}): {all:R}, numpy {expectedAll:R}");
        }

        double norm = Matrix.Norm(a), expectedNorm = c.GetProperty("norm").GetDouble();
        Assert.True(Math.Abs(norm - expectedNorm) <= Relative * expectedNorm, $"Norm({name}): {norm:R}, numpy {expectedNorm:R}");
        Unchanged(before, a, label);
    }

    [Fact]
    public void Fixture_CoversWhatItShould()
    {
        // A fixture that lost its cases would pass every theory above vacuously.
        Assert.Equal(40, Fixture.Cases(File, "binary").Count());
        Assert.Equal(51, Fixture.Cases(File, "scalar").Count());
        Assert.Equal(40, Fixture.Cases(File, "unary").Count());
        Assert.Equal(35, Fixture.Cases(File, "pow").Count());
        Assert.Equal(7, Fixture.Cases(File, "dot").Count());
        Assert.Equal(9, Fixture.Cases(File, "sums").Count());
        Assert.Equal("3×3", (Input("col3") + Input("row")).Shape);   // the outer broadcast
    }

    // ---- By hand ---------------------------------------------------------------------------------------------

    [Fact]
    public void SizeAndShape()
    {
        var m = new Matrix(2, 3);
        Assert.Equal(6, m.Size);
        Assert.Equal("2×3", m.Shape);
        Assert.Equal("3×2", m.T.Shape);
        Assert.Equal(0, new Matrix(2, 0).Size);
        Assert.Equal("2×0", new Matrix(2, 0).Shape);
    }

    public static TheoryData<int, int, int, int> MisfitShapes() => new()
    {
        { 2, 3, 3, 1 },   // a 3-row column for a 2-row matrix
        { 2, 3, 2, 2 },   // columns 3 and 2
        { 2, 3, 1, 2 },   // a 2-long row for 3 columns
        { 3, 1, 2, 1 },   // two columns of different lengths
        { 1, 3, 1, 2 },   // two rows of different lengths
        { 2, 3, 3, 2 },   // neither fits
    };

    [Theory]
    [MemberData(nameof(MisfitShapes))]
    public void Elementwise_ShapesThatDoNotFit_ThrowNamingBothShapes(int rowsA, int columnsA, int rowsB, int columnsB)
    {
        Matrix a = Filled(rowsA, columnsA, 1.5), b = Filled(rowsB, columnsB, -2.5);
        string shapeA = $"{rowsA}×{columnsA}", shapeB = $"{rowsB}×{columnsB}";
        foreach (Func<Matrix, Matrix, Matrix> operation in new Func<Matrix, Matrix, Matrix>[] { (x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y })
        {
            foreach ((Matrix x, Matrix y) in new[] { (a, b), (b, a) })
            {
                var error = Assert.Throws<ArgumentException>(() => operation(x, y));
                Assert.Contains(shapeA, error.Message);
                Assert.Contains(shapeB, error.Message);
            }
        }
        Unchanged(Filled(rowsA, columnsA, 1.5), a, "a");
        Unchanged(Filled(rowsB, columnsB, -2.5), b, "b");
    }

    [Fact]
    public void Dot_InnerSizesThatDiffer_ThrowNamingColumnsAndRows()
    {
        Matrix a = Filled(2, 3, 1), b = Filled(2, 3, 2);

        var error = Assert.Throws<ArgumentException>(() => a.Dot(b));

        Assert.Equal("other", error.ParamName);
        Assert.Contains("2×3", error.Message);
        Assert.Contains("3 columns", error.Message);
        Assert.Contains("2 rows", error.Message);
        // The other way round as well: 3×2 by 2×3 fits, 2×3 by 2×3 does not, and 3×1 by 2×1 names 1 column and 2 rows.
        Assert.Equal("3×3", b.T.Dot(a).Shape);
        var column = Assert.Throws<ArgumentException>(() => Filled(3, 1, 1).Dot(Filled(2, 1, 1)));
        Assert.Contains("3×1", column.Message);
        Assert.Contains("2×1", column.Message);
        Assert.Contains("1 columns", column.Message);
        Assert.Contains("2 rows", column.Message);
    }

    [Fact]
    public void Dot_EmptyInnerDimension_GivesZeros()
    {
        // numpy: np.zeros((2, 0)) @ np.zeros((0, 3)) is a 2×3 of zeros (an empty sum is 0).
        Matrix product = new Matrix(2, 0).Dot(new Matrix(0, 3));
        Assert.Equal("2×3", product.Shape);
        Assert.All(product.AsSpan().ToArray(), v => Assert.Equal(0.0, v));

        Assert.Equal("0×3", new Matrix(0, 2).Dot(Filled(2, 3, 1)).Shape);
        Assert.Equal("2×0", Filled(2, 3, 1).Dot(new Matrix(3, 0)).Shape);
    }

    [Fact]
    public void Dot_OneByOne_AndOuterProduct()
    {
        Assert.Equal(-6.0, Filled(1, 1, 2).Dot(Filled(1, 1, -3))[0, 0]);
        Matrix outer = Matrix.FromRows([[1.0], [2.0]]).Dot(Matrix.FromRows([[3.0, -4.0, 5.0]]));
        Exact(Matrix.FromRows([[3.0, -4.0, 5.0], [6.0, -8.0, 10.0]]), outer, "outer");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Sum_AxisOtherThanZeroOrOne_Throws(int axis)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Matrix.Sum(Filled(2, 3, 1), axis));
        Assert.Equal("axis", error.ParamName);
    }

    [Fact]
    public void Sum_OfEmptyMatrices_IsZeros()
    {
        // numpy: np.sum(np.zeros((2, 0)), axis=1, keepdims=True) is [[0], [0]]; axis 0 of a 0×3 is [[0, 0, 0]].
        Exact(new Matrix(2, 1), Matrix.Sum(new Matrix(2, 0), 1), "axis 1 of 2×0");
        Exact(new Matrix(1, 3), Matrix.Sum(new Matrix(0, 3), 0), "axis 0 of 0×3");
        Assert.Equal(0.0, Matrix.Sum(new Matrix(0, 0)));
        Assert.Equal(0.0, Matrix.Norm(new Matrix(0, 4)));
    }

    [Fact]
    public void Pow_OfZero_ToANegativeWholePower_IsInfinity_LikeNumpy()
    {
        // numpy: np.array([0.0, -0.0]) ** p is [inf, inf] for even p, [inf, -inf] for odd p; ** 0 is 1.
        Matrix zeros = Matrix.FromRows([[0.0, -0.0]]);
        foreach (double p in new[] { -2.0, -4.0 })
        {
            Matrix power = Matrix.Pow(zeros, p);
            Assert.Equal(double.PositiveInfinity, power[0, 0]);
            Assert.Equal(double.PositiveInfinity, power[0, 1]);
        }
        foreach (double p in new[] { -1.0, -3.0 })
        {
            Matrix power = Matrix.Pow(zeros, p);
            Assert.Equal(double.PositiveInfinity, power[0, 0]);
            Assert.Equal(double.NegativeInfinity, power[0, 1]);
        }
        Assert.Equal(new[] { 1.0, 1.0 }, Matrix.Pow(zeros, 0).AsSpan().ToArray());
        Assert.Equal(double.PositiveInfinity, (1 / zeros)[0, 0]);
        Assert.Equal(double.NegativeInfinity, (1 / zeros)[0, 1]);
    }

    [Fact]
    public void Pow_FractionalPowerOfANegativeNumber_IsNaN_LikeNumpy()
    {
        // numpy: np.array([-2.0]) ** 0.5 is nan (with a warning); a whole power of it is real.
        Matrix negative = Matrix.FromRows([[-2.0, -0.5]]);
        Assert.All(Matrix.Pow(negative, 0.5).AsSpan().ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(Matrix.Pow(negative, -1.5).AsSpan().ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(new[] { -128.0, -0.0078125 }, Matrix.Pow(negative, 7).AsSpan().ToArray());
        Assert.Equal(new[] { 1.0 / 64, 64.0 }, Matrix.Pow(negative, -6).AsSpan().ToArray());
    }

    [Fact]
    public void Operations_OnEmptyBroadcasts_GiveEmptyResults()
    {
        // numpy: (2, 0) + (2, 1) is (2, 0); (0, 3) + (1, 3) is (0, 3).
        Assert.Equal("2×0", (new Matrix(2, 0) + Filled(2, 1, 1)).Shape);
        Assert.Equal("2×0", (Filled(2, 1, 1) - new Matrix(2, 0)).Shape);
        Assert.Equal("0×3", (new Matrix(0, 3) * Filled(1, 3, 1)).Shape);
    }

    [Fact]
    public void NoOperation_ChangesItsOperands()
    {
        Matrix a = Matrix.FromRows([[0.1, -2.7, 3.0], [-3.1, 0.5, 2.2]]), row = Matrix.FromRows([[-1.1, 2.9, 0.3]]);
        Matrix aBefore = a.Clone(), rowBefore = row.Clone();
        var results = new List<Matrix>
        {
            a + row, row - a, a * row, row / a, a + 1, 1 - a, 2 * a, a / 4, -a, a.T, a.Dot(row.T), row.Dot(a.T),
            Matrix.Exp(a), Matrix.Cosh(a), Matrix.Tanh(a), Matrix.Pow(a, 3), Matrix.Pow(a, -2), Matrix.Pow(a, 0.5),
            Matrix.Pow(a, 7), Matrix.Sum(a, 0), Matrix.Sum(a, 1),
        };
        _ = Matrix.Sum(a);
        _ = Matrix.Norm(a);
        Unchanged(aBefore, a, "a");
        Unchanged(rowBefore, row, "row");
        // And every result is a matrix of its own: writing to it leaves a alone.
        foreach (Matrix result in results) result.AsSpan().Fill(double.NaN);
        Unchanged(aBefore, a, "a after writing the results");
        Unchanged(rowBefore, row, "row after writing the results");
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------

    private static TheoryData<int, string> Indices(string section, Func<JsonElement, string> label)
    {
        var data = new TheoryData<int, string>();
        int i = 0;
        foreach (JsonElement c in Fixture.Cases(File, section)) data.Add(i, $"{section} {i++}: {label(c)}");
        return data;
    }

    private static JsonElement Case(string section, int index) => Fixture.Cases(File, section).ElementAt(index);

    private static string Name(JsonElement c, string property) => c.GetProperty(property).GetString()!;

    private static Matrix Input(string name)
    {
        using JsonDocument document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", File)));
        return Fixture.Matrix(document.RootElement.GetProperty("inputs").GetProperty(name));
    }

    private static Matrix Filled(int rows, int columns, double start)
    {
        var m = new Matrix(rows, columns);
        for (int i = 0; i < m.Size; i++) m.AsSpan()[i] = start + i;
        return m;
    }

    // The same shape and the same numbers, compared with == (so 0.0 and −0.0 agree, as they do in numpy's ==).
    private static void Exact(Matrix expected, Matrix actual, string what)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: {actual.Shape}, numpy {expected.Shape}");
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Assert.True(actual[i, j] == expected[i, j], $"{what} ({i}, {j}): {actual[i, j]:R}, numpy {expected[i, j]:R}");
    }

    // Element by element within tolerance · |expected| (no scale borrowed from larger neighbours).
    private static void Near(Matrix expected, Matrix actual, double tolerance, string what)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: {actual.Shape}, numpy {expected.Shape}");
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
            {
                double e = expected[i, j], a = actual[i, j], error = Math.Abs(a - e) / Math.Abs(e);
                Assert.True(a == e || error <= tolerance,
                    $"{what} ({i}, {j}): {a:R}, numpy {e:R} (relative error {error:E2} > {tolerance:E0})");
            }
    }

    private static void Unchanged(Matrix before, Matrix after, string what)
    {
        Assert.True(before.Shape == after.Shape, $"{what}: its shape changed from {before.Shape} to {after.Shape}");
        Assertions.BitEqual(before.AsSpan(), after.AsSpan(), $"{what} after the operation");
    }
}
