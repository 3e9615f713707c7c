using System.Numerics.Tensors;

namespace Backprop;

/// <summary>
/// Arithmetic that reads like numpy's on 2-D arrays, so the worksheet's cells can be written line for line in C#:
/// <c>W1.Dot(a0) + b1</c> for <c>W1 @ a0 + b1</c>, <c>2 * (a3 - y) * dσ(z3)</c> element by element, <c>a2.T</c>,
/// <c>Sum(J, axis: 1)</c> for <c>np.sum(J, axis=1, keepdims=True)</c>.
/// </summary>
/// <remarks>
/// <para><c>+ − * /</c> work element by element, as numpy's do (the matrix product is <see cref="Dot"/>, numpy's
/// <c>@</c>, which C# cannot spell). Two shapes fit when, in rows and in columns alike, they are equal or one of them is
/// 1: a column (n × 1) is repeated across the samples, a row (1 × N) down the neurons, a 1 × 1 everywhere; numpy calls
/// this broadcasting. A number on either side acts on every element.</para>
/// <para>Every operation returns a new matrix and leaves its operands alone. They are for reading and teaching: the
/// library's training runs on its own kernels, which allocate nothing.</para>
/// </remarks>
public sealed partial class Matrix
{
    private enum Operation { Add, Subtract, Multiply, Divide }

    /// <summary>The number of elements, rows × columns (numpy's <c>size</c>).</summary>
    public int Size => _values.Length;

    /// <summary>The shape as it is written in messages, rows × columns: <c>2×100</c>.</summary>
    public string Shape => $"{Rows}×{Columns}";

