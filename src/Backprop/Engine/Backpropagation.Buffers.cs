using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop;

// Moving parameters, data and gradients between the public types and the padded, aligned buffers.
internal sealed partial class Backpropagation<T>
{
    // A zeroed array whose first element sits on a 64-byte boundary, so that 512-bit loads and stores of rows (whose
    // lengths are multiples of 8 doubles) never straddle two cache lines. Pinned, so the boundary stays put. Unaligned
    // buffers made the large workload vary from 6.9 to 8.5 ms per iteration between runs.
    private static unsafe ArraySegment<T> AlignedArray(int length)
    {
        T[] array = GC.AllocateArray<T>(length + 64 / sizeof(T), pinned: true);
        int offset = (int)((64 - (nuint)Unsafe.AsPointer(ref array[0]) % 64) % 64 / (nuint)sizeof(T));
        return new ArraySegment<T>(array, offset, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadParameters(Layer[] layers)
    {
        for (int l = 0; l < L; l++)
        {
            int pPrev = _p[l], rows = _n[l + 1], columns = _n[l];
            Span<T> padded = _W[l];
            CopyRows<double, T>(layers[l].Weights.Values, columns, padded, pPrev, rows, columns, add: false);
            if (_layout == TileLayout.SampleRows) MatrixKernels.Transpose<T>(padded, _p[l + 1], pPrev, _WT[l]);
            CopyRows<double, T>(layers[l].Biases, rows, _b[l], _p[l + 1], 1, rows, add: false);
        }
    }

    private void LoadInputs(Matrix x)
    {
        if (ReferenceEquals(x, _x)) return;   // data sets are immutable by convention: transpose each one once
        TransposeSamples(x, _samples, _xT, _xStride);
        if (_layout == TileLayout.NeuronRows) CopyRows<double, T>(x.Values, x.Columns, _xRows, _sampleStride, x.Rows, _samples, add: false);
        _x = x;
    }

    private void LoadTargets(Matrix y)
    {
        if (ReferenceEquals(y, _y)) return;
        if (_layout == TileLayout.NeuronRows) CopyRows<double, T>(y.Values, y.Columns, _yRows, _sampleStride, y.Rows, _samples, add: false);
        else TransposeSamples(y, _samples, _yT, _p[L]);
        _y = y;
    }

    // Row s of destination (stride p) from column s of m, for the first samples columns, in blocks of 64 samples by 8
    // rows of m: each block reads 8 runs along m's rows and writes one cache line of each of 64 rows of destination.
    // Element by element down m's columns, a cache miss a value, 10,000 samples of 784 inputs took 200 ms.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeSamples(Matrix m, int samples, Span<T> destination, int p)
    {
        const int Run = 64, Rows = 8;
        int rows = m.Rows, N = m.Columns;
        if (samples == 0 || rows == 0) return;
        ref T to = ref MemoryMarshal.GetReference(destination[..((samples - 1) * p + rows)]);
        ref double from = ref MemoryMarshal.GetReference(m.Values.AsSpan(0, (rows - 1) * N + samples));
        for (int s0 = 0; s0 < samples; s0 += Run)
        {
            int sEnd = Math.Min(s0 + Run, samples);
            for (int i0 = 0; i0 < rows; i0 += Rows)
            {
                int iEnd = Math.Min(i0 + Rows, rows);
                for (int s = s0; s < sEnd; s++)
                    for (int i = i0; i < iEnd; i++) Unsafe.Add(ref to, s * p + i) = T.CreateTruncating(Unsafe.Add(ref from, i * N + s));
            }
        }
    }

    // Rows s of xᵀ and yᵀ from samples[s] of the data: a mini-batch, gathered (the padded rows stay zero).
    private void LoadSamples(DataSet data, ReadOnlySpan<int> samples)
    {
        double[] x = data.Inputs.Values, y = data.Targets.Values;
        int N = data.Count, inputs = _n[0], outputs = _n[L];
        for (int s = 0; s < samples.Length; s++)
        {
            int k = samples[s];
            for (int i = 0; i < inputs; i++) _xT[s * _xStride + i] = T.CreateTruncating(x[i * N + k]);
            if (_layout == TileLayout.NeuronRows)
            {
                for (int i = 0; i < inputs; i++) _xRows[i * _sampleStride + s] = T.CreateTruncating(x[i * N + k]);
                for (int j = 0; j < outputs; j++) _yRows[j * _sampleStride + s] = T.CreateTruncating(y[j * N + k]);
            }
            else
                for (int j = 0; j < outputs; j++) _yT[s * _p[L] + j] = T.CreateTruncating(y[j * N + k]);
        }
        _x = _y = null;
    }

    // The workers' sums, added in worker order, into Gradients (without the padding).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StoreGradients()
    {
        double lossSum = 0;
        foreach (Worker worker in _workers) lossSum += worker.LossSum;
        Gradients.Cost = lossSum / _samples;
        for (int l = 0; l < L; l++)
        {
            LayerGradient gradient = Gradients.LayerArray[l];
            int stride = _layout == TileLayout.NeuronRows ? _q[l] : _p[l];
            CopyRows<T, double>(_workers[0].dCdW[l], stride, gradient.Weights.Values, _n[l], _n[l + 1], _n[l], add: false);
            CopyRows<T, double>(_workers[0].dCdb[l], _p[l + 1], gradient.Biases, _n[l + 1], 1, _n[l + 1], add: false);
            for (int w = 1; w < _workers.Length; w++)
            {
                CopyRows<T, double>(_workers[w].dCdW[l], stride, gradient.Weights.Values, _n[l], _n[l + 1], _n[l], add: true);
                CopyRows<T, double>(_workers[w].dCdb[l], _p[l + 1], gradient.Biases, _n[l + 1], 1, _n[l + 1], add: true);
            }
        }
    }

    // The first columns of each of rows rows of source (row stride sourceStride) into, or added to, the rows of
    // destination (row stride destinationStride): between the layers' unpadded rows and the padded buffers, converted
    // between the element types (exactly, from float to double; rounded to nearest, from double to float). Rows of a
    // few elements of one type go element by element: a call per row would cost more than the copy.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows<TFrom, TTo>(ReadOnlySpan<TFrom> source, int sourceStride, Span<TTo> destination, int destinationStride,
        int rows, int columns, bool add) where TFrom : unmanaged, IFloatingPointIeee754<TFrom> where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (typeof(TFrom) == typeof(TTo) && columns >= 16)
        {
            for (int j = 0; j < rows; j++)
            {
                ReadOnlySpan<TTo> from = MemoryMarshal.Cast<TFrom, TTo>(source.Slice(j * sourceStride, columns));
                Span<TTo> to = destination.Slice(j * destinationStride, columns);
                if (add) TensorPrimitives.Add(to, from, to);
                else from.CopyTo(to);
            }
            return;
        }
        if (typeof(TFrom) == typeof(double) && typeof(TTo) == typeof(float) && !add)   // a float32 network's parameters, every pass
        {
            for (int j = 0; j < rows; j++)
                Elementwise.Narrow(MemoryMarshal.Cast<TFrom, double>(source.Slice(j * sourceStride, columns)),
                    MemoryMarshal.Cast<TTo, float>(destination.Slice(j * destinationStride, columns)));
            return;
        }
        if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(double) && columns >= 8)   // a float32 network's gradients, every pass
        {
            for (int j = 0; j < rows; j++)
                Elementwise.Widen(MemoryMarshal.Cast<TFrom, float>(source.Slice(j * sourceStride, columns)),
                    MemoryMarshal.Cast<TTo, double>(destination.Slice(j * destinationStride, columns)), add);
            return;
        }
        ref TFrom first = ref MemoryMarshal.GetReference(source[..((rows - 1) * sourceStride + columns)]);
        ref TTo target = ref MemoryMarshal.GetReference(destination[..((rows - 1) * destinationStride + columns)]);
        for (int j = 0; j < rows; j++)
            for (int k = 0; k < columns; k++)
            {
                TTo value = TTo.CreateTruncating(Unsafe.Add(ref first, j * sourceStride + k));
                ref TTo to = ref Unsafe.Add(ref target, j * destinationStride + k);
                to = add ? to + value : value;
            }
    }

    // Rows 0 .. rows − 1 of a neuron-rows tile (row stride stride), samples 0 .. count − 1, into columns t0 .. of a matrix.
    private static void CopyOutRows(ReadOnlySpan<T> tile, int stride, int rows, int t0, int count, Matrix destination)
    {
        for (int j = 0; j < rows; j++)
        {
            Span<double> row = destination.Row(j).Slice(t0, count);
            ReadOnlySpan<T> values = tile.Slice(j * stride, count);
            for (int s = 0; s < count; s++) row[s] = double.CreateTruncating(values[s]);
        }
    }

    // Columns 0 .. rows − 1 of a transposed tile (width p), samples 0 .. count − 1, into columns t0 .. of a matrix.
    private static void CopyOut(ReadOnlySpan<T> tileT, int p, int rows, int t0, int count, Matrix destination)
    {
        for (int j = 0; j < rows; j++)
        {
            Span<double> row = destination.Row(j).Slice(t0, count);
            for (int s = 0; s < count; s++) row[s] = double.CreateTruncating(tileT[s * p + j]);
        }
    }
}
