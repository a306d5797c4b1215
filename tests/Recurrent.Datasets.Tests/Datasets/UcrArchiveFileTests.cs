using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class UcrArchiveFileTests
{
    private static TimeSeriesDataset Parse(params string[] lines) => UcrArchiveFile.Parse(lines, "X_TRAIN.tsv");

    private static DataFormatException Fails(params string[] lines) =>
        Assert.Throws<DataFormatException>(() => Parse(lines));

    [Fact]
    public void ReadsTabsCommasAndSpacesWithTheLabelFirst()
    {
        var data = Parse("1\t0.5\t-1.25\t3", "2,4,5,6\r", "", "  -1  7.0e-01   8  9  ");
        Assert.Equal(3, data.Count);
        Assert.Equal(1, data.Channels);
        Assert.Equal([0.5f, -1.25f, 3f], data.Series[0]);
        Assert.Equal([4f, 5f, 6f], data.Series[1]);
        Assert.Equal([0.7f, 8f, 9f], data.Series[2]);
        Assert.Equal(["1", "2", "-1"], data.Labels);
        Assert.Equal(4, data.SourceLine(2));
    }

    [Fact]
    public void TrailingNaNsPadAShorterSeriesAndOneInsideIsMissing()
    {
        var data = Parse("a\t1\t2\t3\t4", "b\t5\tNaN\t6\tNaN", "a\t7\tNaN\tNaN\tNaN");
        Assert.Equal(4, data.Length(0));
        Assert.Equal(3, data.Length(1));
        Assert.True(float.IsNaN(data.Series[1][1]));
        Assert.Equal([7f], data.Series[2]);
    }

    [Fact]
    public void LabelsWrittenAsWholeFloatsAreReadAsWholeNumbers()
    {
        var data = Parse("  1.0000000e+00  -7.0e-01  1.2e+00", "  2.0000000e+00  3.0e-01  4.0e-01", "2.5 1 2");
        Assert.Equal(["1", "2", "2.5"], data.Labels);
    }

    [Fact]
    public void ProblemsNameTheFileLineAndColumn()
    {
        var notANumber = Fails("1\t0.5\t0.6", "2\t0.5\tx7");
        Assert.Equal("X_TRAIN.tsv", notANumber.FilePath);
        Assert.Equal((2, 7), (notANumber.Line, notANumber.Column));
        Assert.Contains("'x7' is not a number", notANumber.Message);
        Assert.Contains("label<TAB>value", notANumber.Message);

        var labelOnly = Fails("1\t0.5", "3");
        Assert.Equal((2, 1), (labelOnly.Line, labelOnly.Column));
        Assert.Contains("no value", labelOnly.Message);

        var emptyField = Fails("1,0.5,,0.7");
        Assert.Equal((1, 7), (emptyField.Line, emptyField.Column));

        var allPadding = Fails("1\tNaN\tNaN");
        Assert.Contains("every value of the series is NaN", allPadding.Message);

        Assert.Contains("no series", Fails("", "  ").Message);
    }

    [Fact]
    public void ClassificationFileTellsTheFormatFromTheFirstLine()
    {
        string directory = Path.Combine(Path.GetTempPath(), "recurrent-ucr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string tsv = Path.Combine(directory, "X_TRAIN.tsv");
            File.WriteAllText(tsv, "\n1\t0.5\t0.6\n2\t0.7\t0.8\n");
            string ts = Path.Combine(directory, "X_TRAIN.ts");
            File.WriteAllText(ts, "\uFEFF# made by hand\n@classLabel true 1 2\n@data\n0.5,0.6:1\n0.7,0.8:2\n");
            string extensionless = Path.Combine(directory, "X_TRAIN");
            File.WriteAllText(extensionless, "1,0.5,0.6\n2,0.7,0.8\n");

            foreach (string path in new[] { tsv, ts, extensionless })
            {
                var data = ClassificationFile.Read(path);
                Assert.Equal(["1", "2"], data.Labels);
                Assert.Equal([0.7f, 0.8f], data.Series[1]);
            }
            Assert.Throws<FileNotFoundException>(() => ClassificationFile.Read(Path.Combine(directory, "none.tsv")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("@problemName X", false)]
    [InlineData("# comment", false)]
    [InlineData("% arff comment", false)]
    [InlineData("\uFEFF@data", false)]
    [InlineData("1\t0.5", true)]
    [InlineData("  -1 0.5", true)]
    public void LooksTellsTheArchiveFormatFromATsHeader(string firstLine, bool looks) =>
        Assert.Equal(looks, UcrArchiveFile.Looks(firstLine));
}
