using System.Runtime.Intrinsics;

namespace Backprop.Tests.Activations;

/// <summary>
/// Every activation in float32 against its float64 value rounded to float: the float32 engine's forward and backward
/// steps, vectorised at the machine's widest width with a scalar tail (lengths that are not multiples of a vector).
/// </summary>
public class Float32ActivationTests
{
    private const float MinNormal = 1.17549435e-38f;   // float's least normal number, 2⁻¹²⁶

    public static TheoryData<string> Names() => new(Activation.All.Select(a => a.Name));

    // z over the ranges that matter: small, around the kinks and the saturations, far out, and the edges of exp's range.
    private static float[] Arguments()
    {
        var random = new Random(3);
        IEnumerable<float> spread = Enumerable.Range(0, 997).Select(i => (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-6, 3))));
        return [.. spread, 0f, -0f, 1e-30f, -1e-30f, 20f, -20f, 87f, -87f, 88.5f, -88.5f, 100f, -100f, 1e30f, -1e30f];
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Values_AreTheDoubleOnesToFloatsPrecision(string name)
    {
        Activation f = Activation.FromName(name)!;
        float[] z = Arguments();
        if (!f.IsElementWise) z = z[..10];   // softmax: one sample's outputs, within exp's range
        var a = new float[z.Length];
        f.Apply(z, a);
        var exact = new double[z.Length];
        f.Apply([.. z.Select(v => (double)v)], exact);
        float max = z.Max();
        for (int i = 0; i < z.Length; i++)
        {
            float expected = (float)exact[i];
            // Float arithmetic's own error: σ and tanh (a degree-7 exp, a reciprocal) within 4 ulp of the rounded value,
            // tanh also 2e-7 absolute near 0, where 2σ(2z) − 1 cancels; softmax's z − max rounds in float, an error of
            // |z − max|·2⁻²⁴ in the exponent; results below float's least normal number may be flushed to 0 (σ's
            // clamp at −87, as the double σ's at −708).
            float tolerance = Math.Max(4 * Ulp(expected), name == "tanh" ? 2e-7f : 0f);
            if (name == "softmax") tolerance = Math.Abs(expected) * (4 + Math.Abs(z[i] - max)) * MathF.Pow(2, -23);
            if (Math.Abs(expected) < MinNormal) tolerance = Math.Max(tolerance, MinNormal);
            Assert.True(Math.Abs(a[i] - expected) <= tolerance, $"{name}({z[i]:R}) = {a[i]:R} in float32, {exact[i]:R} in float64");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivatives_AreTheDoubleOnesToFloatsPrecision(string name)
    {
        Activation f = Activation.FromName(name)!;
        if (!f.IsElementWise) return;   // softmax's derivative is a matrix: the losses take it
        float[] z = Arguments();
        var a = new float[z.Length];
        f.Apply(z, a);
        var random = new Random(4);
        float[] delta = [.. z.Select(_ => (float)(random.NextDouble() * 2 - 1))];
        float[] product = (float[])delta.Clone();
        f.MultiplyByDerivative(product, a);
        for (int i = 0; i < z.Length; i++)
        {
            // δ·f'(a) from the same float a, in double, rounded: the float steps round two or three times, and
            // 1 − a² (tanh near ±1) cancels after a² rounds: |δ|·2⁻²³ more.
            float expected = (float)(delta[i] * f.DerivativeFromValue(a[i]));
            float tolerance = 2 * Ulp(expected) + Math.Abs(delta[i]) * MathF.Pow(2, -23);
            Assert.True(Math.Abs(product[i] - expected) <= tolerance, $"{name}: δ = {delta[i]:R}, a = {a[i]:R}: {product[i]:R} vs {expected:R}");
        }
    }

    private static float Ulp(float x) => MathF.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    [Fact]
    public void FloatExp_IsWithinTwoUlpsOfTheCLibrarys_AtEveryWidth()
    {
        if (Vector512.IsHardwareAccelerated) Exp<Width512<float>, Vector512<float>>();
        if (Vector256.IsHardwareAccelerated) Exp<Width256<float>, Vector256<float>>();
        if (Vector128.IsHardwareAccelerated) Exp<Width128<float>, Vector128<float>>();
    }

    private static void Exp<W, V>() where W : struct, IVectorWidth<V, float> where V : struct
    {
        var lanes = new float[W.Lanes];
        for (float x = -87f; x <= 88f; x += 0.0137f)
        {
            W.Store(FastExp.Exp<W, V, float>(W.Broadcast(x)), ref lanes[0]);
            float exact = (float)Math.Exp(x);
            float ulp = MathF.BitIncrement(exact) - exact;
            Assert.All(lanes, value => Assert.True(Math.Abs(value - exact) <= 2 * ulp, $"e^{x:R}: {value:R} vs {exact:R}"));
        }
        W.Store(FastExp.Exp<W, V, float>(W.Broadcast(float.NaN)), ref lanes[0]);
        Assert.All(lanes, value => Assert.True(float.IsNaN(value)));
    }
}
