namespace Backprop;

/// <summary>
/// One number a run is given, as the catalog holds it: the name the command line and the playground use, a one-line
/// description, the default and the range. Every place that reads, checks, shows or prints a setting takes it from
/// here: <c>train</c>'s options and help, the playground's checks and controls, the "same run on the command line".
/// </summary>
/// <param name="Name">The name, as the option is spelled after <c>--</c>: <c>learning-rate</c>, <c>beta1</c>.</param>
/// <param name="Label">How a control shows it: <c>Learning rate</c>, <c>β₁</c>.</param>
/// <param name="Description">One line on what it does, with its formula where there is one.</param>
/// <param name="Default">The value taken when none is given (for a switch, 0: off).</param>
/// <param name="Range">The values allowed.</param>
public sealed record Setting(string Name, string Label, string Description, double Default, SettingRange Range)
{
    /// <summary>Whether this setting is a switch, on or off, given on the command line as a bare flag (<c>--nesterov</c>).</summary>
    public bool IsSwitch => Range.IsSwitch;

    /// <summary>Return what is wrong with <paramref name="value"/> for this setting ("beta1 must be from 0 up to (not including) 1"), or null.</summary>
    public string? Problem(double value) => Range.Contains(value) ? null : $"{Name} must be {Range}";

    /// <summary>Throw if <paramref name="value"/> is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is out of range; the message says the range.</exception>
    public void Check(double value)
    {
        if (Problem(value) is { } problem) throw new ArgumentOutOfRangeException(Name, value, problem);
    }
}
