using CsCheck;

namespace Backprop.Tests;

/// <summary>
/// The readers take whatever a file holds: valid models and CSV files, mutated at random (characters deleted, inserted
/// or replaced, the text cut short), are read or refused with <see cref="InvalidDataException"/>, never another
/// exception and never a hang. 3,000 cases per reader per run, from a new seed each run (a failure prints its seed, and
/// CsCheck replays it with seed: "…"); 300,000 of each ran clean when this was written.
/// </summary>
public class FuzzTests
{
    private const string Alphabet = "{}[]\",:.-+eE0123456789 \n\r\tabcNaIfy\u001b\u00e9\ufeff\\/";

    // Text with 1–8 random edits: each deletes, inserts or replaces a short run, or cuts the text short.
    private static Gen<string> Mutated(string text) =>
        Gen.Int[1, 8].SelectMany(edits => Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 6], Gen.Char[Alphabet]).Array[edits])
            .Select(steps =>
            {
                var chars = new List<char>(text);
                foreach ((int kind, int at, int length, char c) in steps)
                {
                    int position = chars.Count == 0 ? 0 : at % chars.Count;
                    switch (kind)
                    {
                        case 0: chars.RemoveRange(position, Math.Min(length, chars.Count - position)); break;
                        case 1: chars.InsertRange(position, Enumerable.Repeat(c, length)); break;
                        case 2: for (int i = position; i < Math.Min(chars.Count, position + length); i++) chars[i] = c; break;
                        default: chars.RemoveRange(position, chars.Count - position); break;
                    }
                }
                return new string([.. chars]);
            });

    private static readonly string[] Models =
    [
        ModelFile.Serialize(Network.CreateRandom([1, 3, 2], new NumpyRandom(1))),
        ModelFile.Serialize(Network.CreateRandom([2, 3, 3], new NumpyRandom(2), new NetworkOptions
        {
            HiddenActivation = Activation.Relu, OutputActivation = Activation.Softmax, Loss = Loss.CrossEntropy,
            InputScaling = new InputScaling([0.5, -1], [2, 3]), Classes = ["a", "b, c", "d"],
        })),
    ];

    [Fact]
    public void ModelReader_ReadsOrRefuses_NeverCrashes() =>
        Gen.Int[0, Models.Length - 1].SelectMany(m => Mutated(Models[m])).Sample(json =>
        {
            try
            {
                ModelFile.Parse(json, "fuzz.json");
            }
            catch (InvalidDataException)
            {
            }
        }, iter: 3000, threads: 1);

    private const string Csv = "x1,x2,label\n0.5,1,a\n-2e-3,3.25,\"b, c\"\n1,2,a\n";

    [Fact]
    public void CsvReader_ReadsOrRefuses_NeverCrashes() =>
        Gen.Select(Gen.Int[1, 3], Mutated(Csv)).Sample((inputs, text) =>
        {
            try
            {
                DataFile.Read(new StringReader(text), inputs, "fuzz.csv");
            }
            catch (InvalidDataException)
            {
            }
        }, iter: 3000, threads: 1);
}
