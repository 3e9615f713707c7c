namespace Backprop.Tests;

public class DataSetTests
{
    [Fact]
    public void Matrix_ToRows_IsFromRowsInverse_AndACopy()
    {
        double[][] rows = [[1, 2, 3], [4, 5, 6]];
        Matrix m = Matrix.FromRows(rows);

        double[][] back = m.ToRows();
        back[0][0] = 99;

        Assert.Equal([1.0, 2, 3], m.ToRows()[0]);
        Assert.Equal([4.0, 5, 6], back[1]);
        Assert.Equal(2, back.Length);
    }

    [Fact]
    public void Constructor_MismatchedSampleCounts_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new Matrix(1, 5), new Matrix(2, 4)));
        Assert.Contains("5 samples", e.Message);
        Assert.Contains("4", e.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Constructor_NonFiniteTarget_ThrowsNamingTheSample(double bad)
    {
        var targets = new Matrix(2, 4);
        targets[1, 2] = bad;
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new Matrix(1, 4), targets));
        Assert.Contains("target 2 of sample 3", e.Message);
    }

    [Fact]
    public void Constructor_NaNInput_Throws()
    {
        var inputs = new Matrix(1, 4);
        inputs[0, 0] = double.NaN;
        var e = Assert.Throws<ArgumentException>(() => new DataSet(inputs, new Matrix(2, 4)));
        Assert.Contains("input 1 of sample 1", e.Message);
    }

    [Fact]
    public void Constructor_NoSamples_Throws() =>
        Assert.Throws<ArgumentException>(() => new DataSet(new Matrix(1, 0), new Matrix(2, 0)));

    [Fact]
    public void NetworkForward_WrongInputRows_ThrowsNamingTheSizes()
    {
        var network = Network.CreateRandom([2, 3, 1], new NumpyRandom(1));
        var e = Assert.Throws<ArgumentException>(() => network.Forward(new Matrix(3, 4)));
        Assert.Contains("3 rows", e.Message);
        Assert.Contains("takes 2", e.Message);
    }

    [Fact]
    public void NetworkConstructor_InconsistentLayers_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Network([new Layer(1, 6), new Layer(5, 2)]));
        Assert.Contains("layer 2 takes 5 inputs but layer 1 has 6 neurons", e.Message);
    }

    [Fact]
    public void CreateRandom_TooFewOrEmptyLayers_Throws()
    {
        Assert.Throws<ArgumentException>(() => Network.CreateRandom([3], new NumpyRandom(1)));
        Assert.Throws<ArgumentException>(() => Network.CreateRandom([1, 0, 2], new NumpyRandom(1)));
    }
}
