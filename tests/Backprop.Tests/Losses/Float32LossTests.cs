namespace Backprop.Tests.Losses;

/// <summary>
/// Each loss with each output it supports, in float32 against float64 from the same float inputs: the sample's loss
/// (summed in double in both) and δ⁽ᴸ⁾ = ∂C/∂z⁽ᴸ⁾, within the few roundings float arithmetic adds.
/// </summary>
public class Float32LossTests
{
    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (Loss loss in Loss.All)
            foreach (Activation output in Activation.All.Where(loss.Supports))
                foreach (int outputs in new[] { 1, 3, 10 })
                    if (output != Activation.Softmax || outputs > 1) data.Add(loss.Name, output.Name, outputs);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueAndDelta_InFloat32_AreFloat64sToFloatsPrecision(string lossName, string outputName, int outputs)
    {
        Loss loss = Loss.FromName(lossName)!;
        Activation output = Activation.FromName(outputName)!;
        var random = new Random(outputs * 31 + lossName.Length);
        for (int sample = 0; sample < 200; sample++)
        {
            float[] z = [.. Enumerable.Range(0, outputs).Select(_ => (float)((random.NextDouble() * 2 - 1) * 8))];
            var a = new float[outputs];
            output.Apply(z, a);
            // targets as the loss expects them: one-hot classes for softmax, 0/1 for a logistic cross-entropy, numbers otherwise
            float[] y = output == Activation.Softmax ? [.. Enumerable.Range(0, outputs).Select(j => j == sample % outputs ? 1f : 0f)]
                : loss == Loss.CrossEntropy ? [.. Enumerable.Range(0, outputs).Select(_ => (float)random.Next(2))]
                : [.. Enumerable.Range(0, outputs).Select(_ => (float)random.NextDouble())];
            const float Scale = 1f / 7;

            var delta = new float[outputs];
            double value = loss.SampleValueAndDelta<float>(output, z, a, y, Scale, delta);
            var exactDelta = new double[outputs];
            double exact = loss.SampleValueAndDelta<double>(output, [.. z.Select(v => (double)v)], [.. a.Select(v => (double)v)],
                [.. y.Select(v => (double)v)], Scale, exactDelta);

            // Terms of the size of 1 + Σ|a| + Σ|y| (times the scale for δ) rounded a few times in float: 2⁻²¹ of that.
            double size = 1 + a.Sum(Math.Abs) + y.Sum(Math.Abs);
            Assert.True(Math.Abs(value - exact) <= size * 8 * Math.Pow(2, -21), $"loss {value:R} vs {exact:R}");
            for (int j = 0; j < outputs; j++)
                Assert.True(Math.Abs(delta[j] - exactDelta[j]) <= Scale * size * Math.Pow(2, -21), $"δ{j}: {delta[j]:R} vs {exactDelta[j]:R}");
        }
    }
}