    /// <summary>The transpose, a new matrix: element (j, i) is this one's (i, j) (numpy's <c>.T</c>).</summary>
    public Matrix T
    {
        get
        {
            Matrix transpose = Uninitialized(Columns, Rows);
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Columns; j++) transpose._values[j * Rows + i] = _values[i * Columns + j];
            return transpose;
        }
    }

    /// <summary>The matrix product A·B, numpy's <c>A @ B</c>: element (i, j) is Σₖ A(i, k) B(k, j).</summary>
    /// <exception cref="ArgumentException">This matrix's columns differ in number from <paramref name="other"/>'s rows.</exception>
    public Matrix Dot(Matrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Columns != other.Rows)
            throw new ArgumentException($"cannot multiply a {Shape} matrix by a {other.Shape} one: the first's {Columns} columns must match the second's {other.Rows} rows", nameof(other));
        if (Columns == 0) return new Matrix(Rows, other.Columns);
        Matrix product = Uninitialized(Rows, other.Columns);
        for (int i = 0; i < Rows; i++)
        {
            Span<double> row = product.Row(i);
            TensorPrimitives.Multiply(other.Row(0), _values[i * Columns], row);
            for (int k = 1; k < Columns; k++)
                TensorPrimitives.MultiplyAdd(other.Row(k), _values[i * Columns + k], row, row);   // row += A(i, k) · B(k, :)
        }
        return product;
    }

    /// <summary>Element by element a + b, a column or row repeated to fit (numpy's broadcasting).</summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Matrix operator +(Matrix a, Matrix b) => Combine(a, b, Operation.Add);

    /// <summary>Element by element a − b, a column or row repeated to fit.</summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Matrix operator -(Matrix a, Matrix b) => Combine(a, b, Operation.Subtract);

    /// <summary>Element by element a · b (the Hadamard product, numpy's <c>*</c>; the matrix product is <see cref="Dot"/>).</summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Matrix operator *(Matrix a, Matrix b) => Combine(a, b, Operation.Multiply);

    /// <summary>Element by element a / b, a column or row repeated to fit.</summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static Matrix operator /(Matrix a, Matrix b) => Combine(a, b, Operation.Divide);

    /// <summary>a + s for every element a.</summary>
    public static Matrix operator +(Matrix a, double s) => Map(a, s, Operation.Add, numberFirst: false);

    /// <summary>s + a for every element a.</summary>
    public static Matrix operator +(double s, Matrix a) => Map(a, s, Operation.Add, numberFirst: true);

    /// <summary>a − s for every element a.</summary>
    public static Matrix operator -(Matrix a, double s) => Map(a, s, Operation.Subtract, numberFirst: false);

    /// <summary>s − a for every element a.</summary>
    public static Matrix operator -(double s, Matrix a) => Map(a, s, Operation.Subtract, numberFirst: true);

    /// <summary>a · s for every element a.</summary>
    public static Matrix operator *(Matrix a, double s) => Map(a, s, Operation.Multiply, numberFirst: false);

    /// <summary>s · a for every element a.</summary>
    public static Matrix operator *(double s, Matrix a) => Map(a, s, Operation.Multiply, numberFirst: true);

    /// <summary>a / s for every element a.</summary>
    public static Matrix operator /(Matrix a, double s) => Map(a, s, Operation.Divide, numberFirst: false);

    /// <summary>s / a for every element a.</summary>
    public static Matrix operator /(double s, Matrix a) => Map(a, s, Operation.Divide, numberFirst: true);

    /// <summary>−a for every element a.</summary>
    public static Matrix operator -(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Matrix result = Uninitialized(a.Rows, a.Columns);
        TensorPrimitives.Negate(a._values, result._values);
        return result;
    }

    private static Matrix Map(Matrix a, double s, Operation operation, bool numberFirst)
    {
        ArgumentNullException.ThrowIfNull(a);
        Matrix result = Uninitialized(a.Rows, a.Columns);
        Apply(operation, a._values, s, result._values, numberFirst);
        return result;
    }

    // Each row of the result from a row of a and a row of b, either of which may be one value repeated (a column's).
    private static Matrix Combine(Matrix a, Matrix b, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int rows = Fit(a.Rows, b.Rows), columns = Fit(a.Columns, b.Columns);
        if (rows < 0 || columns < 0)
            throw new ArgumentException($"cannot {Verb(operation)} a {a.Shape} and a {b.Shape} matrix: in rows and in columns alike, the sizes must be equal or one of them 1 (a column repeats across the samples, a row down the neurons)");
        Matrix result = Uninitialized(rows, columns);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> x = a.Row(a.Rows == 1 ? 0 : i), y = b.Row(b.Rows == 1 ? 0 : i);
            Span<double> to = result.Row(i);
            if (x.Length == y.Length) Apply(operation, x, y, to);
            else if (y.Length == 1) Apply(operation, x, y[0], to, numberFirst: false);
            else Apply(operation, y, x[0], to, numberFirst: true);
        }
        return result;
    }

    // A result every element of which is written next: its memory is not cleared first (the worksheet's loop makes
    // millions of these; clearing them took a third of its time).
    private static Matrix Uninitialized(int rows, int columns) => new(rows, columns, GC.AllocateUninitializedArray<double>(checked(rows * columns)));

    private static int Fit(int m, int n) => m == n || n == 1 ? m : m == 1 ? n : -1;

    private static string Verb(Operation operation) => operation switch
    {
        Operation.Add => "add",
        Operation.Subtract => "subtract",
        Operation.Multiply => "multiply element by element",
        _ => "divide element by element",
    };

    private static void Apply(Operation operation, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> to)
    {
        switch (operation)
        {
            case Operation.Add: TensorPrimitives.Add(x, y, to); break;
            case Operation.Subtract: TensorPrimitives.Subtract(x, y, to); break;
            case Operation.Multiply: TensorPrimitives.Multiply(x, y, to); break;
            default: TensorPrimitives.Divide(x, y, to); break;
        }
    }

    // x ∘ s, or s ∘ x when the number comes first.
    private static void Apply(Operation operation, ReadOnlySpan<double> x, double s, Span<double> to, bool numberFirst)
    {
        switch (operation)
        {
            case Operation.Add: TensorPrimitives.Add(x, s, to); break;
            case Operation.Multiply: TensorPrimitives.Multiply(x, s, to); break;
            case Operation.Subtract when numberFirst: TensorPrimitives.Subtract(s, x, to); break;
            case Operation.Subtract: TensorPrimitives.Subtract(x, s, to); break;
            case Operation.Divide when numberFirst: TensorPrimitives.Divide(s, x, to); break;
            default: TensorPrimitives.Divide(x, s, to); break;
        }
    }
}
