#:project ../src/Backprop.Notebook/Backprop.Notebook.csproj
// The worksheet "Neural Networks" in C#: the assignment. Write the six Jacobian functions, J_W3 first (each throws
// NotImplementedException until you do; its equation is in the comment above it), then run
// `dotnet run worksheet/exercise.cs` (`-- --out DIR` for where worksheet.md and the figure go). Each run checks your
// functions against backpropagation, says which one is wrong and the likely mistake, then trains the network with them
// and draws the heart. The notebook's text is in the /* */ comments, its cells follow their `In [n]:` marks, and its
// numpy reads as C#: W1.Dot(a0) is W1 @ a0, a2.T is a2.T, * / + − work element by element and a column (a bias)
// repeats over the samples, Sum(J, axis: 1) is np.sum(J, axis=1, keepdims=True), x.Size is x.size. The solution is
// worksheet/solution.cs.
using Backprop;
using static Backprop.Matrix;

var module = new BackpropModule(args);

/*
# Neural Networks

## Feed forward

In the following cell, we will define functions to set up our neural network.
Namely an activation function, $\sigma(z)$, it's derivative, $\sigma'(z)$, a function to initialise weights and biases, and a function that calculates each activation of the network using feed-forward.

Recall the feed-forward equations,
$$ \boldsymbol{a}^{(n)} = \sigma(\boldsymbol{z}^{(n)}) $$
$$ \boldsymbol{z}^{(n)} = \boldsymbol{W}^{(n)}\boldsymbol{a}^{(n-1)} + \boldsymbol{b}^{(n)} $$

In this worksheet we will use the *logistic function* as our activation function
$$ \sigma(\boldsymbol{z}) = \frac{1}{1 + \exp(-\boldsymbol{z})} $$
*/

// In [1]:
// %run "BackpropModule.ipynb": the helper module is the library's BackpropModule (`module` above); its functions
// training_data and plot_training are at the end of this file.

// In [2]:
// import numpy as np: Backprop's Matrix (`using static Backprop.Matrix` gives Exp, Cosh, Pow, Sum, Norm), and numpy's
// global generator, seeded as np.random.seed(1) would seed it, so that the run can be repeated.
NumpyRandom np_random = module.Random;

// In [3]:
// Activation function and its derivative
Func<Matrix, Matrix> σ = z => 1 / (1 + Exp(-z));
Func<Matrix, Matrix> dσ = z => Pow(Cosh(z / 2), -2) / 4;

// This function initialises the network with it's structure, it also resets any training already done.
Matrix W1, W2, W3, b1, b2, b3;
void reset_network(int n1 = 6, int n2 = 7, NumpyRandom? random = null)
{
    random ??= np_random;
    W1 = random.NextGaussianMatrix(n1, 1) / 2;
    W2 = random.NextGaussianMatrix(n2, n1) / 2;
    W3 = random.NextGaussianMatrix(2, n2) / 2;
    b1 = random.NextGaussianMatrix(n1, 1) / 2;
    b2 = random.NextGaussianMatrix(n2, 1) / 2;
    b3 = random.NextGaussianMatrix(2, 1) / 2;
}

// This function feeds forward each activation to the next layer. It returns all weighted sums and activations.
(Matrix a0, Matrix z1, Matrix a1, Matrix z2, Matrix a2, Matrix z3, Matrix a3) network_function(Matrix a0)
{
    var z1 = W1.Dot(a0) + b1;
    var a1 = σ(z1);
    var z2 = W2.Dot(a1) + b2;
    var a2 = σ(z2);
    var z3 = W3.Dot(a2) + b3;
    var a3 = σ(z3);
    return (a0, z1, a1, z2, a2, z3, a3);
}

// Cost Function
double cost(Matrix x, Matrix y) => Math.Pow(Norm(network_function(x).a3 - y), 2) / x.Size;

/*
## Backpropagation

We'll define our Jacobians as
$$ \mathcal{J}_{\boldsymbol{W}^{(n)}} = \frac{\partial C}{\partial \boldsymbol{W}^{(n)}}$$

$$ \mathcal{J}_{\boldsymbol{b}^{(n)}} = \frac{\partial C}{\partial \boldsymbol{b}^{(n)}}$$
where $C$ is the average cost function over the training set:
$$ C = \frac{1}{N}\sum_{k}^{N} C_{k}$$
$$\implies C = \frac{1}{N}\sum_{k}^{N} \left|\left|\boldsymbol{a}_{k}^{(L)} - \boldsymbol{y}_{k}\right|\right|^{2}$$

Using the chain rule, we can write our Jacobians as:
$$ \mathcal{J}_{\boldsymbol{W}^{(n)}} =
   \frac{\partial C}{\partial \boldsymbol{a}^{(n)}}
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{z}^{(n)}}
   \frac{\partial \boldsymbol{z}^{(n)}}{\partial \boldsymbol{W}^{(n)}}
   ,$$

$$ \mathcal{J}_{\boldsymbol{b}^{(n)}} =
   \frac{\partial C}{\partial \boldsymbol{a}^{(n)}}
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{z}^{(n)}}
   \frac{\partial \boldsymbol{z}^{(n)}}{\partial \boldsymbol{b}^{(n)}}
   .$$

Backpropagation is called like that because it its easier to start from the last layer and work backwards. If $n$ is the last layer, then
$$ \frac{\partial C}{\partial \boldsymbol{a}^{(n)}} = 2(\boldsymbol{a}^{(n)} - \boldsymbol{y}) $$

$$ \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{z}^{(n)}} = \sigma'(\boldsymbol{z}^{(n)})$$

$$ \frac{\partial \boldsymbol{z}^{(n)}}{\partial \boldsymbol{W}^{(n)}} = \boldsymbol{a}^{(n-1)}$$

$$ \frac{\partial \boldsymbol{z}^{(n)}}{\partial \boldsymbol{b}^{(n)}} = 1$$

We are going to create a 3-Layer neural network, thus we shall start from the third layer.
*/

