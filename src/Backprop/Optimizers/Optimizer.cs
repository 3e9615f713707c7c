using System.Runtime.CompilerServices;

namespace Backprop;

/// <summary>
/// How a training step moves the parameters θ against their gradient g = ∂C/∂θ: <see cref="Sgd"/> (the worksheet's
/// steepest descent, the default), <see cref="SgdWithMomentum"/> or <see cref="Adam"/>. Definitions are PyTorch's
/// (<c>torch.optim</c>), so trajectories can be checked against it.
/// </summary>
/// <remarks>
/// <para>An optimizer is settings only, each described in the catalog (<see cref="Settings"/>: name, default, range);
/// <see cref="Trainer"/> asks it for a fresh <see cref="OptimizerState"/> per run, which owns the run's state
/// (velocities, moments, the noise's draws) and takes each step. Weight decay is added to g by the trainer before the
/// step, as PyTorch's <c>weight_decay</c> does, so every optimizer sees the same g.</para>
/// <para>The contract of a step (<see cref="OptimizerState.TryStep"/>): it is given the parameters θ, their gradient g
/// at θ on this iteration's batch, and that batch's <see cref="Objective"/>, which evaluates the cost and g again at
/// whatever θ then holds. A first-order optimizer moves θ once and never calls it; an optimizer with a line search
/// (L-BFGS, backtracking) tries points by writing θ and evaluating. Either way it leaves θ finite, at the point it
/// chose, or returns false with θ as it was; the trainer's loop is the same for both.</para>
/// <para>Adding one: a record with its settings as <see cref="Setting"/>s (defaults read from them), its state, and
/// one line in <see cref="Catalog.Optimizers"/>; the command line, the playground and the page take it from there.</para>
/// </remarks>
public abstract record Optimizer
{
    /// <summary>The name used on the command line, for example <c>adam</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line on what it does.</summary>
    public abstract string Description { get; }

    /// <summary>The learning rate the tool and the playground take with this optimizer when none is given.</summary>
    public abstract double DefaultLearningRate { get; }

    /// <summary>The optimizer's own settings (not the learning rate or weight decay, which every optimizer has).</summary>
    public abstract IReadOnlyList<Setting> Settings { get; }

    /// <summary>Return the value of one of <see cref="Settings"/> (a switch: 1 on, 0 off).</summary>
    /// <exception cref="ArgumentException"><paramref name="setting"/> is not one of this optimizer's.</exception>
    public abstract double ValueOf(Setting setting);

    /// <summary>Return a copy with one of <see cref="Settings"/> changed (a switch: non-zero is on); the value is checked by <see cref="Validate"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="setting"/> is not one of this optimizer's.</exception>
    public abstract Optimizer With(Setting setting, double value);

    /// <summary>Return a copy with each of <see cref="Settings"/> that <paramref name="given"/> has a value for set to it (the rest as they are).</summary>
    internal Optimizer WithGiven(Func<Setting, double?> given) =>
        Settings.Aggregate(this, (optimizer, setting) => given(setting) is { } value ? optimizer.With(setting, value) : optimizer);

    /// <summary>Each of <see cref="Settings"/> in words, each name after <paramref name="prefix"/>: <c>noise 0.8</c>, or a switch's name alone when on.</summary>
    internal IEnumerable<string> SettingWords(string prefix = "") =>
        Settings.Where(setting => !setting.IsSwitch || ValueOf(setting) != 0)
            .Select(setting => setting.IsSwitch ? $"{prefix}{setting.Name}" : $"{prefix}{setting.Name} {PlainNumber.Format(ValueOf(setting))}");

    /// <summary>Make the state of one run over parameter arrays of the given lengths.</summary>
    internal abstract OptimizerState Start(IReadOnlyList<int> parameterLengths, NumpyRandom random, TrainingOptions options);

    /// <summary>Check the settings and name the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        foreach (Setting setting in Settings) setting.Check(ValueOf(setting));
    }

    /// <summary>The exception for a setting that is not this optimizer's.</summary>
    private protected ArgumentException NotMine(Setting setting) =>
        new($"{setting.Name} is not a setting of {Name}", nameof(setting));

    /// <summary>Return the name.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// The cost of one iteration's batch as a function of the parameters: <see cref="Evaluate"/> computes it, and its
/// gradient into the arrays the step was given, at the parameters' current values (weight decay included).
/// </summary>
internal abstract class Objective
{
    /// <summary>Return the cost at the parameters' current values and write its gradient into the step's g.</summary>
    public abstract double Evaluate();
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
    /// <param name="objective">Evaluates the cost and g again at whatever θ holds (for a line search); first-order steps do not call it.</param>
    public abstract bool TryStep(double[][] θ, double[][] g, Objective objective);

    /// <summary>
    /// Take <paramref name="optimizer"/>'s settings (of this state's own kind) and <paramref name="learningRate"/> for the
    /// steps to come, keeping what the state has gathered (moments, velocity, step count), as a change of a PyTorch
    /// optimizer's param_groups does.
    /// </summary>
    public abstract void Retune(Optimizer optimizer, double learningRate);
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
    public sealed override bool TryStep(double[][] θ, double[][] g, Objective objective)
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
