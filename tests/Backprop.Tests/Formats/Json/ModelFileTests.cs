using Backprop.Tests.Support;

namespace Backprop.Tests;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-model-tests").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_RoundTripsEveryBit()
    {
        var network = Network.CreateRandom([1, 6, 7, 2], new NumpyRandom(1));
        network.Layers[0].Biases[0] = 0.1 + 0.2;   // a number whose shortest form needs all 17 digits
        string path = Path.Combine(_folder, "model.json");

        ModelFile.Save(network, path);
        Network loaded = ModelFile.Load(path);

        Assert.Equal(network.LayerSizes, loaded.LayerSizes);
        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(network.Layers[l].Weights.AsSpan().ToArray(), loaded.Layers[l].Weights.AsSpan().ToArray());
            Assert.Equal(network.Layers[l].Biases, loaded.Layers[l].Biases);
        }
        Assert.Equal(["model.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Float32Network_IsWrittenAsVersion4_AndReadsBackAsFloat32()
    {
        Network network = Network.CreateRandom([2, 5, 3], new NumpyRandom(4), new NetworkOptions { Precision = Precision.Float32 });
        string json = ModelFile.Serialize(network);

        Network read = ModelFile.Parse(json);

        Assert.Equal(4, ModelFile.VersionFor(network));
        Assert.Contains("\"precision\": \"float32\"", json);
        Assert.Equal(Precision.Float32, read.Precision);
        for (int l = 0; l < network.Layers.Count; l++)
            Assertions.BitEqual(network.Layers[l].Weights.AsSpan(), read.Layers[l].Weights.AsSpan(), $"W{l + 1}");
        Assert.Equal(1, ModelFile.VersionFor(read.WithPrecision(Precision.Float64)));   // float64 is every earlier version: the worksheet's stays 1
    }

    [Fact]
    public void Float32File_WithValuesBetweenFloats_ReadsThemRoundedToFloat32()
    {
        const string json = """
            {"format": "backprop/model", "version": 4, "loss": "squared", "precision": "float32",
             "layers": [{"activation": "logistic", "weights": [[0.1]], "biases": [0.2]}]}
            """;
        Network network = ModelFile.Parse(json);
        Assert.Equal((double)0.1f, network.Layers[0].Weights[0, 0]);
        Assert.Equal((double)0.2f, network.Layers[0].Biases[0]);
    }

    [Fact]
    public void Parse_TheDocumentedFormat_ReadsRowsAsNeurons()
    {
        const string json = """
            {"format": "backprop/model", "version": 1, "activation": "logistic",
             "layers": [{"weights": [[1, 2], [3, 4], [5, 6]], "biases": [7, 8, 9]},
                        {"weights": [[0.5, -0.5, 0.25]], "biases": [-1]}]}
            """;
        Network network = ModelFile.Parse(json);
        Assert.Equal([2, 3, 1], network.LayerSizes);
        Assert.Equal(6, network.Layers[0].Weights[2, 1]);
        Assert.Equal(9, network.Layers[0].Biases[2]);
        Assert.Equal(0.25, network.Layers[1].Weights[0, 2]);
    }

    [Theory]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1]], "bias""", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("""{"format": "other", "version": 1, "activation": "logistic", "layers": []}""", "\"format\" is \"other\"")]
    [InlineData("""{"version": 1, "activation": "logistic", "layers": []}""", "\"format\" is missing")]
    [InlineData("""{"format": "backprop/model", "version": 5, "activation": "logistic", "layers": []}""", "version 5 is not supported (this reads versions 1 to 4)")]
    [InlineData("""{"format": "backprop/model", "version": 3, "loss": "squared", "precision": "float32", "layers": [{"activation": "logistic", "weights": [[1]], "biases": [0]}]}""", "\"precision\" is a version 4 field, but the file says version 3")]
    [InlineData("""{"format": "backprop/model", "version": 4, "loss": "squared", "precision": "float16", "layers": [{"activation": "logistic", "weights": [[1]], "biases": [0]}]}""", "\"precision\" is \"float16\"; expected \"float64\" or \"float32\"")]
    [InlineData("""{"format": "backprop/model", "version": 4, "loss": "squared", "precision": 32, "layers": [{"activation": "logistic", "weights": [[1]], "biases": [0]}]}""", "\"precision\" is 32; expected \"float64\" or \"float32\"")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "relu", "layers": []}""", "\"activation\" is \"relu\"")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic"}""", "\"layers\" is missing")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": []}""", "\"layers\" is empty")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1, 2], [3]], "biases": [0, 0]}]}""", "layer 1: weights row 2 has 1 values but row 1 has 2")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1], [3]], "biases": [0]}]}""", "layer 1: 1 biases for 2 weight rows")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1], [3]], "biases": [0, 0]}, {"weights": [[1, 2, 3]], "biases": [0]}]}""", "layer 2: weights have 3 columns but layer 1 has 2 neurons")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1e400]], "biases": [0]}]}""", "layer 1: weights row 1, value 1 (1e400) is not a finite double")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [["x"]], "biases": [0]}]}""", "layer 1: weights row 1, value 1 is \"x\", not a number")]
    [InlineData("""{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1]]}]}""", "layer 1: \"biases\" is missing")]
    public void Parse_BadModel_NamesTheSourceAndTheProblem(string json, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(json, "bad.json"));
        Assert.StartsWith("bad.json: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Save_IntoMissingFolder_ThrowsAndLeavesNothing()
    {
        var network = Network.CreateRandom([1, 2], new NumpyRandom(1));
        Assert.Throws<DirectoryNotFoundException>(() => ModelFile.Save(network, Path.Combine(_folder, "missing", "model.json")));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AtomicWrite_FailingWriter_KeepsTheOldFileAndLeavesNoTemporary()
    {
        string path = Path.Combine(_folder, "model.json");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte((byte)'n');
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["model.json"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }
}

/// <summary>A model file is read only if it could be one: bounded in size, JSON from its first byte, no key twice.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class ModelFileBoundsTests : Cli.TempFolderTest
{
    [Theory]
    [InlineData(5, "not a model file (a model is a JSON object")]   // the zero device's numbers, in our own folder
    [InlineData(9, "not a model file (a model is a JSON object")]   // the random device's
    public void EndlessDevice_IsRefusedAtOnce(int minor, string message)
    {
        string device = MakeNode("device", 'c', 1, minor);

        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(device));

        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("utf-16le-bom", "UTF-16")]
    [InlineData("utf-16be", "UTF-16")]
    [InlineData("utf-32le-bom", "UTF-32")]
    [InlineData("utf-16le", "UTF-16")]
    [InlineData("utf-32le", "UTF-32")]
    [InlineData("utf-32be", "UTF-32")]
    [InlineData("utf-16le-indented", "UTF-16")]
    public void WideText_IsSaidToBeNotUtf8(string encoding, string name)
    {
        // A model saved, then written again by an editor in another encoding
        ModelFile.Save(Network.CreateRandom([1, 2, 2], new NumpyRandom(1)), PathOf("m.json"));
        string json = File.ReadAllText(PathOf("m.json"));
        System.Text.Encoding other = encoding switch
        {
            "utf-16le-bom" => new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" => new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: false),
            "utf-16le" or "utf-16le-indented" => new System.Text.UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            "utf-32le" => new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: false),
            "utf-32be" => new System.Text.UTF32Encoding(bigEndian: true, byteOrderMark: false),
            _ => new System.Text.UTF32Encoding(bigEndian: false, byteOrderMark: true),
        };
        File.WriteAllText(PathOf("m.json"), encoding.EndsWith("indented") ? "  \n" + json : json, other);

        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(PathOf("m.json")));

        Assert.Equal($"{PathOf("m.json")}: model files are UTF-8 JSON, and this one is {name}; save it as UTF-8", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0, 0 })]
    [InlineData(new byte[] { 0x41, 0 })]
    public void BytesThatOnlyBeginLikeWideText_AreNotAModel_NotCalledUtf16(byte[] start)
    {
        // As /dev/urandom may begin: a byte order mark, or a letter and a zero, then noise
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        File.WriteAllBytes(PathOf("m.json"), [.. start, .. noise]);

        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(PathOf("m.json")));

        Assert.Contains("not a model file", e.Message);
    }

    [Fact]
    public void FileLargerThanAnyModel_IsRefusedBeforeReading()
    {
        string path = PathOf("huge.json");
        using (var file = File.Create(path)) file.SetLength(ModelFile.MaxFileBytes + 1L);   // sparse: no disk used

        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));

        Assert.Contains("larger than 512 MiB", e.Message);
    }

    [Fact]
    public void DuplicateKey_IsRefused_NamingIt()
    {
        File.WriteAllText(PathOf("m.json"), """{"format": "backprop/model", "version": 1, "activation": "logistic", "layers": [{"weights": [[1]], "biases": [0], "biases": [5]}]}""");

        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(PathOf("m.json")));

        Assert.Contains("\"biases\" appears twice in one object", e.Message);
    }

    [Fact]
    public void ByteOrderMark_IsAllowed()
    {
        var network = Network.CreateRandom([1, 2, 1], new NumpyRandom(1));
        File.WriteAllText(PathOf("m.json"), ModelFile.Serialize(network), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal([1, 2, 1], ModelFile.Load(PathOf("m.json")).LayerSizes);
    }
}
