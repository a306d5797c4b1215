using Recurrent.Datasets;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Datasets;

public class Utf8TextFileTests
{
    [Fact]
    public void ReadsUtf8AndDropsTheByteOrderMark()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("bom.txt", [0xEF, 0xBB, 0xBF, .. "caf\u00e9\n"u8]);
        Assert.Equal("café\n", Utf8TextFile.Read(path));
    }

    [Fact]
    public void Latin1FileIsRefusedWithTheFileAndByteOffset()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("latin1.txt", [.. "line one\ncaf"u8, 0xE9, .. "\n"u8]);
        var e = Assert.Throws<InvalidDataException>(() => Utf8TextFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("byte offset 12", e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("0xE9", e.Message);
    }

    [Fact]
    public void TruncatedSequenceAtTheEndIsRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => Utf8TextFile.Decode([(byte)'a', 0xE2, 0x82], "memory"));
        Assert.Contains("byte offset 1", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Utf8TextFile.Read("/nonexistent/corpus.txt"));
        Assert.Contains("/nonexistent/corpus.txt", e.Message);
    }
}
