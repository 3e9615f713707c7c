namespace Backprop.Tests.Engine;

/// <summary>
/// The engine in float32 against the engine in float64 on the same network and data: the cost and every gradient agree
/// to float's precision (relative to the gradient's size), for every hidden activation, both losses and their outputs,
/// on shapes across the tiles' and the vectors' boundaries, on one thread and two.
/// </summary>
public class Float32EngineTests
{
    public static TheoryData<int[], int, string, string, string> Cases()
    {
        var data = new TheoryData<int[], int, string, string, string>();
        int[][] shapes = [[13, 5, 3], [1, 6, 7, 2], [30, 16, 1], [17, 40, 11], [64, 32, 10]];
        int[] samples = [150, 129, 65, 1, 200];
        for (int k = 0; k < shapes.Length; k++)
            foreach (Activation hidden in Activation.All.Where(a => a.IsElementWise))
            {
                int outputs = shapes[k][^1];
                data.Add(shapes[k], samples[k], hidden.Name, "logistic", "squared");
                data.Add(shapes[k], samples[k], hidden.Name, outputs > 1 ? "softmax" : "logistic", "cross-entropy");
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CostAndGradients_InFloat32_AreFloat64sToFloatsPrecision(int[] sizes, int samples, string hidden, string output, string loss)
    {
        var random = new NumpyRandom(11);
        Network network = Network.CreateRandom(sizes, random, new NetworkOptions
        {
            HiddenActivation = Activation.FromName(hidden)!, OutputActivation = Activation.FromName(output)!, Loss = Loss.FromName(loss)!,
        });
        // weights that float represents exactly, so both engines start from the same network
        foreach (Layer layer in network.Layers)
        {
            for (int j = 0; j < layer.OutputSize; j++)
            {
                layer.Biases[j] = (float)layer.Biases[j];
                for (int k = 0; k < layer.InputSize; k++) layer.Weights[j, k] = (float)layer.Weights[j, k];
            }
        }
        var x = new Matrix(sizes[0], samples);
        var y = new Matrix(sizes[^1], samples);
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < sizes[0]; i++) x[i, s] = (float)random.NextGaussian();
            if (output == "softmax") y[s % sizes[^1], s] = 1;
            else for (int j = 0; j < sizes[^1]; j++) y[j, s] = loss == "cross-entropy" ? (random.NextDouble() < 0.5 ? 0 : 1) : (float)random.NextDouble();
        }
        var data = new DataSet(x, y);

        foreach (int threads in new[] { 1, 2 })
        {
            var exact = new Backpropagation<double>(network, samples, threads);
            var single = new Backpropagation<float>(network, samples, threads);
            double cost = exact.Compute(network, data), costSingle = single.Compute(network, data);
            Assert.True(Math.Abs(costSingle - cost) <= 1e-5 * (1 + Math.Abs(cost)), $"threads={threads}: cost {costSingle:R} in float32, {cost:R} in float64");
            for (int l = 0; l < network.Layers.Count; l++)
            {
                double[] g = exact.Gradients.Layers[l].Weights.AsSpan().ToArray(), gSingle = single.Gradients.Layers[l].Weights.AsSpan().ToArray();
                double[] b = exact.Gradients.Layers[l].Biases, bSingle = single.Gradients.Layers[l].Biases;
                // float rounds each of the chain rule's products and sums: errors of a few 2⁻²⁴ of the terms' size,
                // which the layer's largest gradient bounds from below; 1e-4 of it (and of the cost's size) leaves room
                // for sums over 200 samples and 64 inputs.
                double scale = 1e-4 * Math.Max(g.Concat(b).Max(Math.Abs), 1e-3 * (1 + cost));
                for (int i = 0; i < g.Length; i++)
                    Assert.True(Math.Abs(gSingle[i] - g[i]) <= scale, $"threads={threads}, ∂C/∂W{l + 1}[{i}]: {gSingle[i]:R} vs {g[i]:R}");
                for (int j = 0; j < b.Length; j++)
                    Assert.True(Math.Abs(bSingle[j] - b[j]) <= scale, $"threads={threads}, ∂C/∂b{l + 1}[{j}]: {bSingle[j]:R} vs {b[j]:R}");
            }
        }
    }
}
