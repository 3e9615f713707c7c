namespace Backprop;

/// <summary>The worksheet's training data: N points along a heart-shaped curve (its helper module's <c>training_data</c>).</summary>
public static class HeartData
{
    /// <summary>Return the heart data set with <paramref name="points"/> samples, exactly as the worksheet makes it.</summary>
    /// <remarks>
    /// x = 0, 1/N, …, (N−1)/N (1 × N). y (2 × N) is the heart y₁ = 16 sin³(2πx),
    /// y₂ = 13 cos(2πx) − 5 cos(4πx) − 2 cos(6πx) − cos(8πx), divided by 20 and mapped by y ← (y + 1)/2
    /// into roughly [0, 1]². Each value is computed in numpy's order of operations, so the numbers agree bit for bit.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is less than 1.</exception>
    public static DataSet Create(int points = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        var x = new Matrix(1, points);
        var y = new Matrix(2, points);
        double step = 1.0 / points;                       // np.arange(0, 1, 1/N): x_i = i · (1/N)
        for (int i = 0; i < points; i++)
        {
            double t = i * step;
            double heartX = 16 * Math.Pow(Math.Sin(2 * Math.PI * t), 3);
            double heartY = 13 * Math.Cos(2 * Math.PI * t) - 5 * Math.Cos(4 * Math.PI * t)
                            - 2 * Math.Cos(6 * Math.PI * t) - Math.Cos(8 * Math.PI * t);
            x[0, i] = t;
            y[0, i] = (heartX / 20 + 1) / 2;
            y[1, i] = (heartY / 20 + 1) / 2;
        }
        return new DataSet(x, y);
    }
}
