using Backprop.Tests.Cli;

namespace Backprop.Tests.Data;

public class BuiltInDataTests
{
    [Fact]
    public void Heart_WithoutNoise_IsTheWorksheetsExactly()
    {
        DataSet heart = BuiltInData.Create("heart", 100);
        Assert.Equal(HeartData.Create(100).Targets.AsSpan().ToArray(), heart.Targets.AsSpan().ToArray());
        Assert.Equal(HeartData.Create(100).Inputs.AsSpan().ToArray(), heart.Inputs.AsSpan().ToArray());
    }

    [Theory]
    [InlineData("sine", 0.05)]
    [InlineData("heart", 0.1)]
    public void Curve_WithNoise_MovesTheTargetsByAGaussianOfThatSize_NotTheInputs(string name, double noise)
    {
        DataSet exact = BuiltInData.Create(name, 4000, noise: 0), noisy = BuiltInData.Create(name, 4000, noise);
        Assert.Equal(exact.Inputs.AsSpan().ToArray(), noisy.Inputs.AsSpan().ToArray());
        double[] moved = [.. exact.Targets.AsSpan().ToArray().Zip(noisy.Targets.AsSpan().ToArray(), (a, b) => b - a)];
        double mean = moved.Average(), sd = Math.Sqrt(moved.Select(d => (d - mean) * (d - mean)).Average());
        Assert.InRange(mean, -4 * noise / Math.Sqrt(moved.Length), 4 * noise / Math.Sqrt(moved.Length));
        Assert.InRange(sd, 0.95 * noise, 1.05 * noise);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(7)]
    public void Spiral_IsTwoArmsOfAlternateClasses_WindingOutToRadiusOne(int points)
    {
        DataSet spiral = BuiltInData.Create("spiral", points);
        Assert.Equal((2, 1, points), (spiral.InputSize, spiral.OutputSize, spiral.Count));
        for (int s = 0; s < points; s++)
        {
            Assert.Equal(s % 2 == 0 ? 1 : 0, spiral.Targets[0, s]);
            double r = Math.Sqrt(spiral.Inputs[0, s] * spiral.Inputs[0, s] + spiral.Inputs[1, s] * spiral.Inputs[1, s]);
            Assert.InRange(r, 0, 1);
            if (s >= 2) Assert.True(r > Math.Sqrt(spiral.Inputs[0, s - 2] * spiral.Inputs[0, s - 2] + spiral.Inputs[1, s - 2] * spiral.Inputs[1, s - 2]), "each arm winds outward");
        }
        // with as many samples in each arm, the second is the first turned by π: the same radius, the opposite point
        if (points % 2 == 1) return;
        Assert.Equal(-spiral.Inputs[0, 2], spiral.Inputs[0, 3], 12);
        Assert.Equal(-spiral.Inputs[1, 2], spiral.Inputs[1, 3], 12);
    }

    [Fact]
    public void TwoClassSets_AreTheSameDrawsAtAnyNoise_SoNoiseOnlyBlurs()
    {
        DataSet clean = BuiltInData.Create("moons", 50, noise: 0), blurred = BuiltInData.Create("moons", 50, noise: 0.3);
        Assert.Equal(clean.Targets.AsSpan().ToArray(), blurred.Targets.AsSpan().ToArray());
        Assert.NotEqual(clean.Inputs.AsSpan().ToArray(), blurred.Inputs.AsSpan().ToArray());
        Assert.Equal(BuiltInData.Create("moons", 50).Inputs.AsSpan().ToArray(), BuiltInData.Create("moons", 50, noise: 0.1).Inputs.AsSpan().ToArray());
        Assert.NotEqual(BuiltInData.Create("xor", 20).Inputs.AsSpan().ToArray(), BuiltInData.Create("xor", 20, seed: 7).Inputs.AsSpan().ToArray());
    }

    [Fact]
    public void UnknownName_OrBadNoise_IsRefused()
    {
        Assert.Contains("spiral", Assert.Throws<ArgumentException>(() => BuiltInData.Create("spirals", 10)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltInData.Create("moons", 10, noise: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltInData.Create("moons", 10, noise: double.NaN));
    }
}

public class DataCommandTests : TempFolderTest
{
    [Theory]
    [InlineData("spiral", "--noise", "0.02", "--seed", "5")]
    [InlineData("circles")]
    [InlineData("bump", "--noise", "0.1")]
    public void Data_WritesTheSetAsCsv_TheSamePointsTheLibraryMakes(string name, params string[] options)
    {
        CliRunner.Run run = CliRunner.InProcess(["data", name, "--points", "9", .. options, "--out", PathOf("d.csv")]);

        Assert.True(run.ExitCode == 0, run.Error);
        double? noise = options.Contains("--noise") ? double.Parse(options[Array.IndexOf(options, "--noise") + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
        uint seed = options.Contains("--seed") ? uint.Parse(options[Array.IndexOf(options, "--seed") + 1], System.Globalization.CultureInfo.InvariantCulture) : BuiltInData.DefaultSeed;
        DataSet expected = BuiltInData.Create(name, 9, noise, seed);
        DataSet written = DataFile.Load(PathOf("d.csv"), expected.InputSize);
        Assert.Equal(expected.Inputs.AsSpan().ToArray(), written.Inputs.AsSpan().ToArray());
        Assert.Equal(expected.Targets.AsSpan().ToArray(), written.Targets.AsSpan().ToArray());
    }

    [Fact]
    public void Data_WithANegativeNoise_FailsInOneLine_WritingNothing()
    {
        CliRunner.Run run = CliRunner.InProcess("data", "moons", "--noise", "-0.5", "--out", PathOf("d.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["backprop: --noise must be 0 or more (a standard deviation), not -0.5"], run.ErrorLines);
        Assert.False(File.Exists(PathOf("d.csv")));
    }
}
