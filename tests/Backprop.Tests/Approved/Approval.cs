namespace Backprop.Tests;

/// <summary>
/// Text that changes only on purpose (the public API, the help of every command): compared with a file approved by
/// hand in this folder. A difference fails the test and writes the new text beside the approved file, as
/// <c>NAME.received.txt</c>; look at it, and if it is meant, move it over <c>NAME.approved.txt</c>.
/// </summary>
internal static class Approval
{
    public static void Verify(string name, string text)
    {
        string folder = Path.Combine(Cli.Repository.Root(), "tests", "Backprop.Tests", "Approved");
        string approved = Path.Combine(folder, $"{name}.approved.txt"), received = Path.Combine(folder, $"{name}.received.txt");
        text = text.ReplaceLineEndings("\n");
        string? expected = File.Exists(approved) ? File.ReadAllText(approved).ReplaceLineEndings("\n") : null;
        if (expected == text)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        Assert.Fail(expected is null
            ? $"{name}: nothing approved yet; the text is in {received}"
            : $"{name} differs from what was approved; the new text is in {received} (first difference at character {FirstDifference(expected, text)})");
    }

    private static int FirstDifference(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}
