namespace Backprop;

/// <summary>
/// The likely mistakes in a worksheet Jacobian, each computed from the equations with that one slip (or two: a slip in
/// the chain and a missing constant), so that a wrong matrix can be named by the one it equals.
/// </summary>
internal static class JacobianMistakes
{
    private sealed record Mistake(string Description, Func<WorksheetAlgebra, Matrix> Compute);

    // Constant factors a Jacobian can be off by, as a learner slips: each with what it means.
    private static readonly (Func<int, double> Factor, string Description)[] Constants =
    [
        (N => N, "a missing 1/N (divide by x.Size: C is the mean over the samples)"),
        (_ => 0.5, "a missing 2 (∂C/∂a⁽³⁾ = 2 (a⁽³⁾ − y)), or a division by y.Size (2N) where x.Size (N) belongs"),
        (N => N / 2.0, "a missing 2 and a missing 1/N"),
        (_ => -1, "the sign of a⁽³⁾ − y turned round (y − a⁽³⁾)"),
        (_ => -0.5, "the sign of a⁽³⁾ − y turned round (y − a⁽³⁾) and a missing 2"),
        (N => 1.0 / N, "a division by N twice"),
    ];

    /// <summary>The description of the first mistake that equals the learner's matrix on every network, or null.</summary>
    public static string? Diagnose(WorksheetJacobian j, IReadOnlyList<WorksheetAlgebra> networks, IReadOnlyList<Matrix> got)
    {
        List<Mistake> chain = [.. ChainSlips(j)];
        IEnumerable<Mistake> candidates = Constants.Select(k => new Mistake(k.Description, w => Correct(j, w) * k.Factor(w.N)))
            .Concat(chain)
            .Concat(chain.SelectMany(m => Constants.Select(k => new Mistake($"{m.Description}, and {k.Description}", w => m.Compute(w) * k.Factor(w.N)))));
        return candidates.FirstOrDefault(m => Fits(m, networks, got))?.Description;
    }

    private static bool Fits(Mistake mistake, IReadOnlyList<WorksheetAlgebra> networks, IReadOnlyList<Matrix> got)
    {
        for (int k = 0; k < networks.Count; k++)
        {
            Matrix candidate, actual = got[k];
            try
            {
                candidate = mistake.Compute(networks[k]);
            }
            catch (ArgumentException)
            {
                return false;
            }
            if (actual is null || candidate.Rows != actual.Rows || candidate.Columns != actual.Columns) return false;
            double scale = JacobianCheck.MaxAbs(candidate), difference = 0;
            for (int i = 0; i < candidate.Size; i++) difference = Math.Max(difference, Math.Abs(candidate.AsSpan()[i] - actual.AsSpan()[i]));
            if (!(difference <= 1e-7 * scale) || scale == 0) return false;
        }
        return true;
    }

    // ∂C/∂W⁽ⁿ⁾ = δ⁽ⁿ⁾ a⁽ⁿ⁻¹⁾ᵀ / N, ∂C/∂b⁽ⁿ⁾ = Σ_samples δ⁽ⁿ⁾ / N
    private static Matrix Correct(WorksheetJacobian j, WorksheetAlgebra w) => j.IsWeights
        ? w.Delta(j.Layer).Dot(w.A(j.Layer - 1).T) / w.N
        : Matrix.Sum(w.Delta(j.Layer), axis: 1) / w.N;

    private static IEnumerable<Mistake> ChainSlips(WorksheetJacobian j)
    {
        int n = j.Layer;
        Matrix Finish(WorksheetAlgebra w, Matrix delta) => j.IsWeights ? delta.Dot(w.A(n - 1).T) / w.N : Matrix.Sum(delta, axis: 1) / w.N;
        for (int m = 3; m >= n; m--)
        {
            int layer = m;
            yield return new($"a missing σ′(z⁽{Superscript(layer)}⁾) factor (layer {layer})", w => Finish(w, w.Delta(n, layer, DerivativeSlip.Omitted)));
            yield return new($"σ(z⁽{Superscript(layer)}⁾) where its derivative σ′(z⁽{Superscript(layer)}⁾) belongs (layer {layer})", w => Finish(w, w.Delta(n, layer, DerivativeSlip.Sigma)));
            yield return new($"σ′(a⁽{Superscript(layer)}⁾) where σ′(z⁽{Superscript(layer)}⁾) belongs: the derivative at the activations, not the weighted sums (layer {layer})",
                w => Finish(w, w.Delta(n, layer, DerivativeSlip.OfActivation)));
        }
        if (j.IsWeights)
        {
            string right = $"a⁽{Superscript(n - 1)}⁾";
            for (int k = 0; k <= 3; k++)
            {
                int layer = k;
                if (k != n - 1) yield return new($"the wrong layer's activations: a⁽{Superscript(k)}⁾ where {right} belongs", w => w.Delta(n).Dot(w.A(layer).T) / w.N);
                if (k >= 1) yield return new($"the weighted sums z⁽{Superscript(k)}⁾ where the activations {right} belong", w => w.Delta(n).Dot(w.Z(layer).T) / w.N);
            }
            yield return new($"a transposed product: ∂C/∂W⁽{Superscript(n)}⁾ is shaped as W{n}, δ⁽{Superscript(n)}⁾ {right}ᵀ (J @ a{n - 1}.T, here J.Dot(a{n - 1}.T)), not its transpose",
                w => Correct(j, w).T);
        }
        else
        {
            yield return new("the bias summed over the wrong axis: over the neurons (axis 0) where the samples (axis 1) belong",
                w => Matrix.Sum(w.Delta(n), axis: 0) / w.N);
            yield return new("the bias not summed over the samples (Sum(J, axis: 1) makes the n × 1 column)", w => w.Delta(n) / w.N);
            yield return new("the bias summed over everything, neurons and samples, where only the samples (axis 1) belong",
                w => new Matrix(1, 1) + Matrix.Sum(w.Delta(n)) / w.N);
        }
    }

    private static string Superscript(int n) => "⁰¹²³"[n].ToString();
}
