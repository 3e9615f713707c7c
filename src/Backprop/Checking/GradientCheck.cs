namespace Backprop;

/// <summary>The largest disagreement between backpropagation and finite differences, per layer and overall.</summary>
/// <param name="LayerErrors">Element n − 1: max |numeric − analytic| over layer n's weights and biases, divided by the largest |analytic| in that layer.</param>
/// <param name="MaxError">The largest of <paramref name="LayerErrors"/>.</param>
public sealed record GradientCheckResult(IReadOnlyList<double> LayerErrors, double MaxError);

/// <summary>
/// Checks backpropagation against central finite differences of the cost for every parameter.
/// </summary>
/// <remarks>
/// Each derivative is the fourth-order central difference
/// ∂C/∂θ ≈ (C(θ−2h) − 8C(θ−h) + 8C(θ+h) − C(θ+2h)) / 12h, with h = step · max(1, |θ|). Errors are relative to the
/// size of the layer's gradient (its largest entry), not per entry: entries near zero would raise false alarms.
/// The default h is 1e-3 for the worksheet's logistic networks and 1e-5 for any other. Trained tanh and relu networks
/// have larger weights and sharper curvature, where 1e-3 leaves truncation errors of 1e-5 (a trained tanh classifier);
/// and relu is not differentiable at z = 0: a step that moves some sample's z across 0 measures the kink, not the
/// gradient (on a trained two-moons relu network, 1e-3 gave errors of 0.18 in its relu layers, 1e-5 below 1e-7).
/// </remarks>
public static class GradientCheck
{
    /// <summary>Compare backpropagation with finite differences for every weight and bias of <paramref name="network"/>.</summary>
    /// <param name="network">The network; its parameters are perturbed during the check and restored exactly.</param>
    /// <param name="data">The data the cost is taken over.</param>
    /// <param name="step">The relative finite-difference step h; by default 1e-3 for logistic networks, 1e-5 for others.</param>
    /// <param name="cancellationToken">Stops the check between parameters (the network is restored first).</param>
    /// <exception cref="ArgumentException">The data does not fit the network.</exception>
    /// <exception cref="OperationCanceledException">The check was cancelled.</exception>
    public static GradientCheckResult Run(Network network, DataSet data, double? step = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Run(network, data, network.Backpropagate(data), step ?? DefaultStep(network), cancellationToken);
    }

    /// <summary>Return the default relative step for <paramref name="network"/>: 1e-3 when every layer is logistic, else 1e-5.</summary>
    public static double DefaultStep(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Layers.All(layer => layer.Activation == Activation.Logistic) ? 1e-3 : 1e-5;
    }

    /// <summary>Compare given analytic gradients with finite differences of the network's cost (lets tests show a wrong gradient is caught).</summary>
    internal static GradientCheckResult Run(Network network, DataSet data, Gradients analytic, double step = 1e-3, CancellationToken cancellationToken = default)
    {
        data = network.Scale(data);   // the layers see standardised inputs, as Backpropagate gives them
        var pass = new Backpropagation<double>(network, data.Count);
        double Cost() => pass.Compute(network, data);

        var errors = new double[network.Layers.Count];
        for (int l = 0; l < errors.Length; l++)
        {
            Layer layer = network.Layers[l];
            LayerGradient gradient = analytic.Layers[l];
            double largestError = 0, largestGradient = 0;
            foreach ((double[] θ, double[] J) in Parameters(layer, gradient))
                for (int i = 0; i < θ.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    double numeric = Differentiate(θ, i, step, Cost);
                    largestError = Math.Max(largestError, Math.Abs(numeric - J[i]));
                    largestGradient = Math.Max(largestGradient, Math.Abs(J[i]));
                }
            errors[l] = largestGradient > 0 ? largestError / largestGradient : largestError;
        }
        return new GradientCheckResult(errors, errors.Max());
    }

    private static IEnumerable<(double[] θ, double[] J)> Parameters(Layer layer, LayerGradient gradient)
    {
        yield return (layer.Weights.Values, gradient.Weights.Values);
        yield return (layer.Biases, gradient.Biases);
    }

    private static double Differentiate(double[] θ, int i, double step, Func<double> cost)
    {
        double original = θ[i];
        double h = step * Math.Max(1, Math.Abs(original));
        double At(double value) { θ[i] = value; return cost(); }
        double derivative = (At(original - 2 * h) - 8 * At(original - h) + 8 * At(original + h) - At(original + 2 * h)) / (12 * h);
        θ[i] = original;
        return derivative;
    }
}
