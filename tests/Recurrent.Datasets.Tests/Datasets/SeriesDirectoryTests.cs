using Recurrent.Datasets;
using Recurrent.Tests.Data;
using System.IO.Compression;

namespace Recurrent.Tests.Datasets;

public sealed class SeriesDirectoryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Folder(string name) => Path.Combine(_directory.Path, name);

    [Fact]
    public void EachClassFolderHoldsItsSeriesOneFileEach()
    {
        // A header with a time column, pandas' unnamed index, semicolons with decimal commas (no header: the commas
        // would split the lines into more fields), and tabs.
        _directory.Write("train/walking/001.csv", "time,ax,ay\n0.0,1,2\n0.1,3,4\n0.2,5,6\n");
        _directory.Write("train/walking/002.csv", ",ax,ay\n0,7,8\n1,9,10\n");
        _directory.Write("train/running/b.csv", "-0,5;1,25\n2;3\n");
        _directory.Write("train/running/a.txt", "1\t2\n3\t4\n");
        _directory.Write("train/running/notes.md", "not a series");
        _directory.Write("train/.hidden/x.csv", "1,2\n");

        var data = ClassificationFile.Read(Folder("train"));

        Assert.Equal(2, data.Channels);
        Assert.Equal(["running", "running", "walking", "walking"], data.Labels);
        Assert.Equal([1f, 2f, 3f, 4f], data.Series[0]);
        Assert.Equal([-0.5f, 1.25f, 2f, 3f], data.Series[1]);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], data.Series[2]);
        Assert.Equal([7f, 8f, 9f, 10f], data.Series[3]);
        Assert.Equal(Path.Combine(Folder("train"), "running", "a.txt"), data.Locate(0));
        Assert.Equal(Path.Combine(Folder("train"), "walking", "002.csv"), data.CaseName(3));
        Assert.Equal(Path.Combine(Folder("train"), "walking", "001.csv"), data.Select([2]).Locate(0));
    }

    [Fact]
    public void SeriesToLabelMayStandInTheFolderItself()
    {
        _directory.Write("new/one.csv", "1,2\n3,4\n");
        using (var packed = new MemoryStream())
        {
            using (var gzip = new GZipStream(packed, CompressionLevel.Fastest))
                gzip.Write("5,6\n"u8);
            _directory.Write("new/two.csv.gz", packed.ToArray());
        }

        var data = ClassificationFile.Read(Folder("new"), requireLabels: false);

        Assert.Equal(["", ""], data.Labels);
        Assert.Equal([5f, 6f], data.Series[1]);
        var e = Assert.Throws<InvalidDataException>(() => ClassificationFile.Read(Folder("new")));
        Assert.Contains("the folder has no class folders; put the series of each class (one file each)", e.Message);
    }

    [Fact]
    public void FilesThatDisagreeOrFoldersWithoutSeriesAreClearErrors()
    {
        _directory.Write("channels/a/1.csv", "1,2\n3,4\n");
        _directory.Write("channels/b/1.csv", "1\n3\n");
        var channels = Assert.Throws<InvalidDataException>(() => ClassificationFile.Read(Folder("channels")));
        Assert.Equal(
            $"{Path.Combine(Folder("channels"), "b", "1.csv")}: the series has 1 channel(s), but "
                + $"{Path.Combine(Folder("channels"), "a", "1.csv")} has 2; every file must have the same columns.",
            channels.Message
        );

        _directory.Write("empty/a/1.csv", "1\n2\n");
        Directory.CreateDirectory(Path.Combine(Folder("empty"), "b"));
        var empty = Assert.Throws<InvalidDataException>(() => ClassificationFile.Read(Folder("empty")));
        Assert.EndsWith("b: the class folder holds no series file (.csv, .tsv, .txt).", empty.Message);

        _directory.Write("loose/a/1.csv", "1\n2\n");
        _directory.Write("loose/2.csv", "1\n2\n");
        var loose = Assert.Throws<InvalidDataException>(() => ClassificationFile.Read(Folder("loose")));
        Assert.Contains("2.csv: a series file beside the class folders has no class", loose.Message);

        _directory.Write("value/a/1.csv", "x,y\n1,2\n3,oops\n");
        var value = Assert.Throws<DataFormatException>(() => ClassificationFile.Read(Folder("value")));
        Assert.Equal(3, value.Line);
        Assert.Equal(3, value.Column);
        Assert.Contains("'oops' is not a number", value.Message);
    }
}
