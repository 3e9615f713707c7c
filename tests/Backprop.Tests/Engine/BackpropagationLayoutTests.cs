namespace Backprop.Tests.Engine;

/// <summary>
/// The engine's padded, transposed, tiled layout against the chain rule written sample by sample in plain loops, on
/// shapes that cross its boundaries: inputs and outputs that are not multiples of the 8 rows the data are transposed by
/// (nor of the vector width), samples that are not multiples of the 64 a tile takes, one sample, and many.
/// </summary>
public class BackpropagationLayoutTests
{
    public static TheoryData<int[], int> Shapes() => new()
    {
        { [13, 5, 3], 150 },
        { [8, 9, 1], 64 },
        { [17, 4, 11], 65 },
        { [3, 7, 2], 1 },
        { [1, 6, 7, 2], 129 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CostAndGradients_AreTheChainRuleSampleBySample(int[] sizes, int samples)
    {
        var random = new NumpyRandom(7);
        Network network = Network.CreateRandom(sizes, random);   // logistic layers, the squared loss
        var x = new Matrix(sizes[0], samples);
        var y = new Matrix(sizes[^1], samples);
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < sizes[0]; i++) x[i, s] = random.NextGaussian();
            for (int j = 0; j < sizes[^1]; j++) y[j, s] = random.NextDouble();
        }

        Gradients actual = network.Backpropagate(new DataSet(x, y));
        (double cost, double[][,] dW, double[][] db) = PlainChainRule(network, x, y);

        Assert.Equal(cost, actual.Cost, 1e-13);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Matrix W = actual.Layers[l].Weights;
            for (int j = 0; j < W.Rows; j++)
            {
                Assert.Equal(db[l][j], actual.Layers[l].Biases[j], 1e-13);
                for (int k = 0; k < W.Columns; k++) Assert.Equal(dW[l][j, k], W[j, k], 1e-13);
            }
        }
    }

    // C = (1/N) Σₛ ‖a⁽ᴸ⁾ − y‖², by the worksheet's chain rule one sample at a time: δ⁽ᴸ⁾ = (2/N)(a − y) ⊙ σ′,
    // δ⁽ⁿ⁻¹⁾ = (W⁽ⁿ⁾ᵀ δ⁽ⁿ⁾) ⊙ σ′, ∂C/∂W⁽ⁿ⁾ += δ⁽ⁿ⁾ a⁽ⁿ⁻¹⁾ᵀ, ∂C/∂b⁽ⁿ⁾ += δ⁽ⁿ⁾, with σ′ = a(1 − a).
    private static (double Cost, double[][,] dW, double[][] db) PlainChainRule(Network network, Matrix x, Matrix y)
    {
        int L = network.Layers.Count, N = x.Columns;
        var dW = new double[L][,];
        var db = new double[L][];
        for (int l = 0; l < L; l++)
        {
            dW[l] = new double[network.Layers[l].OutputSize, network.Layers[l].InputSize];
            db[l] = new double[network.Layers[l].OutputSize];
        }
        double cost = 0;
        for (int s = 0; s < N; s++)
        {
            var a = new double[L + 1][];
            a[0] = [.. Enumerable.Range(0, x.Rows).Select(i => x[i, s])];
            for (int l = 0; l < L; l++)
            {
                Layer layer = network.Layers[l];
                a[l + 1] = new double[layer.OutputSize];
                for (int j = 0; j < layer.OutputSize; j++)
                {
                    double z = layer.Biases[j];
                    for (int k = 0; k < layer.InputSize; k++) z += layer.Weights[j, k] * a[l][k];
                    a[l + 1][j] = 1 / (1 + Math.Exp(-z));
                }
            }
            double[] delta = new double[y.Rows];
            for (int j = 0; j < y.Rows; j++)
            {
                double e = a[L][j] - y[j, s];
                cost += e * e / N;
                delta[j] = 2.0 / N * e * a[L][j] * (1 - a[L][j]);
            }
            for (int l = L - 1; l >= 0; l--)
            {
                Layer layer = network.Layers[l];
                for (int j = 0; j < layer.OutputSize; j++)
                {
                    db[l][j] += delta[j];
                    for (int k = 0; k < layer.InputSize; k++) dW[l][j, k] += delta[j] * a[l][k];
                }
                if (l == 0) break;
                var previous = new double[layer.InputSize];
                for (int k = 0; k < layer.InputSize; k++)
                {
                    double sum = 0;
                    for (int j = 0; j < layer.OutputSize; j++) sum += layer.Weights[j, k] * delta[j];
                    previous[k] = sum * a[l][k] * (1 - a[l][k]);
                }
                delta = previous;
            }
        }
        return (cost, dW, db);
    }
}
