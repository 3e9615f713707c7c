namespace Backprop;

/// <summary>
/// Everything one feed-forward pass computes: a⁽⁰⁾, z⁽¹⁾, a⁽¹⁾, …, z⁽ᴸ⁾, a⁽ᴸ⁾, each (neurons) × (samples),
/// as the worksheet's <c>network_function</c> returns them.
/// </summary>
public sealed class ForwardTrace
{
    private readonly Matrix[] _a;   // _a[n] = a⁽ⁿ⁾, n = 0..L
    private readonly Matrix[] _z;   // _z[n - 1] = z⁽ⁿ⁾, n = 1..L

    internal ForwardTrace(IReadOnlyList<int> layerSizes, int samples)
    {
        int layers = layerSizes.Count - 1;
        _a = new Matrix[layers + 1];
        _z = new Matrix[layers];
        _a[0] = new Matrix(layerSizes[0], samples);
        for (int n = 1; n <= layers; n++)
        {
            _z[n - 1] = new Matrix(layerSizes[n], samples);
            _a[n] = new Matrix(layerSizes[n], samples);
        }
    }

    /// <summary>The number of layers L (not counting the input).</summary>
    public int LayerCount => _z.Length;

    /// <summary>The number of samples N.</summary>
    public int SampleCount => _a[0].Columns;

    /// <summary>Return a⁽ⁿ⁾ for n = 0 (the input) to L (the output).</summary>
    public Matrix Activation(int n) => _a[n];

    /// <summary>Return z⁽ⁿ⁾ = W⁽ⁿ⁾·a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾ for n = 1 to L.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is not in 1..L.</exception>
    public Matrix WeightedSum(int n)
    {
        if (n < 1 || n > _z.Length) throw new ArgumentOutOfRangeException(nameof(n), n, $"weighted sums exist for layers 1 to {_z.Length}");
        return _z[n - 1];
    }

    /// <summary>The network's output a⁽ᴸ⁾.</summary>
    public Matrix Output => _a[^1];
}
