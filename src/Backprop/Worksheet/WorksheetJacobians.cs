namespace Backprop;

/// <summary>
/// A Jacobian function as the worksheet's learner writes one: <c>J_W3(x, y)</c> returns ∂C/∂W⁽³⁾ at the notebook's
/// current weights, for inputs <paramref name="x"/> (1 × N) and targets <paramref name="y"/> (2 × N).
/// </summary>
public delegate Matrix JacobianFunction(Matrix x, Matrix y);

/// <summary>
/// The six Jacobian functions of the worksheet's assignment, ∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾ for n = 1, 2, 3: the learner's own,
/// or <see cref="Backpropagation(Func{WorksheetParameters})"/>, the library's.
/// </summary>
/// <param name="W1">J_W1 = ∂C/∂W⁽¹⁾, shaped as W⁽¹⁾.</param>
/// <param name="W2">J_W2 = ∂C/∂W⁽²⁾.</param>
/// <param name="W3">J_W3 = ∂C/∂W⁽³⁾.</param>
/// <param name="B1">J_b1 = ∂C/∂b⁽¹⁾, a column shaped as b⁽¹⁾.</param>
/// <param name="B2">J_b2 = ∂C/∂b⁽²⁾.</param>
/// <param name="B3">J_b3 = ∂C/∂b⁽³⁾.</param>
public sealed record WorksheetJacobians(JacobianFunction W1, JacobianFunction W2, JacobianFunction W3,
    JacobianFunction B1, JacobianFunction B2, JacobianFunction B3)
{
    /// <summary>
    /// The six in the order the worksheet writes them, J_W3, J_b3, J_W2, J_b2, J_W1, J_b1 (from the last layer back),
    /// each with its name, its layer and whether it is a weight's (else a bias's).
    /// </summary>
    public IReadOnlyList<WorksheetJacobian> InWorksheetOrder =>
    [
        new("J_W3", 3, IsWeights: true, W3), new("J_b3", 3, IsWeights: false, B3),
        new("J_W2", 2, IsWeights: true, W2), new("J_b2", 2, IsWeights: false, B2),
        new("J_W1", 1, IsWeights: true, W1), new("J_b1", 1, IsWeights: false, B1),
    ];

    /// <summary>
    /// The library's own Jacobians, by backpropagation at the parameters <paramref name="parameters"/> gives when called:
    /// the reference a learner's functions are checked against, and a stand-in for those not written yet.
    /// </summary>
    public static WorksheetJacobians Backpropagation(Func<WorksheetParameters> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        JacobianFunction Of(Func<Gradients, Matrix> pick) => (x, y) => pick(parameters().ToNetwork().Backpropagate(new DataSet(x, y)));
        static Matrix Column(double[] b) => Matrix.FromRows([.. b.Select(v => new[] { v })]);
        return new(Of(g => g.Layers[0].Weights), Of(g => g.Layers[1].Weights), Of(g => g.Layers[2].Weights),
            Of(g => Column(g.Layers[0].Biases)), Of(g => Column(g.Layers[1].Biases)), Of(g => Column(g.Layers[2].Biases)));
    }
}

/// <summary>One of the six Jacobian functions, named as the worksheet names it.</summary>
/// <param name="Name">J_W3, J_b3, …</param>
/// <param name="Layer">The layer n, 1 to 3.</param>
/// <param name="IsWeights">Whether it is ∂C/∂W⁽ⁿ⁾ (else ∂C/∂b⁽ⁿ⁾).</param>
/// <param name="Function">The function itself.</param>
public sealed record WorksheetJacobian(string Name, int Layer, bool IsWeights, JacobianFunction Function);

/// <summary>
/// A learner's worksheet as the library sees it: the network's six parameters, read and replaced through the two
/// functions given (the notebook's globals, which C# cannot share as numpy's module does), and the six Jacobian functions.
/// </summary>
/// <param name="getParameters">Returns the notebook's current W1 … b3.</param>
/// <param name="setParameters">Replaces the notebook's W1 … b3.</param>
/// <param name="jacobians">The learner's six Jacobian functions, which read the notebook's parameters.</param>
public sealed class WorksheetNotebook(Func<WorksheetParameters> getParameters, Action<WorksheetParameters> setParameters, WorksheetJacobians jacobians)
{
    /// <summary>The notebook's W1 … b3, read or replaced.</summary>
    public WorksheetParameters Parameters
    {
        get => getParameters();
        set => setParameters(value);
    }

    /// <summary>The learner's six Jacobian functions.</summary>
    public WorksheetJacobians Jacobians { get; } = jacobians ?? throw new ArgumentNullException(nameof(jacobians));
}
