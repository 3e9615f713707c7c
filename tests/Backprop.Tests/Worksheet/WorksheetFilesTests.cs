using System.Text.RegularExpressions;
using Backprop.Tests.Cli;

namespace Backprop.Tests.Worksheet;

public class WorksheetFilesTests
{
    [Fact]
    public void ExerciseAndSolution_DifferOnlyInTheirOpeningCommentAndTheSixJacobians()
    {
        // The exercise is the solution with the six bodies left to write: the notebook's text, its cells and the module's
        // lines must not drift apart between the two files
        string Notebook(string file)
        {
            string text = File.ReadAllText(Path.Combine(Repository.Root(), "worksheet", file)).ReplaceLineEndings("\n");
            text = text[text.IndexOf("using Backprop;", StringComparison.Ordinal)..];
            return Regex.Replace(text, @"(?m)^(Matrix J_[Wb][123]\(Matrix x, Matrix y\)\n)\{\n.*?\n\}$", "$1{ … }", RegexOptions.Singleline);
        }
        string solution = Notebook("solution.cs"), exercise = Notebook("exercise.cs");
        Assert.Equal(6, Regex.Matches(solution, @"\{ … \}").Count);
        Assert.Equal(solution, exercise);
    }

    [Fact]
    public void Exercise_LeavesEachJacobianToWrite_WithItsEquationAboveTheThrow()
    {
        string exercise = File.ReadAllText(Path.Combine(Repository.Root(), "worksheet", "exercise.cs")).ReplaceLineEndings("\n");
        MatchCollection bodies = Regex.Matches(exercise, @"(?m)^Matrix (J_[Wb][123])\(Matrix x, Matrix y\)\n\{\n(.*?)\n\}$", RegexOptions.Singleline);
        Assert.Equal(["J_W3", "J_b3", "J_W2", "J_b2", "J_W1", "J_b1"], bodies.Select(b => b.Groups[1].Value));
        foreach (Match body in bodies)
        {
            string[] lines = body.Groups[2].Value.Split('\n');
            Assert.Equal("    throw new NotImplementedException();", lines[^1]);
            Assert.Contains($"// 𝒥_{body.Groups[1].Value[2]}⁽", lines[^3] + lines[^2] + string.Join("", lines));
        }
    }
}
