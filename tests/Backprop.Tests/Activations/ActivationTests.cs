namespace Backprop.Tests;

public class ActivationTests
{
    public static TheoryData<string> ElementWise() => new(Activation.All.Where(a => a.IsElementWise).Select(a => a.Name));

    // Each activation's formula, written here from its definition (PyTorch's), with the C library's functions: an
    // activation added without one fails every test below.
    private static readonly Dictionary<string, Func<double, double>> References = new()
    {
        ["logistic"] = z => 1 / (1 + Math.Exp(-z)),
        ["tanh"] = Math.Tanh,
        ["relu"] = z => Math.Max(z, 0),
        ["leaky-relu"] = z => z > 0 ? z : 0.01 * z,
        ["softplus"] = z => z > 30 ? z + Math.Exp(-z) : Math.Log(1 + Math.Exp(z)),
        ["identity"] = z => z,
    };

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void Apply_Span_AgreesWithTheScalarFormulaOnEveryLength(string name)
    {
        // Lengths 0 to 70 reach every vector block and tail; the scalar reference is the C library's function.
        Activation f = Activation.FromName(name)!;
        Func<double, double> reference = References[name];
        var random = new Random(5);
        for (int length = 0; length <= 70; length++)
        {
            double[] z = Enumerable.Range(0, length).Select(_ => random.NextDouble() * 40 - 20).ToArray();
            double[] a = new double[length];
            f.Apply(z, a);
            for (int i = 0; i < length; i++)
                Assert.True(Math.Abs(a[i] - reference(z[i])) <= 1e-15 * Math.Max(1, Math.Abs(a[i])), $"{name}, length {length}: f({z[i]:R}) = {a[i]:R}, expected {reference(z[i]):R}");
        }
    }

    [Theory]
    [InlineData("tanh", 0.5, 0.75)]        // 1 − a², by hand
    [InlineData("relu", 2.0, 1.0)]
    [InlineData("relu", 0.0, 0.0)]         // 0 at z = 0, as PyTorch
    [InlineData("identity", -3.0, 1.0)]
    [InlineData("logistic", 0.5, 0.25)]    // a(1 − a)
    [InlineData("leaky-relu", 3.0, 1.0)]
    [InlineData("leaky-relu", -0.05, 0.01)] // the negative slope, PyTorch's default
    [InlineData("leaky-relu", 0.0, 0.01)]  // at z = 0 too, as PyTorch
    [InlineData("softplus", 0.69314718055994531, 0.5)]   // a = log 2 at z = 0, where σ(0) = ½
    public void DerivativeFromValue_MatchesHandCalculation(string name, double a, double expected) =>
        Assert.Equal(expected, Activation.FromName(name)!.DerivativeFromValue(a));

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void DerivativeFromValue_AgreesWithFiniteDifferences(string name)
    {
        Activation f = Activation.FromName(name)!;
        double[] one = new double[1];
        double F(double z) { f.Apply([z], one); return one[0]; }
        foreach (double z in new[] { -3.1, -0.7, 0.2, 1.3, 4.0 })
        {
            double numeric = (F(z + 1e-6) - F(z - 1e-6)) / 2e-6;
            Assert.True(Math.Abs(numeric - f.DerivativeFromValue(F(z))) <= 1e-8, $"{name}'({z})");
        }
    }

    [Theory]
    [InlineData(-40.0)]
    [InlineData(-700.0)]
    [InlineData(36.0)]
    [InlineData(700.0)]
    public void Softplus_FarFromZero_KeepsItsDigits(double z)
    {
        // log(1 + e^z): e^z itself for very negative z (where 1 + e^z rounds to 1), z + e^−z for large z.
        double[] a = new double[1];
        Activation.Softplus.Apply([z], a);
        double expected = z < 0 ? Math.Exp(z) : z + Math.Exp(-z);
        Assert.True(Math.Abs(a[0] - expected) <= 1e-15 * Math.Abs(expected), $"softplus({z}) = {a[0]:R}, expected {expected:R}");
        Assert.True(Math.Abs(Activation.Softplus.DerivativeFromValue(a[0]) - 1 / (1 + Math.Exp(-z))) <= 1e-15, $"σ({z}) from its softplus");
    }

    [Fact]
    public void Softmax_LargeWeightedSums_StaysFiniteAndSumsToOne()
    {
        // e^1000 overflows; subtracting the largest z first keeps it finite. By hand: softmax(1000, 1000, 0) = (½, ½, e^−1000/2 → 0).
        double[] a = new double[3];
        Activation.Softmax.Apply([1000.0, 1000.0, 0.0], a);
        Assert.Equal([0.5, 0.5, 0.0], a);
    }

    [Fact]
    public void Network_SoftmaxBeforeTheOutputLayer_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Network([new Layer(2, 3, Activation.Softmax), new Layer(3, 2)]));
        Assert.Contains("layer 1 is softmax", error.Message);
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("identity")]
    public void Network_CrossEntropyWithoutLogisticOrSoftmaxOutput_IsRefused(string output)
    {
        var error = Assert.Throws<ArgumentException>(() => new Network([new Layer(2, 3, Activation.FromName(output))], Loss.CrossEntropy));
        Assert.Contains("needs a logistic or softmax output", error.Message);
    }
}
