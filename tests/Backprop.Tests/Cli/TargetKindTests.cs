using System.Globalization;

namespace Backprop.Tests.Cli;

/// <summary>--classes on a column of numbers to predict (most values different) is refused, saying how to choose.</summary>
public sealed class TargetKindTests : TempFolderTest
{
    [Fact]
    public void Classes_OnAColumnOfMostlyDifferentNumbers_IsRefused_SayingItIsARegression()
    {
        // 100 rows whose target is a measurement: 100 different values
        File.WriteAllLines(PathOf("prices.csv"), ["x,label", .. Enumerable.Range(0, 100).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{10 + 3.7 * i}"))]);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("prices.csv"), "--classes", "--no-figure", "--model-out", PathOf("m.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"backprop: {PathOf("prices.csv")}: --classes, but its labels take 100 different values in 100 rows: that is a number to predict, not classes; leave out --classes to train a regression",
            run.Error.Trim());
        Assert.False(File.Exists(PathOf("m.json")));
    }

    [Fact]
    public void Classes_ManyButEachOfMany_AreClasses()
    {
        // 30 classes of 10 rows each: many classes, but not a column of numbers
        File.WriteAllLines(PathOf("many.csv"), ["x,label", .. Enumerable.Range(0, 300).Select(i => $"{i % 30},c{i % 30}")]);

        CliRunner.Run run = CliRunner.InProcess("train", "--data", PathOf("many.csv"), "--classes", "--iterations", "0", "--no-figure", "--quiet", "--model-out", PathOf("m.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(30, ModelFile.Load(PathOf("m.json")).Classes!.Count);
    }
}
