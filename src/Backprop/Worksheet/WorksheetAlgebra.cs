using static Backprop.Matrix;

namespace Backprop;

/// <summary>
/// The worksheet's equations in matrix form at one network and one data set, written as a learner would write them, and
/// each of the learner's likely slips beside them: the candidates a wrong Jacobian is compared with to say what went wrong.
/// </summary>
/// <remarks>
/// Layer n = 1, 2, 3; a⁽⁰⁾ = x. Forward: z⁽ⁿ⁾ = W⁽ⁿ⁾ a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾, a⁽ⁿ⁾ = σ(z⁽ⁿ⁾). Backward, for the summed cost N·C:
/// δ⁽³⁾ = 2 (a⁽³⁾ − y) ⊙ σ′(z⁽³⁾), δ⁽ⁿ⁾ = (W⁽ⁿ⁺¹⁾ᵀ δ⁽ⁿ⁺¹⁾) ⊙ σ′(z⁽ⁿ⁾). Then ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ a⁽ⁿ⁻¹⁾ᵀ / N and
/// ∂C/∂b⁽ⁿ⁾ = Σ_samples δ⁽ⁿ⁾ / N.
/// </remarks>
internal sealed class WorksheetAlgebra
{
    private readonly Matrix[] _W, _z, _a;
    private readonly Matrix _y;

    public WorksheetAlgebra(WorksheetParameters p, Matrix x, Matrix y)
    {
        _W = [null!, p.W1, p.W2, p.W3];
        Matrix[] b = [null!, p.B1, p.B2, p.B3];
        _z = new Matrix[4];
        _a = new Matrix[4];
        _a[0] = x;
        for (int n = 1; n <= 3; n++)
        {
            _z[n] = _W[n].Dot(_a[n - 1]) + b[n];
            _a[n] = σ(_z[n]);
        }
        _y = y;
        N = x.Columns;
    }

    /// <summary>The number of samples.</summary>
    public int N { get; }

    /// <summary>a⁽ⁿ⁾, n = 0 … 3.</summary>
    public Matrix A(int n) => _a[n];

    /// <summary>z⁽ⁿ⁾, n = 1 … 3.</summary>
    public Matrix Z(int n) => _z[n];

    /// <summary>
    /// δ⁽ⁿ⁾ as written, or with one slip at layer <paramref name="slipAt"/>: σ′(z) left out (<paramref name="slip"/> Omitted),
    /// σ(z) in its place (Sigma), or σ′ taken at a instead of z (OfActivation).
    /// </summary>
    public Matrix Delta(int n, int slipAt = 0, DerivativeSlip slip = DerivativeSlip.None)
    {
        Matrix Derivative(int m) => m != slipAt ? dσ(_z[m]) : slip switch
        {
            DerivativeSlip.Omitted => Ones(_z[m]),
            DerivativeSlip.Sigma => σ(_z[m]),
            _ => dσ(_a[m]),
        };
        Matrix delta = 2 * (_a[3] - _y) * Derivative(3);
        for (int m = 2; m >= n; m--) delta = _W[m + 1].T.Dot(delta) * Derivative(m);
        return delta;
    }

    public static Matrix σ(Matrix z) => 1 / (1 + Exp(-z));

    public static Matrix dσ(Matrix z) => Pow(Cosh(z / 2), -2) / 4;

    private static Matrix Ones(Matrix z) => z * 0 + 1;
}

/// <summary>A slip in the derivative of one layer's activation.</summary>
internal enum DerivativeSlip { None, Omitted, Sigma, OfActivation }
