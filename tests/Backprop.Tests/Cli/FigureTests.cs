using Backprop;
using SkiaSharp;

namespace Backprop.Tests.Cli;

/// <summary>What the training figure draws, read back from its pixels.</summary>
public sealed class FigureTests : TempFolderTest
{
    // The input-plane panel's data area: PixelPadding(left: 70, right: 20, bottom: 50, top: 30) in a 640 × 640 panel.
    // A cost history of one cost per step, from step 0.
    private static CostPoint[] Costs(params double[] costs) => [.. costs.Select((cost, iteration) => new CostPoint(iteration, cost))];

    private const int PlaneLeft = 70, PlaneTop = 30, PlaneWidth = 550, PlaneHeight = 560;

    [Fact]
    public void Save_OneInputShuffled_DrawsTheSamePictureAsSorted()
    {
        // Given the same 40 samples of a wavy curve, in order and shuffled (with outputs and snapshots shuffled alike)
        const int N = 40;
        int[] shuffled = Enumerable.Range(0, N).ToArray();
        new Random(1).Shuffle(shuffled);
        double[] x = Enumerable.Range(0, N).Select(j => j / (N - 1.0)).ToArray();
        Func<double, double>[] curves = [t => 0.5 + 0.4 * Math.Sin(6 * t), t => 0.5, t => 0.3 + 0.5 * t * t, t => 0.5 + 0.35 * Math.Sin(6 * t)];
        string Draw(int[] order, string name)
        {
            Matrix Curve(Func<double, double> f) => Row(order.Select(j => f(x[j])));
            var figure = new TrainingFigure(new DataSet(Row(order.Select(j => x[j])), Curve(curves[0])));
            figure.AddSnapshot(Curve(curves[1]));
            figure.AddSnapshot(Curve(curves[2]));
            figure.Save(PathOf(name), Curve(curves[3]), costHistory: Costs(1.0, 0.5, 0.25));
            return PathOf(name);
        }

        // When both are drawn
        using SKBitmap sorted = SKBitmap.Decode(Draw(Enumerable.Range(0, N).ToArray(), "sorted.png"));
        using SKBitmap fromShuffled = SKBitmap.Decode(Draw(shuffled, "shuffled.png"));

        // Then the pictures are the same, pixel for pixel, and show the final curve
        Assert.Equal((sorted.Width, sorted.Height), (fromShuffled.Width, fromShuffled.Height));
        SKColor[] expected = sorted.Pixels, actual = fromShuffled.Pixels;
        int differing = Enumerable.Range(0, expected.Length).Count(i => expected[i] != actual[i]);
        Assert.True(differing == 0, $"{differing} pixels differ");
        Assert.True(CountPixels(sorted, 0, 640, c => c.Red > 230 && c.Green is > 130 and < 200 && c.Blue < 80) > 200, "no orange curve");
    }

