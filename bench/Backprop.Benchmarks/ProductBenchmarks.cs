using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// The two big products of mnist's first layer [784 → 128] over 9,984 samples in the engine's tiles of 64, in float64
/// and float32: forward, zᵀ = xᵀ·W⁽¹⁾ᵀ (M = 64 samples, 128 columns, K = 784), and the weight gradient,
/// ∂C/∂W⁽¹⁾ += δ⁽¹⁾·xᵀ (M = 128, 784 columns, K = 64), each 2.01 GFLOP (2 · 9,984 · 784 · 128): GFLOP/s = 2,007 / the
/// mean in ms. Weights and tile rows padded as the engine pads them (a row stride of 128 + one vector).
/// </summary>
public class ProductBenchmarks
{
    private const int Tile = 64, Tiles = 10_000 / Tile, Inputs = 784, Neurons = 128;
    private double[] _x = [], _weightsT = [], _z = [], _deltaT = [], _gradient = [];
    private float[] _xSingle = [], _weightsTSingle = [], _zSingle = [], _deltaTSingle = [], _gradientSingle = [];
    private int _stride;

    [Params("float64", "float32")]
    public string Precision { get; set; } = "float64";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        double[] Random(int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
        _stride = Neurons + 64 / (Precision == "float32" ? sizeof(float) : sizeof(double));
        _x = Random(Tiles * Tile * Inputs);
        _weightsT = Random(Inputs * _stride);
        _z = new double[Tile * _stride];
        _deltaT = Random(Tile * _stride);
        _gradient = new double[Neurons * Inputs];
        _xSingle = Array.ConvertAll(_x, v => (float)v);
        _weightsTSingle = Array.ConvertAll(_weightsT, v => (float)v);
        _zSingle = new float[_z.Length];
        _deltaTSingle = Array.ConvertAll(_deltaT, v => (float)v);
        _gradientSingle = new float[_gradient.Length];
    }

    [Benchmark(Description = "mnist layer 1 forward")]
    public void Forward()
    {
        for (int t = 0; t < Tiles; t++)
            if (Precision == "float32") MatrixKernels.Multiply<float>(Tile, Neurons, Inputs, _xSingle.AsSpan(t * Tile * Inputs), Inputs, 1, _weightsTSingle, _stride, _zSingle, _stride);
            else MatrixKernels.Multiply<double>(Tile, Neurons, Inputs, _x.AsSpan(t * Tile * Inputs), Inputs, 1, _weightsT, _stride, _z, _stride);
    }

    [Benchmark(Description = "mnist layer 1 weight gradient")]
    public void WeightGradient()
    {
        for (int t = 0; t < Tiles; t++)
            if (Precision == "float32") MatrixKernels.MultiplyAdd<float>(Neurons, Inputs, Tile, _deltaTSingle, 1, _stride, _xSingle.AsSpan(t * Tile * Inputs), Inputs, _gradientSingle, Inputs);
            else MatrixKernels.MultiplyAdd<double>(Neurons, Inputs, Tile, _deltaT, 1, _stride, _x.AsSpan(t * Tile * Inputs), Inputs, _gradient, Inputs);
    }
}