// In [4]:
// Jacobian for the third layer weights.
Matrix J_W3(Matrix x, Matrix y)
{
    // Activations and weighted sums
    var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);

    // 𝒥_W⁽³⁾ = ∂C/∂a⁽³⁾ · ∂a⁽³⁾/∂z⁽³⁾ · ∂z⁽³⁾/∂W⁽³⁾, averaged over the samples, with ∂C/∂a⁽³⁾ = 2(a⁽³⁾ − y),
    // ∂a⁽³⁾/∂z⁽³⁾ = σ′(z⁽³⁾) and ∂z⁽³⁾/∂W⁽³⁾ = a⁽²⁾: shaped as W3, 2 × 7.
    throw new NotImplementedException();
}

// Jacobian for the third layer bias.
Matrix J_b3(Matrix x, Matrix y)
{
    var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);

    // 𝒥_b⁽³⁾ = ∂C/∂a⁽³⁾ · ∂a⁽³⁾/∂z⁽³⁾ · ∂z⁽³⁾/∂b⁽³⁾, averaged over the samples, with ∂z⁽³⁾/∂b⁽³⁾ = 1: shaped as b3, 2 × 1.
    throw new NotImplementedException();
}

/*
Now for the second to last layer (for our neural network this is Layer 2), the partial derivatives are,
$$ \frac{\partial C}{\partial \boldsymbol{W}^{(n-1)}} =
   \frac{\partial C}{\partial \boldsymbol{a}^{(n)}}
   \left(
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}}
   \right)
   \frac{\partial \boldsymbol{a}^{(n-1)}}{\partial \boldsymbol{z}^{(n-1)}}
   \frac{\partial \boldsymbol{z}^{(n-1)}}{\partial \boldsymbol{W}^{(n-1)}}
   ,$$
$$ \frac{\partial C}{\partial \boldsymbol{b}^{(n-1)}} =
   \frac{\partial C}{\partial \boldsymbol{a}^{(n)}}
   \left(
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}}
   \right)
   \frac{\partial \boldsymbol{a}^{(n-1)}}{\partial \boldsymbol{z}^{(n-1)}}
   \frac{\partial \boldsymbol{z}^{(n-1)}}{\partial \boldsymbol{b}^{(n-1)}}
   .$$

The new partial derivative $\frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}}$ can be expanded using the chain rule as
$$ \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}} =
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{z}^{(n)}}
   \frac{\partial \boldsymbol{z}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}} =
   \sigma'\left(\boldsymbol{z}^{(n)}\right)
   \boldsymbol{W}^{(n)}
$$
*/

// In [5]:
// Jacobian for the second layer weights.
Matrix J_W2(Matrix x, Matrix y)
{
    var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);

    // 𝒥_W⁽²⁾ = ∂C/∂a⁽³⁾ · (∂a⁽³⁾/∂a⁽²⁾) · ∂a⁽²⁾/∂z⁽²⁾ · ∂z⁽²⁾/∂W⁽²⁾, averaged over the samples, with
    // ∂a⁽³⁾/∂a⁽²⁾ = σ′(z⁽³⁾) W⁽³⁾: shaped as W2, 7 × 6.
    throw new NotImplementedException();
}

// Jacobian for the second layer bias.
Matrix J_b2(Matrix x, Matrix y)
{
    var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);

    // 𝒥_b⁽²⁾ = ∂C/∂a⁽³⁾ · (∂a⁽³⁾/∂a⁽²⁾) · ∂a⁽²⁾/∂z⁽²⁾ · ∂z⁽²⁾/∂b⁽²⁾, averaged over the samples: shaped as b2, 7 × 1.
    throw new NotImplementedException();
}

