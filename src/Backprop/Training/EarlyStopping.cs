namespace Backprop;

/// <summary>Early stopping: remembers the weights of the snapshot with the lowest validation cost, and when to give up.</summary>
internal sealed class EarlyStopping(Network network, int patience)
{
    private readonly Network _best = network.Clone();
    private double _bestValidationCost = double.PositiveInfinity;
    private int _snapshotsSinceBest;

    /// <summary>K: the snapshots without improvement after which training stops.</summary>
    public int Patience => patience;

    /// <summary>The costs at the best snapshot so far.</summary>
    public TrainingEvaluation Best { get; private set; }

    /// <summary>The iteration of the best snapshot so far.</summary>
    public int BestIteration => Best.Iteration;

    /// <summary>The training cost at the best snapshot.</summary>
    public double BestTrainingCost => Best.Cost;

    /// <summary>Record a snapshot (with its validation cost); return true when the validation cost has not improved for <see cref="Patience"/> snapshots.</summary>
    public bool ShouldStop(Network current, TrainingEvaluation snapshot)
    {
        double validationCost = snapshot.ValidationCost!.Value;
        if (validationCost < _bestValidationCost)
        {
            _bestValidationCost = validationCost;
            Best = snapshot;
            _snapshotsSinceBest = 0;
            CopyParameters(current, _best);
            return false;
        }
        return ++_snapshotsSinceBest >= patience;
    }

    /// <summary>Put the best snapshot's weights back into <paramref name="current"/>.</summary>
    public void RestoreBest(Network current) => CopyParameters(_best, current);

    private static void CopyParameters(Network from, Network to)
    {
        for (int l = 0; l < from.Layers.Count; l++)
        {
            to.Layers[l].Weights.CopyFrom(from.Layers[l].Weights);
            from.Layers[l].Biases.CopyTo(to.Layers[l].Biases, 0);
        }
    }
}
