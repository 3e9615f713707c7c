namespace Backprop;

/// <summary>
/// The softplus activation log(1 + e^z), a smooth relu, and its derivative σ(z), side by side.
/// </summary>
/// <remarks>
/// Computed as max(z, 0) + log(1 + e^(−|z|)), which neither overflows nor loses the small values of very negative z.
/// This is ONNX's Softplus and PyTorch's with β = 1, without PyTorch's switch to z itself above z = 20 (where the two
/// differ by less than 2.1e-9). The derivative σ(z) is read from a = f(z): σ(z) = 1 − e^(−a) = 2t / (1 + t) with
/// t = tanh(a/2), a form with no cancellation for small a.
/// </remarks>
internal sealed class SoftplusActivation() : Activation("softplus", "log(1 + e^z): a smooth relu, above 0", 0, double.PositiveInfinity, "0 or more")
{
    /// <summary>Compute log(1 + e^z) as max(z, 0) + log(1 + e^(−|z|)).</summary>
    public static double Value(double z) => Math.Max(z, 0) + LogOnePlus(Math.Exp(-Math.Abs(z)));

    /// <summary>Compute softplus'(z) = σ(z) from a = softplus(z), as 2t / (1 + t), t = tanh(a/2).</summary>
    public override double DerivativeFromValue(double a)
    {
        double t = Math.Tanh(a / 2);
        return 2 * t / (1 + t);
    }

    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a)
    {
        for (int i = 0; i < z.Length; i++) a[i] = Value(z[i]);
    }

    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] *= DerivativeFromValue(a[i]);
    }

    // float32: the double value rounded (a scalar loop either way; more exact than float arithmetic).
    private protected override void Compute(ReadOnlySpan<float> z, Span<float> a)
    {
        for (int i = 0; i < z.Length; i++) a[i] = (float)Value(z[i]);
    }

    internal override void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a)
    {
        for (int i = 0; i < delta.Length; i++) delta[i] = (float)(delta[i] * DerivativeFromValue(a[i]));
    }

    // ONNX's Softplus; in float64 as relu(z) + log(1 + e^(−|z|)), as ONNX Runtime has Softplus for float32 only.
    internal override void AddToOnnx(OnnxGraph graph, string z, string a)
    {
        if (graph.Precision == Precision.Float32)
        {
            graph.Node("Softplus", [z], a);
            return;
        }
        string e = graph.Node("Exp", [graph.Node("Neg", [graph.Node("Abs", [z], $"{a}_abs")], $"{a}_neg")], $"{a}_exp");
        string log = graph.Node("Log", [graph.Node("Add", [e, graph.Scalar($"{a}_one", 1)], $"{a}_sum")], $"{a}_log");
        graph.Node("Add", [graph.Node("Relu", [z], $"{a}_relu"), log], a);
    }

    // log(1 + x) for 0 ≤ x ≤ 1, exact also for tiny x (where 1 + x rounds): log(u) · x / (u − 1) with u = 1 + x.
    private static double LogOnePlus(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
