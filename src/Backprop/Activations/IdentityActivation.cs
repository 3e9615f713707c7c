namespace Backprop;

/// <summary>The identity, a = z, of a linear layer: its derivative is 1.</summary>
internal sealed class IdentityActivation() : Activation("identity", "z itself: a linear layer, any number", double.NegativeInfinity, double.PositiveInfinity, "any number")
{
    public override double DerivativeFromValue(double a) => 1;

    private protected override void Compute(ReadOnlySpan<double> z, Span<double> a) => z.CopyTo(a);

    internal override void MultiplyByDerivative(Span<double> delta, ReadOnlySpan<double> a) { }   // δ ⊙ 1

    internal override void ApplyToTile(Span<double> tile, int width, int neurons) { }

    private protected override void Compute(ReadOnlySpan<float> z, Span<float> a) => z.CopyTo(a);

    internal override void MultiplyByDerivative(Span<float> delta, ReadOnlySpan<float> a) { }

    internal override void ApplyToTile(Span<float> tile, int width, int neurons) { }

    internal override void AddToOnnx(OnnxGraph graph, string z, string a) => graph.Node("Identity", [z], a);
}
