namespace Backprop.Tests;

/// <summary>Input scaling, class labels, validation splits and evaluation, against hand calculations.</summary>
public class DataToolsTests
{
    [Fact]
    public void InputScaling_Fit_TakesMeanAndPopulationStdPerInput_ConstantInputsGetStd1()
    {
        // Input 1: 1, 2, 3, 6 → mean 3, variance (4 + 1 + 0 + 9)/4 = 3.5. Input 2: constant 7.
        var x = Matrix.FromRows([[1.0, 2, 3, 6], [7.0, 7, 7, 7]]);
        InputScaling scaling = InputScaling.Fit(x);
        Assert.Equal([3.0, 7.0], scaling.Mean);
        Assert.Equal([Math.Sqrt(3.5), 1.0], scaling.StandardDeviation);
        Assert.Equal([1], InputScaling.ConstantInputs(x));
        Assert.Equal([-2 / Math.Sqrt(3.5), 0.0], scaling.Apply(x).AsSpan().ToArray().Where((_, i) => i % 4 == 0));
    }

    [Fact]
    public void ClassLabels_Sorted_NumbersNumericallyTextOrdinally()
    {
        Assert.Equal(["2", "9", "10"], ClassLabels.Sorted(["10", "9", "2", "9"]));
        Assert.Equal(["Iris-setosa", "Iris-virginica", "a"], ClassLabels.Sorted(["a", "Iris-virginica", "Iris-setosa"]));
    }

    [Fact]
    public void ClassLabels_OneHot_PutsAOneInTheLabelsRow_AndNamesAnUnknownLabel()
    {
        Matrix y = ClassLabels.OneHot(["b", "a", "b"], ["a", "b"]);
        Assert.Equal([0.0, 1, 0, 1, 0, 1], y.AsSpan().ToArray());
        var error = Assert.Throws<ArgumentException>(() => ClassLabels.OneHot(["a", "c"], ["a", "b"]));
        Assert.Contains("sample 2 has the label \"c\"", error.Message);
    }

    [Fact]
    public void Split_Stratified_KeepsEachClassesShare_IsSeeded_AndLosesNoSample()
    {
        // 40 samples of class 0 and 20 of class 1; a quarter held out: 10 and 5.
        var x = new Matrix(1, 60);
        var y = new Matrix(2, 60);
        for (int s = 0; s < 60; s++)
        {
            x[0, s] = s;
            y[s < 40 ? 0 : 1, s] = 1;
        }
        var data = new DataSet(x, y);

        (DataSet training, DataSet validation) = data.Split(0.25, new NumpyRandom(3), stratify: true);
        (_, DataSet again) = data.Split(0.25, new NumpyRandom(3), stratify: true);

        Assert.Equal(10, validation.Inputs.Row(0).ToArray().Count(v => v < 40));
        Assert.Equal(5, validation.Inputs.Row(0).ToArray().Count(v => v >= 40));
        Assert.Equal(validation.Inputs.Row(0).ToArray(), again.Inputs.Row(0).ToArray());
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (double)i), training.Inputs.Row(0).ToArray().Concat(validation.Inputs.Row(0).ToArray()).Order());
    }

    [Fact]
    public void Evaluation_RSquared_IsOneForAPerfectFitAndZeroForTheMean()
    {
        // An identity layer y = w·x + b: with w = 2, b = 1 it fits y = 2x + 1 exactly; with w = 0 and b = mean(y) it
        // predicts the mean, whose R² is 0 by definition.
        var x = Matrix.FromRows([[0.0, 1, 2, 3]]);
        var data = new DataSet(x, Matrix.FromRows([[1.0, 3, 5, 7]]));
        var exact = new Network([new Layer(Matrix.FromRows([[2.0]]), [1.0], Activation.Identity)]);
        var mean = new Network([new Layer(Matrix.FromRows([[0.0]]), [4.0], Activation.Identity)]);

        Assert.Equal(1.0, Evaluation.Of(exact, data).RSquared);
        Assert.Equal(0.0, Evaluation.Of(mean, data).RSquared);
        Assert.Equal((9 + 1 + 1 + 9) / 4.0, Evaluation.Of(mean, data).Cost);   // the squared loss, by hand
    }

    [Fact]
    public void Evaluation_Classifier_CountsTheConfusionMatrixAndAccuracy()
    {
        // softmax(x, −x): class 0 when x > 0. Samples at x = 1, 2, −1 of classes 0, 1, 1: one wrong (true 1, predicted 0).
        var network = new Network([new Layer(Matrix.FromRows([[1.0], [-1.0]]), [0.0, 0.0], Activation.Softmax)], Loss.CrossEntropy, classes: ["pos", "neg"]);
        var data = new DataSet(Matrix.FromRows([[1.0, 2, -1]]), ClassLabels.OneHot(["pos", "neg", "neg"], ["pos", "neg"]));

        Evaluation evaluation = Evaluation.Of(network, data);

        Assert.Equal(2.0 / 3, evaluation.Accuracy);
        Assert.Equal(new[,] { { 1, 0 }, { 1, 1 } }, evaluation.ConfusionMatrix);
        // Cross-entropy by hand: −ln σ(2) twice (x = 1 as pos, x = −1 as neg) and −ln σ(−4) (x = 2 as neg), over 3: 1.42400198.
        Assert.Equal(2 * Math.Log(1 + Math.Exp(-2)) / 3 + Math.Log(1 + Math.Exp(4)) / 3, evaluation.Cost, 1e-12);
        Assert.Equal("samples=3 cost=1.42400198 accuracy=0.6667 confusion=[[1,0],[1,1]]", evaluation.ToString());   // not System.Int32[,]
    }

    [Fact]
    public void Evaluation_Regression_PrintsItsNumbers()
    {
        var data = new DataSet(Matrix.FromRows([[0.0, 1, 2, 3]]), Matrix.FromRows([[1.0, 3, 5, 7]]));
        var mean = new Network([new Layer(Matrix.FromRows([[0.0]]), [4.0], Activation.Identity)]);

        Assert.Equal("samples=4 cost=5 r2=0", Evaluation.Of(mean, data).ToString());
    }

    [Theory]
    [InlineData("logistic", 1.5, "target 1 of sample 2 is 1.5, but a logistic output is between 0 and 1")]
    [InlineData("tanh", -2.0, "target 1 of sample 2 is -2, but a tanh output is between -1 and 1")]
    [InlineData("relu", -0.5, "target 1 of sample 2 is -0.5, but a relu output is 0 or more")]
    public void CheckTargets_OutOfTheOutputsReach_NamesSampleAndTarget(string output, double target, string message)
    {
        var network = new Network([new Layer(1, 1, Activation.FromName(output))]);
        var error = Assert.Throws<ArgumentException>(() => network.CheckTargets(new DataSet(Matrix.FromRows([[0.0, 1]]), Matrix.FromRows([[0.5, target]]))));
        Assert.Contains(message, error.Message);
    }
}
