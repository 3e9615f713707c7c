namespace Backprop;

/// <summary>
/// The built-in data sets of the playground and of <c>backprop data</c>: the worksheet's heart, two curves of one input,
/// and four two-class sets of two inputs as TensorFlow Playground offers them (moons, circles, xor, spiral).
/// </summary>
/// <remarks>
/// Each set is drawn from its own generator, <c>new NumpyRandom(seed)</c> (<see cref="DefaultSeed"/> unless told), so
/// the network's seed changes its start, not the data. The data noise is the standard deviation of a Gaussian added to
/// each input of a two-class set, or to each target of a curve (the heart's and the curves' are exact at 0); it is not
/// the worksheet's gradient noise.
/// </remarks>
public static class BuiltInData
{
    /// <summary>The names, the heart first: heart, sine, bump, moons, circles, xor, spiral.</summary>
    public static IReadOnlyList<string> Names { get; } = ["heart", "sine", "bump", "moons", "circles", "xor", "spiral"];

    /// <summary>The seed of the data's own generator unless one is given.</summary>
    public const uint DefaultSeed = 2026;

    /// <summary>A set's data noise unless one is given: 0.1 for moons, 0.06 for circles, 0 for the others.</summary>
    /// <exception cref="ArgumentException">No set has that name.</exception>
    public static double DefaultNoise(string name) => Known(name) switch
    {
        "moons" => 0.1,
        "circles" => 0.06,
        _ => 0,
    };

    /// <summary>The set called <paramref name="name"/> with <paramref name="points"/> samples.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="points">How many samples.</param>
    /// <param name="noise">The data noise (a standard deviation, 0 or more); the set's <see cref="DefaultNoise"/> when null.</param>
    /// <param name="seed">The seed of the data's generator.</param>
    /// <exception cref="ArgumentException">No set has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 1 point, or a noise that is negative or not finite.</exception>
    public static DataSet Create(string name, int points, double? noise = null, uint seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        double σ = noise ?? DefaultNoise(name);
        if (!(σ >= 0 && double.IsFinite(σ))) throw new ArgumentOutOfRangeException(nameof(noise), noise, "the data noise is a standard deviation: 0 or more");
        var random = new NumpyRandom(seed);
        return Known(name) switch
        {
            "heart" => WithTargetNoise(HeartData.Create(points), σ, random),
            "sine" => WithTargetNoise(Curve(points, x => 0.5 + 0.4 * Math.Sin(2 * Math.PI * x)), σ, random),
            "bump" => WithTargetNoise(Curve(points, x => Math.Exp(-Math.Pow((x - 0.5) / 0.15, 2))), σ, random),
            "moons" => TwoClasses(points, σ, random, (random, s) =>
            {
                bool upper = s % 2 == 0;
                double t = Math.PI * random.NextDouble();
                return (upper ? Math.Cos(t) : 1 - Math.Cos(t), upper ? Math.Sin(t) : 0.5 - Math.Sin(t), upper ? 0 : 1);
            }),
            "circles" => TwoClasses(points, σ, random, (random, s) =>
            {
                bool inner = s % 2 == 0;
                double t = 2 * Math.PI * random.NextDouble(), r = inner ? 0.5 : 1;
                return (r * Math.Cos(t), r * Math.Sin(t), inner ? 1 : 0);
            }),
            "xor" => TwoClasses(points, σ, random, (random, _) =>
            {
                double x = 2 * random.NextDouble() - 1, y = 2 * random.NextDouble() - 1;
                return (x, y, x * y > 0 ? 1 : 0);
            }),
            // TensorFlow Playground's two spirals, scaled to the unit disc: sample s of each arm at radius r = i/n and
            // angle 3.5π r, the second arm turned by π.
            _ => TwoClasses(points, σ, random, (_, s) =>
            {
                int arm = s % 2, n = (points + 1 - arm) / 2, i = s / 2;
                double r = n == 1 ? 0.5 : (double)i / n, t = 1.75 * 2 * Math.PI * r + Math.PI * arm;
                return (r * Math.Sin(t), r * Math.Cos(t), arm == 0 ? 1 : 0);
            }),
        };
    }

    private static string Known(string name) =>
        Names.Contains(name) ? name : throw new ArgumentException($"no built-in data set \"{name}\": {string.Join(", ", Names)}", nameof(name));

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

    // Each target plus σ · randn(), sample by sample; nothing drawn at σ = 0, so the exact curve stays exact.
    private static DataSet WithTargetNoise(DataSet data, double σ, NumpyRandom random)
    {
        if (σ == 0) return data;
        Matrix y = data.Targets.Clone();
        for (int s = 0; s < y.Columns; s++)
            for (int o = 0; o < y.Rows; o++) y[o, s] += σ * random.NextGaussian();
        return new DataSet(data.Inputs, y);
    }

    // Two inputs and a 0/1 target per sample, each input plus σ · randn() (drawn even at σ = 0, so that the points are
    // the same draws at any noise).
    private static DataSet TwoClasses(int points, double σ, NumpyRandom random, Func<NumpyRandom, int, (double X, double Y, int Label)> draw)
    {
        var x = new Matrix(2, points);
        var y = new Matrix(1, points);
        for (int s = 0; s < points; s++)
        {
            (double px, double py, int label) = draw(random, s);
            x[0, s] = px + σ * random.NextGaussian();
            x[1, s] = py + σ * random.NextGaussian();
            y[0, s] = label;
        }
        return new DataSet(x, y);
    }
}
