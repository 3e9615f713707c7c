using System.Numerics;

namespace Backprop.Tests.Engine;

/// <summary>
/// The two tile layouts (one row per sample, neurons padded to the vector width; one row per neuron, samples along the
/// vectors) compute every sum in the same order, so they must give the same bits: the cost, every gradient, the
/// captured outputs, a forward trace and a mini-batch's pass, in both precisions, on one thread and two, for every
/// element-wise hidden activation and the outputs and losses neuron rows take, on shapes whose neurons are odd, below and above the vector width, and sample counts
/// across the 64-sample tiles. The sample-rows layout is proven against the chain rule, PyTorch and the worksheet
/// elsewhere, so equal bits prove the neuron rows too.
/// </summary>
public class TileLayoutTests
{
    public static TheoryData<int[], int, string, string, string> Cases()
    {
        var data = new TheoryData<int[], int, string, string, string>();
        (int[] Sizes, int Samples)[] shapes =
        [
            ([1, 6, 7, 2], 100), ([1, 6, 7, 2], 1), ([13, 5, 3], 150), ([8, 9, 1], 64), ([3, 7, 2], 7),
            ([17, 40, 11], 65), ([1, 50, 50, 2], 129), ([30, 16, 1], 200), ([2, 3, 3, 3, 1], 63),
        ];
        foreach ((int[] sizes, int samples) in shapes)
            foreach (Activation hidden in Activation.All.Where(a => a.IsElementWise))
            {
                data.Add(sizes, samples, hidden.Name, "logistic", "squared");
                data.Add(sizes, samples, hidden.Name, "identity", "squared");
                data.Add(sizes, samples, hidden.Name, "logistic", "cross-entropy");
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NeuronRows_GiveTheSampleRowsBits(int[] sizes, int samples, string hidden, string output, string loss)
    {
        var random = new NumpyRandom(5);
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.FromName(hidden)!, OutputActivation = Activation.FromName(output)!, Loss = Loss.FromName(loss)!,
        });
        var x = new Matrix(sizes[0], samples);
        var y = new Matrix(sizes[^1], samples);
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < sizes[0]; i++) x[i, s] = random.NextGaussian();
            for (int j = 0; j < sizes[^1]; j++) y[j, s] = loss == "cross-entropy" ? (random.NextDouble() < 0.5 ? 0 : 1) : random.NextDouble();
        }
        var data = new DataSet(x, y);
        GiveTheSameBits<double>(network, data);
        GiveTheSameBits<float>(network, data);
    }

    [Fact]
    public void NeuronRows_RefuseSoftmax_AndAreNotPickedForIt()
    {
        Network network = Network.CreateRandom([4, 6, 3], new NumpyRandom(1), new NetworkOptions { OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy });
        Assert.Throws<ArgumentException>(() => new Backpropagation<double>(network, 10, 1, TileLayout.NeuronRows));
        Assert.Equal(TileLayout.SampleRows, Backpropagation<double>.LayoutFor(network));
    }

    /// <summary>
    /// The rule picks neuron rows for small layers that sample rows would pad heavily (5 neurons are 8, or 16, at every
    /// width), and sample rows where the neurons fill whole vectors or the inputs are many, in both precisions.
    /// </summary>
    [Fact]
    public void LayoutFor_TakesNeuronRowsOnlyForPaddedSmallLayers_WithFewInputs()
    {
        var random = new NumpyRandom(2);
        Network padded = Network.CreateRandom([13, 5, 3], random), whole = Network.CreateRandom([8, 32, 1], random), manyInputs = Network.CreateRandom([200, 5, 3], random);
        Assert.Equal(TileLayout.NeuronRows, Backpropagation<double>.LayoutFor(padded));
        Assert.Equal(TileLayout.NeuronRows, Backpropagation<float>.LayoutFor(padded));
        Assert.Equal(TileLayout.SampleRows, Backpropagation<double>.LayoutFor(whole));
        Assert.Equal(TileLayout.SampleRows, Backpropagation<float>.LayoutFor(whole));
        Assert.Equal(TileLayout.SampleRows, Backpropagation<double>.LayoutFor(manyInputs));
        Assert.Equal(TileLayout.SampleRows, Backpropagation<float>.LayoutFor(manyInputs));
    }

    private static void GiveTheSameBits<T>(Network network, DataSet data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int samples = data.Count;
        foreach (int threads in new[] { 1, 2 })
        {
            string where = $"{typeof(T).Name}, threads={threads}";
            var sampleRows = new Backpropagation<T>(network, samples, threads, TileLayout.SampleRows);
            var neuronRows = new Backpropagation<T>(network, samples, threads, TileLayout.NeuronRows);
            Assert.Equal(sampleRows.Compute(network, data, captureOutputs: true), neuronRows.Compute(network, data, captureOutputs: true));
            SameGradients(sampleRows.Gradients, neuronRows.Gradients, where);
            Assert.True(sampleRows.Output.AsSpan().SequenceEqual(neuronRows.Output.AsSpan()), $"{where}: the captured outputs differ");

            // a second pass over the same buffers (the gradients are summed afresh, the data kept)
            Assert.Equal(sampleRows.Compute(network, data), neuronRows.Compute(network, data));
            SameGradients(sampleRows.Gradients, neuronRows.Gradients, where + ", second pass");

            // a mini-batch, gathered in a shuffled order
            int[] batch = [.. Enumerable.Range(0, samples).Reverse().Take(Math.Max(1, samples / 2))];
            var batchSampleRows = new Backpropagation<T>(network, batch.Length, threads, TileLayout.SampleRows);
            var batchNeuronRows = new Backpropagation<T>(network, batch.Length, threads, TileLayout.NeuronRows);
            Assert.Equal(batchSampleRows.Compute(network, data, batch), batchNeuronRows.Compute(network, data, batch));
            SameGradients(batchSampleRows.Gradients, batchNeuronRows.Gradients, where + ", mini-batch");
        }

        var traceSampleRows = new ForwardTrace(network.LayerSizes, samples);
        var traceNeuronRows = new ForwardTrace(network.LayerSizes, samples);
        new Backpropagation<T>(network, samples, 1, TileLayout.SampleRows).Forward(network, data.Inputs, traceSampleRows);
        new Backpropagation<T>(network, samples, 1, TileLayout.NeuronRows).Forward(network, data.Inputs, traceNeuronRows);
        for (int n = 1; n <= network.Layers.Count; n++)
        {
            Assert.True(traceSampleRows.WeightedSum(n).AsSpan().SequenceEqual(traceNeuronRows.WeightedSum(n).AsSpan()), $"{typeof(T).Name}: z⁽{n}⁾ differs");
            Assert.True(traceSampleRows.Activation(n).AsSpan().SequenceEqual(traceNeuronRows.Activation(n).AsSpan()), $"{typeof(T).Name}: a⁽{n}⁾ differs");
        }
    }

    private static void SameGradients(Gradients expected, Gradients actual, string where)
    {
        Assert.Equal(expected.Cost, actual.Cost);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            ReadOnlySpan<double> w = expected.Layers[l].Weights.AsSpan(), wActual = actual.Layers[l].Weights.AsSpan();
            for (int i = 0; i < w.Length; i++)
                Assert.True(w[i].Equals(wActual[i]), $"{where}: ∂C/∂W{l + 1}[{i}] is {wActual[i]:R}, not {w[i]:R}");
            double[] b = expected.Layers[l].Biases, bActual = actual.Layers[l].Biases;
            for (int j = 0; j < b.Length; j++)
                Assert.True(b[j].Equals(bActual[j]), $"{where}: ∂C/∂b{l + 1}[{j}] is {bActual[j]:R}, not {b[j]:R}");
        }
    }
}
