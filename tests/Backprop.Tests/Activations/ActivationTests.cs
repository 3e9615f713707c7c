namespace Backprop.Tests;

public class ActivationTests
{
    public static TheoryData<string> ElementWise() => new("logistic", "tanh", "relu", "identity");

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void Apply_Span_AgreesWithTheScalarFormulaOnEveryLength(string name)
    {
        // Lengths 0 to 70 reach every vector block and tail; the scalar reference is the C library's function.
        Activation f = Activation.FromName(name)!;
        Func<double, double> reference = name switch
        {
            "logistic" => z => 1 / (1 + Math.Exp(-z)),
            "tanh" => Math.Tanh,
            "relu" => z => Math.Max(z, 0),
            _ => z => z,
        };
        var random = new Random(5);
        for (int length = 0; length <= 70; length++)
        {
            double[] z = Enumerable.Range(0, length).Select(_ => random.NextDouble() * 40 - 20).ToArray();
            double[] a = new double[length];
            f.Apply(z, a);
            for (int i = 0; i < length; i++)
                Assert.True(Math.Abs(a[i] - reference(z[i])) <= 1e-15, $"{name}, length {length}: f({z[i]:R}) = {a[i]:R}, expected {reference(z[i]):R}");
        }
    }

    [Theory]
    [InlineData("tanh", 0.5, 0.75)]        // 1 − a², by hand
    [InlineData("relu", 2.0, 1.0)]
    [InlineData("relu", 0.0, 0.0)]         // 0 at z = 0, as PyTorch
    [InlineData("identity", -3.0, 1.0)]
    [InlineData("logistic", 0.5, 0.25)]    // a(1 − a)
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
