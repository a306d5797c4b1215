using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class WideSeriesCsvTests
{
    private static TimeSeriesDataset Read(params string[] lines) => ClassificationFile.Parse(lines, "train.csv");

    private static DataFormatException Fails(params string[] lines) =>
        Assert.Throws<DataFormatException>(() => Read(lines));

    [Fact]
    public void ReadsTheLabelColumnByNameWhereverItStands()
    {
        // pandas' DataFrame.to_csv(index=False) of steps 0, 1, 2 and a label column
        var data = Read("0,1,2,label", "0.5,1.5,2.5,up", "3,4,,down", "5,,,\"up\"");
        Assert.Equal(3, data.Count);
        Assert.Equal(1, data.Channels);
        Assert.Equal([0.5f, 1.5f, 2.5f], data.Series[0]);
        Assert.Equal([3f, 4f], data.Series[1]);
        Assert.Equal([5f], data.Series[2]);
        Assert.Equal(["up", "down", "up"], data.Labels);
        Assert.Equal(3, data.SourceLine(1));
    }

    [Fact]
    public void ABoundInPlaceOfAValueIsRefusedWithAdvice()
    {
        var e = Assert.Throws<DataFormatException>(() => Read("0,1,label", "0.5,>100,up"));
        Assert.Contains(
            "'>100' is a bound, not a value (above 100): write in the file the number to use for it (100, say), or a "
                + "missing value to fill.",
            e.Message
        );
    }

    [Fact]
    public void SkipsTheUnnamedIndexAndReadsSemicolonsAndFloatLabels()
    {
        var data = Read(";Class;t1;t2", "0;1.0;0,5;7", "1;2.0;8;?");
        Assert.Equal(["1", "2"], data.Labels);
        Assert.Equal(2, data.Length(0));
        Assert.Equal(1, data.Length(1));
    }

    [Fact]
    public void ColumnsCalledOtherwiseAreReadWhenNamed()
    {
        string[] wide = ["0,1,2,species", "0.5,1.5,2.5,a", "3,4,5,b"];
        var missing = Fails(wide);
        Assert.Contains("recurrent: --label-column NAME); the columns holding text are 'species'", missing.Message);
        var data = ClassificationFile.Parse(wide, "train.csv", labelColumn: "species");
        Assert.Equal(["a", "b"], data.Labels);
        Assert.Equal([3f, 4f, 5f], data.Series[1]);

        // A table of one step per row whose series and class columns have names of their own.
        string[] tall = ["recording,t,ax,activity", "r1,0,1,walk", "r1,1,2,walk", "r2,0,3,run", "r2,1,4,run"];
        var steps = ClassificationFile.Parse(tall, "train.csv", labelColumn: "activity", idColumn: "recording");
        Assert.Equal(["walk", "run"], steps.Labels);
        Assert.Equal([3f, 4f], steps.Series[1]);

        var absent = Assert.Throws<DataFormatException>(() =>
            ClassificationFile.Parse(wide, "train.csv", labelColumn: "Species")
        );
        Assert.EndsWith("no column 'Species' (the class column); the columns are: 0, 1, 2, species.", absent.Message);
        var ts = Assert.Throws<ArgumentException>(() =>
            ClassificationFile.Parse(["@problemName x", "@data", "1,2:a"], "x.ts", labelColumn: "species")
        );
        Assert.StartsWith("x.ts: a class or series column is named, but this is no table", ts.Message);
    }

    [Fact]
    public void ReadsNumbersAsTheTimeSeriesReaderDoes()
    {
        // Thousands grouped as spreadsheets group them, where the grouping cannot be a decimal mark.
        var comma = Read("t1,t2,label", "\"1,234.5\",2,up", "\"12,345\",-0.5,down");
        Assert.Equal([1234.5f, 2f], comma.Series[0]);
        Assert.Equal([12345f, -0.5f], comma.Series[1]);
        var semicolon = Read("t1;t2;t3;label", "1.234,5;1.234.567;0,25;up");
        Assert.Equal([1234.5f, 1234567f, 0.25f], semicolon.Series[0]);
        // Both marks where either could group thousands: refused rather than guessed.
        var ambiguous = Fails("t1;t2;label", "1,234.5;2;up");
        Assert.Contains("'1,234.5' in column 't1' is not a number", ambiguous.Message);
    }

    [Fact]
    public void TellsAHeaderFromAFirstSeriesOfTheArchivesFormat()
    {
        Assert.True(WideSeriesCsv.HasHeader("label,0,1,2\nup,1,2,3\n"));
        Assert.True(WideSeriesCsv.HasHeader("class\tv1\tv2\n1\t2\t3\n"));
        Assert.False(WideSeriesCsv.HasHeader("up,0.5,1,2\n"));
        Assert.False(WideSeriesCsv.HasHeader("1\t0.5\tNaN\n"));
        Assert.False(WideSeriesCsv.HasHeader("  1.0000000e+00  -7.0e-01  1.2e+00\n"));
        Assert.False(WideSeriesCsv.HasHeader("up,0,1,3\n"));
        Assert.True(WideSeriesCsv.HasHeader(",0,1,2,label\n0,1,2,3,up\n"));
        Assert.False(WideSeriesCsv.HasHeader("up,0.5,1,2x\n"));
        Assert.False(WideSeriesCsv.HasHeader("up,?,?,?\n"));
        var archive = Read("up,0.5,1,2", "down,3,4,5");
        Assert.Equal(["up", "down"], archive.Labels);
        // A mistyped value in the first line is reported as such, not taken for a header.
        var typo = Fails("up,0.5,1,2x", "down,3,4,5");
        Assert.Equal((1, 10), (typo.Line, typo.Column));
        Assert.Contains("'2x' is not a number", typo.Message);
    }

    [Fact]
    public void ProblemsNameTheFileLineAndColumn()
    {
        var notANumber = Fails("t1,t2,label", "1,2,a", "3,x4,b");
        Assert.Equal("train.csv", notANumber.FilePath);
        Assert.Equal((3, 3), (notANumber.Line, notANumber.Column));
        Assert.Contains("'x4' in column 't2' is not a number", notANumber.Message);
        // A zero-width space (pasted from a web page) looks like nothing; the message shows it.
        var invisible = Fails("t1,t2\u200B,label", "1,2\u200B,a");
        Assert.Contains("'2\\u200B' in column 't2\\u200B' is not a number", invisible.Message);

        var tooFew = Fails("t1,t2,label", "1,2");
        Assert.Contains("the row has 2 fields, but the header names 3 columns", tooFew.Message);

        var twoLabels = Fails("label,t1,class", "a,1,b");
        Assert.Equal((1, 10), (twoLabels.Line, twoLabels.Column));
        Assert.Contains("two columns could hold the class ('label' and 'class')", twoLabels.Message);

        var unnamed = Fails("kind,t1,t2", "x,1,2");
        Assert.Equal((1, 1), (unnamed.Line, unnamed.Column));
        Assert.Contains("no column is named 'label', 'class', 'target' or 'y'", unnamed.Message);

        var noClass = Fails("t1,t2,label", "1,2, ");
        Assert.Contains("the series has no class in column 'label'", noClass.Message);

        var allMissing = Fails("t1,t2,label", "?,,a");
        Assert.Contains("every value of the series is missing", allMissing.Message);

        var noSeries = Fails("t1,t2,label");
        Assert.Contains("a header line and no series", noSeries.Message);
    }
}
