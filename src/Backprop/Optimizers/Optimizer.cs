using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// How a training step moves the parameters θ against their gradient g = ∂C/∂θ: <see cref="Sgd"/> (the worksheet's
/// steepest descent, the default), <see cref="SgdWithMomentum"/> or <see cref="Adam"/>. Definitions are PyTorch's
/// (<c>torch.optim</c>), so trajectories can be checked against it.
/// </summary>
/// <remarks>
/// An optimizer is settings only; <see cref="Trainer"/> asks it for a fresh <see cref="OptimizerState"/> per run, which
/// owns the run's state (velocities, moments) and takes each step. Weight decay is added to g by the trainer before
/// the step, as PyTorch's <c>weight_decay</c> does, so every optimizer sees the same g.
/// </remarks>
public abstract record Optimizer
{
    /// <summary>The name used on the command line, for example <c>adam</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Make the state of one run over parameter arrays of the given lengths.</summary>
    internal abstract OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options);

    /// <summary>Check the settings and name the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public virtual void Validate() { }
}

/// <summary>One run's optimizer state: takes steps over the network's parameter arrays, allocating nothing.</summary>
internal abstract class OptimizerState
{
    /// <summary>
    /// Move every parameter array θ[k] against its gradient g[k], unless that would make a parameter non-finite; return
    /// whether the step was taken (if not, θ is as it was).
    /// </summary>
    /// <param name="θ">The parameter arrays, in the order W⁽¹⁾ … W⁽ᴸ⁾, b⁽¹⁾ … b⁽ᴸ⁾ (the worksheet's order of Jacobians).</param>
    /// <param name="g">The gradients, in the same order and shapes.</param>
    public abstract bool TryStep(double[][] θ, double[][] g);
}

/// <summary>An optimizer state that steps in place, then puts the parameters back if any became non-finite.</summary>
internal abstract class InPlaceOptimizerState : OptimizerState
{
    private readonly double[][] _previous;

    protected InPlaceOptimizerState(IReadOnlyList<int> parameterLengths) =>
        _previous = [.. parameterLengths.Select(length => new double[length])];

    /// <summary>The number of steps taken so far, t; 1 during the first step.</summary>
    protected int StepCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public sealed override bool TryStep(double[][] θ, double[][] g)
    {
        StepCount++;
        for (int k = 0; k < θ.Length; k++) θ[k].CopyTo(_previous[k], 0);
        bool finite = true;
        for (int k = 0; k < θ.Length; k++)
        {
            Step(k, θ[k], g[k]);
            finite &= AllFinite(θ[k]);
        }
        if (finite) return true;
        for (int k = 0; k < θ.Length; k++) _previous[k].CopyTo(θ[k], 0);
        return false;
    }

    /// <summary>Move parameter array k, θ, against its gradient g, updating its own state.</summary>
    protected abstract void Step(int k, Span<double> θ, ReadOnlySpan<double> g);

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
            if (!double.IsFinite(v)) return false;
        return true;
    }
}
