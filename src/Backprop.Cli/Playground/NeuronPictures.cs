namespace Backprop.Cli.Playground;

/// <summary>
/// Every neuron's own output over the input plane, coarse, for the small pictures in the network diagram (as
/// TensorFlow Playground draws them): layer 0 as the first layer sees its inputs (a⁽⁰⁾), then every layer's a⁽ⁿ⁾ to the
/// output's.
/// </summary>
/// <remarks>
/// Each picture is <see cref="Cells"/>² values, row by row from the top (the highest x₂), as the input plane is drawn,
/// each quantised to a byte between the neuron's own least and greatest value over the grid:
/// v ≈ Low + q/255 · (High − Low), within (High − Low)/510. 16² bytes (344 characters of base64 in the frame) a neuron
/// instead of 256 numbers (about 5,000 characters of JSON): the default network's 16 neurons add about 6 KB to a frame.
/// </remarks>
/// <param name="Cells">Cells across (and down) each picture.</param>
/// <param name="Layers">Layer 0 (the inputs) to L (the outputs).</param>
internal sealed record NeuronPictures(int Cells, LayerPictures[] Layers)
{
    /// <summary>Cells across a picture: drawn about 28 px wide, 16 cells show a neuron's shape without blocks.</summary>
    public const int DefaultCells = 16;

    /// <summary>
    /// The most neurons (inputs and outputs counted) pictured while the network trains; a larger one is pictured when
    /// paused, as the weights are.
    /// </summary>
    public const int MaxNeuronsWhilePlaying = 128;

    /// <summary>
    /// The most frames a second with pictures while playing: the page redraws every picture when new ones come, and on
    /// a 2-core machine 51 pictures in every frame (2,16,16,16,1) cost it a quarter of its frames (bench/playground-fps.sh).
    /// </summary>
    public const int PerSecond = 15;

    /// <summary>
    /// Write the centres of a <paramref name="cells"/>² grid over [x0, x1] × [y0, y1] into the columns of
    /// <paramref name="grid"/> from <paramref name="first"/> on, row by row from the top.
    /// </summary>
    /// <remarks>Cell (row, column) is sample first + row·cells + column, at x₁ = x0 + (column + ½)/cells · (x1 − x0), x₂ = y1 − (row + ½)/cells · (y1 − y0).</remarks>
    public static void WriteGrid(Matrix grid, int first, int cells, double x0, double x1, double y0, double y1)
    {
        for (int row = 0; row < cells; row++)
            for (int column = 0; column < cells; column++)
            {
                grid[0, first + row * cells + column] = x0 + (column + 0.5) / cells * (x1 - x0);
                grid[1, first + row * cells + column] = y1 - (row + 0.5) / cells * (y1 - y0);
            }
    }

    /// <summary>Every neuron's picture from a forward pass whose samples <paramref name="first"/> on are a <paramref name="cells"/>² grid (<see cref="WriteGrid"/>).</summary>
    public static NeuronPictures From(ForwardTrace trace, Network network, int first, int cells)
    {
        var layers = new LayerPictures[trace.LayerCount + 1];
        for (int n = 0; n <= trace.LayerCount; n++)
        {
            Matrix a = trace.Activation(n);
            var neurons = new NeuronPicture[a.Rows];
            for (int j = 0; j < a.Rows; j++) neurons[j] = NeuronPicture.Quantise(a.Row(j).Slice(first, cells * cells));
            // The colour scale: a bounded activation's own range (σ: 0 to 1, white at ½), else symmetric about 0 (inputs, relu, identity).
            Activation? f = n == 0 ? null : network.Layers[n - 1].Activation;
            (double low, double high) = f is not null && double.IsFinite(f.Lowest) && double.IsFinite(f.Highest)
                ? (f.Lowest, f.Highest)
                : Symmetric(neurons);
            layers[n] = new LayerPictures(low, high, neurons);
        }
        return new NeuronPictures(cells, layers);
    }

    private static (double Low, double High) Symmetric(NeuronPicture[] neurons)
    {
        double largest = neurons.Max(p => Math.Max(Math.Abs(p.Low), Math.Abs(p.High)));
        return largest > 0 ? (-largest, largest) : (-1, 1);
    }
}

/// <summary>One layer's pictures and the colour scale they share.</summary>
/// <param name="ScaleLow">The value drawn in the negative colour (orange); the paper colour (white) is halfway to <paramref name="ScaleHigh"/>.</param>
/// <param name="ScaleHigh">The value drawn in the positive colour (blue).</param>
/// <param name="Neurons">The layer's neurons in order.</param>
internal sealed record LayerPictures(double ScaleLow, double ScaleHigh, NeuronPicture[] Neurons);

/// <summary>One neuron's output over the grid, quantised: v ≈ Low + q/255 · (High − Low) for each byte q.</summary>
/// <param name="Low">The least value over the grid.</param>
/// <param name="High">The greatest value over the grid.</param>
/// <param name="Values">One byte a cell, row by row from the top (base64 in the frame).</param>
internal sealed record NeuronPicture(double Low, double High, byte[] Values)
{
    /// <summary>Quantise <paramref name="values"/> to bytes between their least and greatest finite value (NaN as 0; ±∞ at the ends).</summary>
    /// <remarks>q = round(255 · (v − Low) / (High − Low)); all 0 when High = Low.</remarks>
    public static NeuronPicture Quantise(ReadOnlySpan<double> values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values)
            if (double.IsFinite(v)) (low, high) = (Math.Min(low, v), Math.Max(high, v));
        if (low > high) (low, high) = (0, 0);   // nothing finite
        var q = new byte[values.Length];
        double step = high > low ? (high - low) / 255 : 1;
        for (int i = 0; i < values.Length; i++)
            q[i] = double.IsNaN(values[i]) ? (byte)0 : (byte)Math.Round(Math.Clamp((values[i] - low) / step, 0, 255));
        return new NeuronPicture(low, high, q);
    }
}
