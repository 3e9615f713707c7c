using CsCheck;

namespace Backprop.Tests;

/// <summary>
/// Properties over random architectures, designs and data (CsCheck generates them and shrinks any failure to a
/// small case): backpropagation agrees with finite differences, models and CSV files read back exactly.
/// </summary>
public class PropertyTests
{
    // A design and data that fit it: 1–4 inputs, 0–3 hidden layers of 1–8 neurons (logistic, tanh or identity; relu's
    // kink defeats finite differences), 1–4 outputs (logistic, identity or softmax) with a loss the output supports.
    internal sealed record Case(Network Network, DataSet Data)
    {
        public override string ToString() => $"{Network} {string.Join(",", Network.Layers.Select(l => l.Activation.Name))} {Network.Loss.Name} on {Data.Count} samples";
    }

    internal static readonly Gen<Case> Cases =
        from inputs in Gen.Int[1, 4]
        from hidden in Gen.Int[1, 8].Array[0, 3]
        from outputs in Gen.Int[1, 4]
        from hiddenActivations in Gen.OneOf(Activation.Logistic, Activation.Tanh, Activation.Identity).Array[hidden.Length]
        from outputChoice in Gen.Int[0, outputs >= 2 ? 3 : 2]
        from crossEntropy in Gen.Bool
        from samples in Gen.Int[1, 30]
        from seed in Gen.UInt
        from scaled in Gen.Bool
        select Make(inputs, hidden, outputs, hiddenActivations, outputChoice, crossEntropy, samples, seed, scaled);

    private static Case Make(int inputs, int[] hidden, int outputs, Activation[] hiddenActivations, int outputChoice, bool crossEntropy,
        int samples, uint seed, bool scaled)
    {
        Activation output = outputChoice switch { 0 or 1 => Activation.Logistic, 2 => Activation.Identity, _ => Activation.Softmax };
        Loss loss = output == Activation.Softmax || (output == Activation.Logistic && crossEntropy) ? Loss.CrossEntropy : Loss.Squared;
        var random = new NumpyRandom(seed);
        var x = new Matrix(inputs, samples);
        var y = new Matrix(outputs, samples);
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < inputs; i++) x[i, s] = 4 * random.NextDouble() - 2;
            if (output == Activation.Softmax) y[(int)(random.NextDouble() * outputs), s] = 1;   // one-hot
            else for (int o = 0; o < outputs; o++) y[o, s] = output == Activation.Identity ? 2 * random.NextDouble() - 1 : random.NextDouble();
        }
        var network = Network.CreateRandom([inputs, .. hidden, outputs], random, new NetworkOptions
        {
            HiddenActivations = hiddenActivations,
            OutputActivation = output,
            Loss = loss,
            Initialization = Initialization.Glorot,
            InputScaling = scaled ? InputScaling.Fit(x) : null,
            Classes = output == Activation.Softmax && crossEntropy ? [.. Enumerable.Range(0, outputs).Select(k => $"class \"{k}\", ok")] : null,
        });
        return new Case(network, new DataSet(x, y));
    }

    [Fact]
    public void Backpropagation_AgreesWithFiniteDifferences_ForAnyDesign() =>
        Cases.Sample(c => Assert.True(GradientCheck.Run(c.Network, c.Data).MaxError < 1e-6, $"{c}: {GradientCheck.Run(c.Network, c.Data).MaxError:E2}"),
            iter: 60, threads: 1, print: c => c.ToString());

    [Fact]
    public void Model_ReadsBackExactly_ForAnyDesign() =>
        Cases.Sample(c =>
        {
            Network read = ModelFile.Parse(ModelFile.Serialize(c.Network));
            Assert.Equal(c.Network.LayerSizes, read.LayerSizes);
            Assert.Equal(c.Network.Layers.Select(l => l.Activation), read.Layers.Select(l => l.Activation));
            Assert.Equal(c.Network.Loss, read.Loss);
            Assert.Equal(c.Network.Classes, read.Classes);
            Assert.Equal(c.Network.InputScaling?.Mean, read.InputScaling?.Mean);
            Assert.Equal(c.Network.InputScaling?.StandardDeviation, read.InputScaling?.StandardDeviation);
            for (int l = 0; l < read.Layers.Count; l++)
            {
                Assert.Equal(c.Network.Layers[l].Weights.AsSpan().ToArray(), read.Layers[l].Weights.AsSpan().ToArray());
                Assert.Equal(c.Network.Layers[l].Biases, read.Layers[l].Biases);
            }
        }, iter: 200, threads: 1, print: c => c.ToString());

    [Fact]
    public void Csv_ReadsBackExactly_ForAnyData() =>
        Cases.Sample(c =>
        {
            var text = new StringWriter();
            DataFile.Write(text, c.Data);
            DataSet read = DataFile.Read(new StringReader(text.ToString()), c.Data.InputSize);
            Assert.Equal(c.Data.Inputs.AsSpan().ToArray(), read.Inputs.AsSpan().ToArray());
            Assert.Equal(c.Data.Targets.AsSpan().ToArray(), read.Targets.AsSpan().ToArray());
        }, iter: 200, threads: 1, print: c => c.ToString());
}
