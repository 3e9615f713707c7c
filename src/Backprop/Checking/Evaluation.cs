namespace Backprop;

/// <summary>How well a network fits a data set: the cost, and accuracy with a confusion matrix for a classifier or R² otherwise.</summary>
/// <param name="Samples">N.</param>
/// <param name="Cost">The network's loss averaged over the samples; for a network with a <see cref="Network.TargetScaling"/>, on the
/// targets' own scale (the squared loss of its predictions), not the standardised one it was trained on.</param>
/// <param name="Accuracy">For a network with classes: the fraction of samples whose largest output is their class.</param>
/// <param name="ConfusionMatrix">For a network with classes: element [t, p] counts samples of class t predicted as p.</param>
/// <param name="RSquared">Otherwise: the coefficient of determination 1 − Σ(y − a)² / Σ(y − ȳ)², averaged over the outputs
/// (scikit-learn's <c>r2_score</c>; an output whose targets are constant counts 1 if fitted exactly, else 0).</param>
public sealed record Evaluation(int Samples, double Cost, double? Accuracy, int[,]? ConfusionMatrix, double? RSquared)
{
    /// <summary>Evaluate <paramref name="network"/> on <paramref name="data"/> (raw inputs; the network's scaling is applied).</summary>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    public static Evaluation Of(Network network, DataSet data)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.CheckData(data);
        DataSet scaled = network.Scale(data);
        Backpropagation pass = Backpropagation.For(network, scaled.Count);
        double cost = pass.Compute(network, scaled, captureOutputs: true);
        Matrix a = network.Unscale(pass.Output), y = data.Targets;   // on the targets' own scale
        if (network.TargetScaling is not null && network.Loss == Loss.Squared) cost = SquaredCost(a, y);
        if (network.Classes is null) return new Evaluation(data.Count, cost, null, null, RSquaredOf(a, y));
        var confusion = new int[a.Rows, a.Rows];
        int correct = 0;
        for (int s = 0; s < data.Count; s++)
        {
            int truth = ClassLabels.ArgMax(y, s), predicted = ClassLabels.ArgMax(a, s);
            confusion[truth, predicted]++;
            if (truth == predicted) correct++;
        }
        return new Evaluation(data.Count, cost, (double)correct / data.Count, confusion, null);
    }

    /// <summary>
    /// One line of its numbers, as <c>backprop evaluate</c> prints them: <c>samples=150 cost=0.0567 accuracy=0.96
    /// confusion=[[50,0,0],[0,47,3],[0,3,47]]</c> (rows the true classes, columns the predicted) for a classifier,
    /// <c>samples=40 cost=0.0123 r2=0.981234</c> otherwise.
    /// </summary>
    public override string ToString() => Numbers
        + (ConfusionMatrix is { } confusion ? $" confusion=[{string.Join(',', Enumerable.Range(0, confusion.GetLength(0)).Select(t => $"[{string.Join(',', Enumerable.Range(0, confusion.GetLength(1)).Select(p => confusion[t, p]))}]"))}]" : "");

    /// <summary><c>samples=N cost=C accuracy=A</c> or <c>… r2=R</c>: <c>backprop evaluate</c>'s line.</summary>
    internal string Numbers => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"samples={Samples} cost={PlainNumber.Format(Cost, "G9")} {(Accuracy is { } accuracy ? $"accuracy={accuracy:0.####}" : $"r2={RSquared:0.######}")}");

    // (1/N) Σₖ ‖aₖ − yₖ‖², the squared loss, here of outputs turned back to the targets' scale.
    private static double SquaredCost(Matrix a, Matrix y)
    {
        double sum = 0;
        for (int j = 0; j < y.Rows; j++)
        {
            ReadOnlySpan<double> target = y.Row(j), output = a.Row(j);
            for (int s = 0; s < target.Length; s++) sum += (output[s] - target[s]) * (output[s] - target[s]);
        }
        return sum / y.Columns;
    }

    private static double RSquaredOf(Matrix a, Matrix y)
    {
        double total = 0;
        for (int j = 0; j < y.Rows; j++)
        {
            ReadOnlySpan<double> target = y.Row(j), output = a.Row(j);
            double mean = 0;
            foreach (double v in target) mean += v;
            mean /= target.Length;
            double residual = 0, spread = 0;
            for (int s = 0; s < target.Length; s++)
            {
                residual += (target[s] - output[s]) * (target[s] - output[s]);
                spread += (target[s] - mean) * (target[s] - mean);
            }
            total += spread > 0 ? 1 - residual / spread : residual == 0 ? 1 : 0;
        }
        return total / y.Rows;
    }
}
