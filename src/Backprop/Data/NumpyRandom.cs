using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// A random number generator that reproduces numpy's legacy global generator draw for draw:
/// <c>np.random.seed(seed)</c> followed by <c>np.random.rand()</c> and <c>np.random.randn(...)</c>.
/// </summary>
/// <remarks>
/// The bits come from a Mersenne Twister (MT19937) seeded by Matsumoto and Nishimura's
/// <c>init_genrand</c>, as numpy seeds it from an integer. Doubles take 53 bits from two outputs,
/// <c>((a &gt;&gt; 5)·2²⁶ + (b &gt;&gt; 6)) / 2⁵³</c>. Normal draws use the polar Box–Muller method and keep the
/// second value of each pair for the next call (numpy's <c>legacy_gauss</c>). Not thread-safe.
/// </remarks>
public sealed class NumpyRandom
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[StateLength];
    private int _position;
    private bool _hasGaussian;
    private double _gaussian;

    /// <summary>Create a generator seeded as <c>np.random.seed(seed)</c> seeds numpy's.</summary>
    public NumpyRandom(uint seed) => Seed(seed);

    /// <summary>Reseed as <c>np.random.seed(seed)</c> does, forgetting any cached normal value.</summary>
    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < StateLength; i++)
            _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
        _position = StateLength;
        _hasGaussian = false;
        _gaussian = 0;
    }

    /// <summary>Return the next 32 tempered bits of the Mersenne Twister.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint NextUInt32()
    {
        if (_position >= StateLength) Regenerate();
        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Return a uniform double in [0, 1), as <c>np.random.rand()</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>Return a standard normal draw, as <c>np.random.randn()</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double NextGaussian()
    {
        if (_hasGaussian)
        {
            _hasGaussian = false;
            return _gaussian;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gaussian = f * x1;
        _hasGaussian = true;
        return f * x2;
    }

    /// <summary>Return a uniform whole number in [0, max], as numpy's <c>random_interval</c> draws it (masked rejection on 32 bits).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is negative.</exception>
    public int NextInterval(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0) return 0;
        uint mask = (uint)max;   // the smallest 2ᵏ − 1 ≥ max
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > (uint)max) { }
        return (int)value;
    }

    /// <summary>Fill <paramref name="order"/> with a random permutation of 0 … n − 1, as <c>np.random.permutation(n)</c> does.</summary>
    /// <remarks>numpy's legacy <c>shuffle</c> of <c>arange(n)</c>: for i = n − 1 down to 1, swap element i with element <see cref="NextInterval"/>(i).</remarks>
    public void Permutation(Span<int> order)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int i = order.Length - 1; i >= 1; i--)
        {
            int j = NextInterval(i);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>Return a rows × columns matrix of standard normal draws filled row by row, as <c>np.random.randn(rows, columns)</c>.</summary>
    public Matrix NextGaussianMatrix(int rows, int columns)
    {
        var matrix = new Matrix(rows, columns);
        Span<double> values = matrix.AsSpan();
        for (int i = 0; i < values.Length; i++) values[i] = NextGaussian();
        return matrix;
    }

    private void Regenerate()
    {
        uint[] mt = _state;
        int k;
        for (k = 0; k < StateLength - Shift; k++)
            mt[k] = mt[k + Shift] ^ Twist(mt[k], mt[k + 1]);
        for (; k < StateLength - 1; k++)
            mt[k] = mt[k + Shift - StateLength] ^ Twist(mt[k], mt[k + 1]);
        mt[StateLength - 1] = mt[Shift - 1] ^ Twist(mt[StateLength - 1], mt[0]);
        _position = 0;
    }

    private static uint Twist(uint upper, uint lower)
    {
        uint y = (upper & UpperMask) | (lower & LowerMask);
        return (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
    }
}