    [Fact]
    public void Save_TwoInputClassifier_TintsEachHalfPlaneByThePredictedClass()
    {
        // Given a softmax network whose outputs are (x₁, −x₁): "left" where x₁ > 0, "right" where x₁ < 0,
        // and four samples at the corners of [−1, 1]², labelled by that rule
        var network = new Network([new Layer(Matrix.FromRows([[1.0, 0.0], [-1.0, 0.0]]), [0.0, 0.0], Activation.Softmax)],
            Loss.CrossEntropy, classes: ["left", "right"]);
        var data = new DataSet(Matrix.FromRows([[-1.0, 1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, 1.0]]),
            Matrix.FromRows([[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0]]));

        // When the figure is drawn with the network
        new TrainingFigure(data).Save(PathOf("f.png"), network.Predict(data.Inputs), costHistory: null, network: network);

        // Then the plane (inputs padded 5% to ±1.1) is tinted by class at (±0.5, 0), away from the dots and the legend
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("f.png"));
        SKColor right = bitmap.GetPixel(PixelX(0.5), PixelY(0)), left = bitmap.GetPixel(PixelX(-0.5), PixelY(0));
        Assert.NotEqual(right, left);
        AssertColor(ClassColors.TintOf(0), right, "x₁ > 0, class left");
        AssertColor(ClassColors.TintOf(1), left, "x₁ < 0, class right");
    }

    [Fact]
    public void Save_TwoInputOneOutput_ShadesThePlaneByTheOutput()
    {
        // Given a logistic output σ(8x₁), near 1 where x₁ > 0 and near 0 where x₁ < 0, and targets 0 and 1
        var network = new Network([new Layer(Matrix.FromRows([[8.0, 0.0]]), [0.0], Activation.Logistic)]);
        var data = new DataSet(Matrix.FromRows([[-1.0, 1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, 1.0]]), Matrix.FromRows([[0.0, 1.0, 0.0, 1.0]]));

        // When the figure is drawn with the network
        new TrainingFigure(data).Save(PathOf("f.png"), network.Predict(data.Inputs), costHistory: null, network: network);

        // Then the plane far right is near the tint for 1, far left near the tint for 0
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("f.png"));
        AssertColor(ClassColors.TintOf(1), bitmap.GetPixel(PixelX(0.8), PixelY(0)), "output near 1", tolerance: 8);
        AssertColor(ClassColors.TintOf(0), bitmap.GetPixel(PixelX(-0.8), PixelY(0)), "output near 0", tolerance: 8);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Save_Evaluations_DrawTheValidationCostOnlyWhenThereIsSome(bool withValidation)
    {
        // Given two-input data without a network (so the cost panel is the whole figure) and a falling cost
        var data = new DataSet(Matrix.FromRows([[0.0, 1.0], [1.0, 0.0]]), Matrix.FromRows([[0.0, 1.0]]));
        double[] costs = Enumerable.Range(0, 101).Select(i => Math.Exp(-i / 20.0)).ToArray();
        TrainingEvaluation[] evaluations = Enumerable.Range(0, 11)
            .Select(s => new TrainingEvaluation(10 * s, costs[10 * s], withValidation ? 2 * costs[10 * s] : null, null)).ToArray();

        // When it is drawn
        new TrainingFigure(data).Save(PathOf("f.png"), data.Targets, Costs(costs), evaluations);

        // Then crimson appears exactly when there is a validation cost, and the navy training curve always
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("f.png"));
        Assert.Equal(640, bitmap.Width);
        int crimson = CountPixels(bitmap, 0, 640, c => c.Red > 180 && c.Green < 80 && c.Blue is > 30 and < 110);
        int navy = CountPixels(bitmap, 0, 640, c => c.Red < 40 && c.Green < 40 && c.Blue is > 90 and < 170);
        Assert.True(withValidation ? crimson > 100 : crimson == 0, $"{crimson} crimson pixels");
        Assert.True(navy > 100, $"{navy} navy pixels");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CurveFigures_CarryTheirKey_GreenMagentaOrange(bool heart)
    {
        // Given the heart (two outputs) or a curve (one input), with one snapshot
        DataSet data = heart ? HeartData.Create(50)
            : new DataSet(Row(Enumerable.Range(0, 50).Select(i => i / 49.0)), Row(Enumerable.Range(0, 50).Select(i => Math.Sin(6 * i / 49.0))));
        var figure = new TrainingFigure(data);
        figure.AddSnapshot(data.Targets);

        // When it is drawn as SVG
        figure.Save(PathOf("f.svg"), data.Targets, Costs(1.0, 0.5));

        // Then the key names each colour, in that colour
        string svg = File.ReadAllText(PathOf("f.svg"));
        foreach (string label in new[] { "target (the data)", "network while training", "trained network" }) Assert.Contains(label, svg);
        foreach (string[] names in new[] { new[] { "green", "#008000" }, ["fuchsia", "magenta", "#FF00FF"], ["orange", "#FFA500"] })
            Assert.Contains(names, name => svg.Contains($"stroke=\"{name}\"", StringComparison.OrdinalIgnoreCase));
        if (!heart) return;

        // And on the heart, the key's box (top left, above the heart) holds a line of each colour.
        figure.Save(PathOf("f.png"), data.Targets, Costs(1.0, 0.5));
        using SKBitmap bitmap = SKBitmap.Decode(PathOf("f.png"));
        SKColor[] key = [.. Enumerable.Range(60, 200).SelectMany(x => Enumerable.Range(30, 80).Select(y => bitmap.GetPixel(x, y)))];
        Assert.True(key.Count(c => c.Green > 100 && c.Red < 60 && c.Blue < 60) > 20, "green in the key");
        Assert.True(key.Count(c => c.Red > 230 && c.Blue > 230 && c.Green < 60) > 20, "magenta in the key");
        Assert.True(key.Count(c => c.Red > 230 && c.Green is > 140 and < 190 && c.Blue < 40) > 20, "orange in the key");
    }

    [Fact]
    public void WhyNot_NamesAMissingNativeLibrary_AndTheWayAround()
    {
        // As the warm-up task reports SkiaSharp's native library missing: wrapped in its type initializer and the task.
        var missing = new AggregateException(new TypeInitializationException("ScottPlot.Fonts", new DllNotFoundException("libSkiaSharp")));

        Assert.Matches(@"^the figure's drawing library \(SkiaSharp\) has no native build for \S+ here; use --no-figure$", TrainingFigure.WhyNot(missing));
        Assert.Equal("disk full", TrainingFigure.WhyNot(new AggregateException(new IOException("disk full"))));
    }

    private static Matrix Row(IEnumerable<double> values) => Matrix.FromRows([values.ToArray()]);

    private static int PixelX(double x1) => PlaneLeft + (int)Math.Round(PlaneWidth * (x1 + 1.1) / 2.2);

    private static int PixelY(double x2) => PlaneTop + (int)Math.Round(PlaneHeight * (1.1 - x2) / 2.2);

    private static int CountPixels(SKBitmap bitmap, int fromX, int toX, Func<SKColor, bool> matches)
    {
        int count = 0;
        for (int x = fromX; x < toX; x++)
            for (int y = 0; y < bitmap.Height; y++)
                if (matches(bitmap.GetPixel(x, y))) count++;
        return count;
    }

    private static void AssertColor(ScottPlot.Color expected, SKColor actual, string where, int tolerance = 2) =>
        Assert.True(Math.Abs(expected.R - actual.Red) <= tolerance && Math.Abs(expected.G - actual.Green) <= tolerance
            && Math.Abs(expected.B - actual.Blue) <= tolerance, $"{where}: {actual}, expected {expected}");
}

