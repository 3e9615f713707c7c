using Backprop.Tests.Support;

namespace Backprop.Tests;

public class HeartDataTests
{
    public static TheoryData<int> Points() => new(Fixture.Cases("heart.json").Select(c => c.GetProperty("points").GetInt32()));

    [Theory]
    [MemberData(nameof(Points))]
    public void Create_MatchesWorksheetTrainingDataBitForBit(int points)
    {
        var expected = Fixture.Cases("heart.json").Single(c => c.GetProperty("points").GetInt32() == points);
        DataSet data = HeartData.Create(points);
        Assert.Equal(1, data.InputSize);
        Assert.Equal(2, data.OutputSize);
        Assertions.BitEqual(Fixture.Matrix(expected.GetProperty("x")).AsSpan(), data.Inputs.AsSpan(), "x");
        Assertions.BitEqual(Fixture.Matrix(expected.GetProperty("y")).AsSpan(), data.Targets.AsSpan(), "y");
    }

    [Fact]
    public void Create_FirstPoint_IsTheHeartsTopCentre()
    {
        // By hand: at x = 0, y1 = 16·sin³(0) = 0 and y2 = 13 − 5 − 2 − 1 = 5; /20 and (y + 1)/2 give (0.5, 0.625).
        DataSet data = HeartData.Create(4);
        Assert.Equal(0.5, data.Targets[0, 0]);
        Assert.Equal(0.625, data.Targets[1, 0]);
        Assert.Equal([0, 0.25, 0.5, 0.75], data.Inputs.Row(0).ToArray());
    }

    [Fact]
    public void Create_ZeroPoints_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => HeartData.Create(0));
}
