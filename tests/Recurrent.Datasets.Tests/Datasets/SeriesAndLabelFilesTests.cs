using Recurrent.Datasets;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Datasets;

public sealed class SeriesAndLabelFilesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ChannelFilesAreJoinedStepByStepAndTheLabelsFollowTheirOrder()
    {
        // As the UCI HAR dataset writes its Inertial Signals: spaces before and between values in exponent form.
        string x = _directory.Write("acc_x.txt", "  1.0000000e+00  2.0000000e+00 3.0000000e+00\n 4.0 5.0 NaN\n");
        string y = _directory.Write("acc_y.txt", "10,20,30\n40,50,NaN\n");
        // numpy's default format of a whole-number class, after a header line.
        string labels = _directory.Write("y.txt", "activity\n5.000000000000000000e+00\nwalking\n");
        var data = SeriesAndLabelFiles.Read([x, y], labels);
        Assert.Equal((2, 2), (data.Count, data.Channels));
        Assert.Equal([1f, 10f, 2f, 20f, 3f, 30f], data.Series[0]);
        Assert.Equal([4f, 40f, 5f, 50f], data.Series[1]);
        Assert.Equal(["5", "walking"], data.Labels);
        Assert.Equal($"{x}, line 2", data.Locate(1));
        Assert.Equal(["", ""], SeriesAndLabelFiles.Read([x, y], null).Labels);
    }

    [Fact]
    public void FilesThatDisagreeAreRefusedWhereTheyDo()
    {
        string x = _directory.Write("x.txt", "1 2 3\n4 5 6\n");
        var shorter = Assert.Throws<DataFormatException>(() =>
            SeriesAndLabelFiles.Read([x, _directory.Write("y.txt", "1 2 3\n4 5\n")], null)
        );
        Assert.Equal(2, shorter.Line);
        Assert.Contains("2 values, but series 2 of", shorter.Message);
        var fewer = Assert.Throws<DataFormatException>(() =>
            SeriesAndLabelFiles.Read([x, _directory.Write("z.txt", "1 2 3\n")], null)
        );
        Assert.Contains("1 series, but", fewer.Message);
        var labels = Assert.Throws<DataFormatException>(() =>
            SeriesAndLabelFiles.Read([x], _directory.Write("l.txt", "a\nb\nc\nd\n"))
        );
        Assert.Contains("4 labels for the 2 series of", labels.Message);
        var wide = Assert.Throws<DataFormatException>(() =>
            SeriesAndLabelFiles.Read([x], _directory.Write("w.txt", "1,a\n2,b\n"))
        );
        Assert.Equal((1, 3), (wide.Line, wide.Column));
        Assert.Contains("2 fields; a labels file holds one label per line", wide.Message);
        var text = Assert.Throws<DataFormatException>(() =>
            SeriesAndLabelFiles.Read([_directory.Write("t.txt", "1 x 3\n")], null)
        );
        Assert.Contains(
            "'x' is not a number; a file of series holds one series per line, its values only",
            text.Message
        );
    }

    [Fact]
    public void NumPyArraysOfSeriesInKerasLayoutAndTheirClassesAreRead()
    {
        // [2 series, 3 steps, 2 channels]; the second series padded with NaN at its last step.
        string x = _directory.Write(
            "X.npy",
            NpyBytes.Of("<f4", [2, 3, 2], NpyBytes.Singles(1, 10, 2, 20, 3, 30, 4, 40, 5, 50, float.NaN, float.NaN))
        );
        string y = _directory.Write("y.npy", NpyBytes.Of("<i8", [2], NpyBytes.Longs(3, 0)));
        var data = SeriesAndLabelFiles.Read([x], y);
        Assert.Equal((2, 2), (data.Count, data.Channels));
        Assert.Equal([1f, 10f, 2f, 20f, 3f, 30f], data.Series[0]);
        Assert.Equal([4f, 40f, 5f, 50f], data.Series[1]);
        Assert.Equal(["3", "0"], data.Labels);
        Assert.Equal($"{x}, series 2", data.Locate(1));
        // One-hot classes, as Keras' to_categorical writes them: the index of the 1.
        string hot = _directory.Write("hot.npy", NpyBytes.Of("<f4", [2, 3], NpyBytes.Singles(0, 0, 1, 1, 0, 0)));
        Assert.Equal(["2", "0"], SeriesAndLabelFiles.Read([x], hot).Labels);
        string three = _directory.Write("y3.npy", NpyBytes.Of("<i8", [3], NpyBytes.Longs(1, 2, 3)));
        var fewer = Assert.Throws<DataFormatException>(() => SeriesAndLabelFiles.Read([x], three));
        Assert.Contains("3 classes for the 2 series of", fewer.Message);
        var flat = Assert.Throws<DataFormatException>(() => SeriesAndLabelFiles.Read([y], null));
        Assert.Contains(
            "the array is of the shape (2,); series are numbers of the shape (series, steps)",
            flat.Message
        );
        // Alone, an array is series to label; with labels required, the error says where the classes go.
        Assert.Equal(["", ""], ClassificationFile.Read(x, requireLabels: false).Labels);
        var alone = Assert.Throws<DataFormatException>(() => ClassificationFile.Read(x));
        Assert.Contains("a NumPy array holds the series, not their classes", alone.Message);
    }
}