/// <summary>What a figure draws stays bounded, however many samples and snapshots a run has.</summary>
public sealed class FigureBoundsTests
{
    [Fact]
    public void Snapshots_AreKeptEvenly_UpToTheCap()
    {
        var data = HeartData.Create(10);
        var figure = new TrainingFigure(data);
        for (int i = 0; i < 100_000; i++) figure.AddSnapshot(data.Targets);

        Assert.InRange(figure.SnapshotCount, TrainingFigure.MaxSnapshots / 2, TrainingFigure.MaxSnapshots);
    }

    [Fact]
    public void FewSnapshots_AreAllKept()
    {
        var data = HeartData.Create(10);
        var figure = new TrainingFigure(data);
        for (int i = 0; i < 51; i++) figure.AddSnapshot(data.Targets);

        Assert.Equal(51, figure.SnapshotCount);
    }

    [Fact]
    public void LongCurve_IsThinnedToWhatAPanelShows_KeepingItsEnds_AndNoPointMovesMoreThanHalfAPixel()
    {
        // The heart's targets at 200,000 points: far more than a 640-pixel panel can show.
        Matrix heart = HeartData.Create(200_000).Targets;
        double[] x = heart.Row(0).ToArray(), y = heart.Row(1).ToArray();

        (double[] tx, double[] ty) = TrainingFigure.Thinned(x, y, 1, 1);

        Assert.InRange(tx.Length, 100, TrainingFigure.MaxCurvePoints);
        Assert.Equal((x[0], y[0]), (tx[0], ty[0]));
        Assert.Equal((x[^1], y[^1]), (tx[^1], ty[^1]));
        // Every dropped point lies within half a pixel (1/1280 of the unit square) of a kept one before it.
        int kept = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (kept + 1 < tx.Length && x[i] == tx[kept + 1] && y[i] == ty[kept + 1]) { kept++; continue; }
            Assert.True(Math.Abs(x[i] - tx[kept]) <= 1.0 / 1280 && Math.Abs(y[i] - ty[kept]) <= 1.0 / 1280, $"point {i} is far from the kept point {kept}");
        }
    }

    [Fact]
    public void ShortCurve_IsDrawnAsItIs()
    {
        double[] x = [0, 0.0001, 0.0002], y = [1, 1, 1];

        (double[] tx, double[] ty) = TrainingFigure.Thinned(x, y, 1, 1);

        Assert.Same(x, tx);
        Assert.Same(y, ty);
    }
}