/*
When doing backpropagation we always incorporate another partial derivative and reduce the layers as such:
$$ \frac{\partial C}{\partial \boldsymbol{W}^{(n-2)}} =
   \frac{\partial C}{\partial \boldsymbol{a}^{(n)}}
   \left(
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}}
   \frac{\partial \boldsymbol{a}^{(n-1)}}{\partial \boldsymbol{a}^{(n-2)}}
   \right)
   \frac{\partial \boldsymbol{a}^{(n-2)}}{\partial \boldsymbol{z}^{(n-2)}}
   \frac{\partial \boldsymbol{z}^{(n-2)}}{\partial \boldsymbol{W}^{(n-2)}}
   ,$$
$$ \frac{\partial C}{\partial \boldsymbol{b}^{(n-2)}} =
   \frac{\partial C}{\partial \boldsymbol{a}^{(n)}}
   \left(
   \frac{\partial \boldsymbol{a}^{(n)}}{\partial \boldsymbol{a}^{(n-1)}}
   \frac{\partial \boldsymbol{a}^{(n-1)}}{\partial \boldsymbol{a}^{(n-2)}}
   \right)
   \frac{\partial \boldsymbol{a}^{(n-2)}}{\partial \boldsymbol{z}^{(n-2)}}
   \frac{\partial \boldsymbol{z}^{(n-2)}}{\partial \boldsymbol{b}^{(n-2)}}
   .$$

For our 3-Layer Network this one would be 1-Layer and thus the last one to implement.
*/

// In [6]:
// Jacobian for the first layer weights.
Matrix J_W1(Matrix x, Matrix y)
{
    var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);

    // 𝒥_W⁽¹⁾ = ∂C/∂a⁽³⁾ · (∂a⁽³⁾/∂a⁽²⁾ · ∂a⁽²⁾/∂a⁽¹⁾) · ∂a⁽¹⁾/∂z⁽¹⁾ · ∂z⁽¹⁾/∂W⁽¹⁾, averaged over the samples:
    // shaped as W1, 6 × 1.
    throw new NotImplementedException();
}

// Jacobian for the first layer bias.
Matrix J_b1(Matrix x, Matrix y)
{
    var (a0, z1, a1, z2, a2, z3, a3) = network_function(x);

    // 𝒥_b⁽¹⁾ = ∂C/∂a⁽³⁾ · (∂a⁽³⁾/∂a⁽²⁾ · ∂a⁽²⁾/∂a⁽¹⁾) · ∂a⁽¹⁾/∂z⁽¹⁾ · ∂z⁽¹⁾/∂b⁽¹⁾, averaged over the samples:
    // shaped as b1, 6 × 1.
    throw new NotImplementedException();
}

/*
## Test

First, we generate training data, and generate a network with randomly assigned weights and biases.
*/

// In [7]:
var (x, y) = training_data();
reset_network();
show(W1, W2, W3, b1, b2, b3);

/*
Before training, one forward pass, its cost, and your six Jacobians at these first weights, each checked against
backpropagation (on this network, and on others of other sizes, so that a slip that happens to cancel here shows).
*/

// In [8]:
var (_, z1, a1, z2, a2, z3, a3) = network_function(x);
show(z1, a1, z2, a2, z3, a3);
show(cost(x, y));
check_jacobians(x, y);
show(J_W3(x, y), J_b3(x, y), J_W2(x, y), J_b2(x, y), J_W1(x, y), J_b1(x, y));

/*
Next, if you've implemented the assignment correctly, the following code will iterate through a steepest descent algorithm using the Jacobians you have calculated.
The function will plot the training data (in green), and your neural network solutions in pink for each iteration, and orange for the last output.

It takes about 50,000 iterations to train this network.
We can split this up though - **10,000 iterations should take about a minute to run**.
Run the line below as many times as you like.
*/

// In [9]:
plot_training(x, y, iterations: 50000, aggression: 5, noise: 0.8);

#region BackpropModule: what `%run "BackpropModule.ipynb"` gives the notebook (nothing to change here)
return module.Finish();   // worksheet.md, and the closing line: worksheet: jacobians=K/6 iterations=N cost=C

// numpy shares one namespace between the notebook and its module; C# hands the module this file's network (W1 … b3,
// read and replaced) and its six Jacobian functions. Each call passes its line, so outputs land in their cell.
WorksheetNotebook notebook() => new(() => new(W1, W2, W3, b1, b2, b3), p => (W1, W2, W3, b1, b2, b3) = p,
    new(J_W1, J_W2, J_W3, J_b1, J_b2, J_b3));
(Matrix x, Matrix y) training_data(int N = 100) => BackpropModule.TrainingData(N);
void plot_training(Matrix x, Matrix y, int iterations = 10000, double aggression = 3.5, double noise = 1,
    [System.Runtime.CompilerServices.CallerLineNumber] int line = 0) =>
    module.PlotTraining(notebook(), x, y, new() { Iterations = iterations, Aggression = aggression, Noise = noise }, line);
void check_jacobians(Matrix x, Matrix y, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0) =>
    module.CheckJacobians(notebook(), x, y, line);
void show(object a, object? b = null, object? c = null, object? d = null, object? e = null, object? f = null,
    [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(a))] string aName = "",
    [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(b))] string bName = "",
    [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(c))] string cName = "",
    [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(d))] string dName = "",
    [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(e))] string eName = "",
    [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(f))] string fName = "",
    [System.Runtime.CompilerServices.CallerLineNumber] int line = 0) =>
    module.Show([(aName, a), (bName, b), (cName, c), (dName, d), (eName, e), (fName, f)], line);
#endregion
