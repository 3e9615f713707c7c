using System.Diagnostics;
using Backprop.Tests.Cli;

namespace Backprop.Tests;

/// <summary>The CSV reader takes standard CSV (RFC 4180 quoting, a BOM, CRLF) and bounds what it reads.</summary>
public class CsvReadingTests : TempFolderTest
{
    [Fact]
    public void QuotedFields_HoldCommasQuotesAndLineBreaks()
    {
        string text = "x,label\r\n1.5,\"a, b\"\r\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4, \"padded\" \n";
        File.WriteAllText(PathOf("d.csv"), text);

        (Matrix inputs, string[] labels) = DataFile.LoadLabelled(PathOf("d.csv"), 1);

        Assert.Equal([1.5, 2, 3, 4], inputs.AsSpan().ToArray());
        Assert.Equal(["a, b", "say \"hi\"", "two\nlines", "padded"], labels);
    }

    [Fact]
    public void LineNumbers_CountTheLineBreaksInsideQuotes()
    {
        File.WriteAllText(PathOf("d.csv"), "x,label\n1,\"two\nlines\"\nnot a number,c\n");

        var e = Assert.Throws<InvalidDataException>(() => DataFile.LoadLabelled(PathOf("d.csv"), 1));

        Assert.Contains("line 4, column 1: \"not a number\" is not a finite number", e.Message);
    }

    [Fact]
    public void ByteOrderMark_IsNotPartOfTheFirstName()
    {
        File.WriteAllText(PathOf("d.csv"), "x,y\n1,2\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(["x", "y"], DataFile.ReadHeader(PathOf("d.csv")));
    }

    [Theory]
    [InlineData("x,label\n1,\"open\n", "line 2, column 2: a quoted field is not closed")]
    [InlineData("x,label\n1,\"closed\"x\n", "line 2, column 2: text after a closing quote")]
    public void MalformedQuoting_NamesLineAndColumn(string text, string message)
    {
        File.WriteAllText(PathOf("d.csv"), text);

        var e = Assert.Throws<InvalidDataException>(() => DataFile.LoadLabelled(PathOf("d.csv"), 1));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void WrittenLabels_ReadBackTheSame()
    {
        string[] classes = ["plain", "with, comma", "with \"quotes\"", "two\nlines"];
        var inputs = Matrix.FromRows([[0.5, 1.5, 2.5, 3.5]]);
        var outputs = new Matrix(4, 4);
        for (int s = 0; s < 4; s++) outputs[s, s] = 1;
        using (var writer = new StreamWriter(PathOf("p.csv"))) DataFile.WriteClasses(writer, inputs, outputs, classes);

        // x, class, then one probability per class: read x and the predicted class back.
        string[] header = DataFile.ReadHeader(PathOf("p.csv"));
        Assert.Equal(["x", "class", .. classes], header);
    }

    [Fact]
    public void RecordWithoutEnd_IsRefused_NotReadIntoMemory()
    {
        File.WriteAllText(PathOf("d.csv"), "x,y\n" + new string('1', CsvRecords.MaxRecordLength + 10));

        var e = Assert.Throws<InvalidDataException>(() => DataFile.Load(PathOf("d.csv")));

        Assert.Contains("line 2: longer than 1,048,576 characters", e.Message);
    }

    [Fact]
    public void QuotesInsideAnUnquotedField_AreReadInLinearTime()
    {
        // "a" then a million quotes: each quote once asked whether the field so far was blank, copying it (minutes).
        File.WriteAllText(PathOf("d.csv"), "x,label\n1,a" + new string('"', 1_000_000) + "\n");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        (_, string[] labels) = DataFile.LoadLabelled(PathOf("d.csv"), 1);

        Assert.Equal(1_000_001, labels[0].Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed}");   // a bound on a hang, not a timing
    }

    [Fact]
    public void EndlessZeros_AreRefusedAtOnce()
    {
        string zero = MakeNode("zero", 'c', 1, 5);   // the zero device's numbers, in our own folder

        var e = Assert.Throws<InvalidDataException>(() => DataFile.Load(zero));

        Assert.Contains("line 1: longer than", e.Message);
    }
}
