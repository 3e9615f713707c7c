namespace Backprop;

/// <summary>
/// The element type a network computes in: its weights, activations and gradients (PyTorch's <c>dtype</c>). The
/// worksheet's and the default is <see cref="Float64"/>.
/// </summary>
public enum Precision
{
    /// <summary>Float64 (double, numpy's default): the worksheet's precision, about 16 significant digits.</summary>
    Float64,

    /// <summary>
    /// Float32 (float, PyTorch's default): twice the numbers a vector holds, so big layers train about twice as fast;
    /// about 7 significant digits. A float32 network's weights are float32 values (each step's result is rounded to
    /// float32); its passes compute in float32 and sum the cost in float64.
    /// </summary>
    Float32,
}
