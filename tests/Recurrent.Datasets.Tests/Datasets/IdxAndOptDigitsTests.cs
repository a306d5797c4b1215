using Recurrent.Datasets;
using Recurrent.Tests.Data;
using System.IO.Compression;

namespace Recurrent.Tests.Datasets;

public class IdxAndOptDigitsTests
{
    private static byte[] Idx(int[] shape, byte[] data) =>
        [
            0,
            0,
            8,
            (byte)shape.Length,
            .. shape.SelectMany(d => new[] { (byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d }),
            .. data,
        ];

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(bytes);
        return output.ToArray();
    }

    [Fact]
    public void GzippedImagesAndLabelsBecomeRowSequences()
    {
        using var dir = new TemporaryDirectory();
        var images = dir.Write("images.gz", Gzip(Idx([2, 2, 3], [0, 255, 51, 0, 0, 0, 1, 2, 3, 4, 5, 6])));
        var labels = dir.Write("labels", Idx([2], [7, 0]));
        var data = SequentialMnist.Load(images, labels);
        Assert.Equal(2, data.Count);
        Assert.Equal(3, data.Channels);
        Assert.Equal(2, data.Length(0));
        Assert.Equal([0f, 1f, 0.2f, 0f, 0f, 0f], data.Series[0]);
        Assert.Equal(["7", "0"], data.Labels);
        Assert.Contains("image 2", data.Locate(1));
    }

    [Fact]
    public void DamagedIdxFilesAreNamed()
    {
        using var dir = new TemporaryDirectory();
        var truncated = dir.Write("short.idx", Idx([3, 2], [1, 2, 3]));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(truncated));
        Assert.Contains("short.idx", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains(
            "not an IDX file",
            Assert.Throws<InvalidDataException>(() => IdxFile.Parse("hello"u8, "x")).Message
        );
        Assert.Contains(
            "0x0D",
            Assert.Throws<InvalidDataException>(() => IdxFile.Parse([0, 0, 0x0D, 1, 0, 0, 0, 0], "x")).Message
        );
        var badGzip = dir.Write("bad.gz", [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Contains("bad.gz", Assert.Throws<InvalidDataException>(() => IdxFile.Read(badGzip)).Message);
        var images = dir.Write("i", Idx([2, 1, 1], [1, 2]));
        var labels = dir.Write("l", Idx([3], [1, 2, 3]));
        Assert.Contains(
            "2 images but",
            Assert.Throws<InvalidDataException>(() => SequentialMnist.Load(images, labels)).Message
        );
    }

    private static string Line(int first, int label) =>
        string.Join(",", Enumerable.Range(0, 64).Select(i => i == 0 ? first : i % 17)) + "," + label;

    [Fact]
    public void OptDigitsAreRowsOrPixels()
    {
        string[] lines = [Line(16, 3), Line(0, 9)];
        var rows = OptDigitsFile.Parse(lines, "digits.tra");
        Assert.Equal(8, rows.Channels);
        Assert.Equal(8, rows.Length(0));
        Assert.Equal(16f, rows.Series[0][0]);
        Assert.Equal(9f, rows.Series[0][9]);
        Assert.Equal(["3", "9"], rows.Labels);
        var pixels = OptDigitsFile.Parse(lines, "digits.tra", OptDigitsLayout.PixelsAsSteps);
        Assert.Equal(1, pixels.Channels);
        Assert.Equal(64, pixels.Length(1));
    }

    [Theory]
    [InlineData("17", 1, "pixel 1 is '17'")]
    [InlineData("x", 1, "pixel 1 is 'x'")]
    public void MalformedOptDigitsLineNamesLineAndColumn(string first, int column, string words)
    {
        var line = first + Line(0, 1)[1..];
        var e = Assert.Throws<DataFormatException>(() => OptDigitsFile.Parse([Line(0, 1), line], "digits.tes"));
        Assert.Equal(2, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void OptDigitsLineWithTooFewOrTooManyFieldsIsRefused()
    {
        Assert.Contains(
            "65 fields",
            Assert.Throws<DataFormatException>(() => OptDigitsFile.Parse(["1,2,3"], "d")).Message
        );
        Assert.Contains(
            "the class is '12'",
            Assert.Throws<DataFormatException>(() => OptDigitsFile.Parse([Line(0, 12)], "d")).Message
        );
        Assert.Contains(
            "more than 65",
            Assert.Throws<DataFormatException>(() => OptDigitsFile.Parse([Line(0, 1) + ",4"], "d")).Message
        );
    }
}
