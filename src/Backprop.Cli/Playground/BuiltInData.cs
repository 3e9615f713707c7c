namespace Backprop.Cli.Playground;

/// <summary>
/// The playground's built-in data sets: the worksheet's heart, two curves of one input, and three two-class sets of
/// two inputs (as TensorFlow Playground offers them). Each is drawn from its own fixed generator, so changing the
/// seed changes the network's start, not the data.
/// </summary>
internal static class BuiltInData
{
    /// <summary>The names the page offers, the heart first.</summary>
    public static readonly string[] Names = ["heart", "sine", "bump", "moons", "circles", "xor"];

    /// <summary>The data set called <paramref name="name"/> with <paramref name="points"/> samples.</summary>
    public static DataSet Create(string name, int points) => name switch
    {
        "heart" => HeartData.Create(points),
        "sine" => Curve(points, x => 0.5 + 0.4 * Math.Sin(2 * Math.PI * x)),
        "bump" => Curve(points, x => Math.Exp(-Math.Pow((x - 0.5) / 0.15, 2))),
        "moons" => TwoClasses(points, (random, s) =>
        {
            bool upper = s % 2 == 0;
            double t = Math.PI * random.NextDouble();
            return (upper ? Math.Cos(t) : 1 - Math.Cos(t), upper ? Math.Sin(t) : 0.5 - Math.Sin(t), upper ? 0 : 1, 0.1);
        }),
        "circles" => TwoClasses(points, (random, s) =>
        {
            bool inner = s % 2 == 0;
            double t = 2 * Math.PI * random.NextDouble(), r = inner ? 0.5 : 1;
            return (r * Math.Cos(t), r * Math.Sin(t), inner ? 1 : 0, 0.06);
        }),
        "xor" => TwoClasses(points, (random, _) =>
        {
            double x = 2 * random.NextDouble() - 1, y = 2 * random.NextDouble() - 1;
            return (x, y, x * y > 0 ? 1 : 0, 0);
        }),
        _ => throw new ArgumentException($"no built-in data set \"{name}\": {string.Join(", ", Names)}", nameof(name)),
    };

    // y = f(x) at points evenly spaced over [0, 1].
    private static DataSet Curve(int points, Func<double, double> f)
    {
        var x = new Matrix(1, points);
        var y = new Matrix(1, points);
        for (int s = 0; s < points; s++)
        {
            x[0, s] = points == 1 ? 0.5 : s / (points - 1.0);
            y[0, s] = f(x[0, s]);
        }
        return new DataSet(x, y);
    }

    // Two inputs and a 0/1 target per sample, with Gaussian noise of the given size on the inputs.
    private static DataSet TwoClasses(int points, Func<NumpyRandom, int, (double X, double Y, int Label, double Noise)> draw)
    {
        var random = new NumpyRandom(2026);
        var x = new Matrix(2, points);
        var y = new Matrix(1, points);
        for (int s = 0; s < points; s++)
        {
            (double px, double py, int label, double noise) = draw(random, s);
            x[0, s] = px + noise * random.NextGaussian();
            x[1, s] = py + noise * random.NextGaussian();
            y[0, s] = label;
        }
        return new DataSet(x, y);
    }
}
