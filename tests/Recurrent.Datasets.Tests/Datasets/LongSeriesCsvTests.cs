using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class LongSeriesCsvTests
{
    private static TimeSeriesDataset Read(params string[] lines) => ClassificationFile.Parse(lines, "train.csv");

    private static DataFormatException Fails(params string[] lines) =>
        Assert.Throws<DataFormatException>(() => Read(lines));

    [Fact]
    public void OneRowPerStepIsReadAsSeriesOfItsChannels()
    {
        // A database export: the rows of two series interleaved, two channels, the class last.
        var data = Read(
            "id,time,x1,x2,label",
            "a,0,1,10,up",
            "b,0,5,50,down",
            "a,1,2,20,up",
            "b,1,6,,down",
            "a,2,3,30,up"
        );
        Assert.Equal(2, data.Count);
        Assert.Equal(2, data.Channels);
        Assert.Equal([1f, 10f, 2f, 20f, 3f, 30f], data.Series[0]);
        Assert.Equal(5f, data.Series[1][0]);
        Assert.True(float.IsNaN(data.Series[1][3]));
        Assert.Equal(["up", "down"], data.Labels);
        Assert.Equal(3, data.SourceLine(1));
        // Without an order column, and with semicolons and decimal commas.
        var semicolons = Read("Series_ID;value;Class", "s1;0,5;1", "s1;1,5;1", "s2;2,5;2", "s2;3,5;2");
        Assert.Equal([0.5f, 1.5f], semicolons.Series[0]);
        Assert.Equal(["1", "2"], semicolons.Labels);
    }

    [Fact]
    public void AnIdThatNeverRepeatsNamesEachRowsSeriesAndIsNoStep()
    {
        var data = Read("id,0,1,2,label", "7,0.5,1,2,up", "8,3,4,5,down");
        Assert.Equal([0.5f, 1f, 2f], data.Series[0]);
        Assert.Equal([3f, 4f, 5f], data.Series[1]);
        // Steps named 0, 1, 2: a series named twice is a repeated row, not the long format.
        var repeated = Fails("id,0,1,2,label", "7,0.5,1,2,up", "8,3,4,5,down", "7,1,1,1,up");
        Assert.Equal((4, 1), (repeated.Line, repeated.Column));
        Assert.Contains("the series '7' in column 'id' was already on line 2", repeated.Message);
    }

    [Fact]
    public void ProblemsNameTheFileLineAndColumn()
    {
        var twoClasses = Fails("id,v,label", "a,1,up", "a,2,down");
        Assert.Equal((3, 5), (twoClasses.Line, twoClasses.Column));
        Assert.Contains("the series 'a' is of the class 'up' on line 2 but 'down' here", twoClasses.Message);

        var backwards = Fails("id,t,v,label", "a,1,1,up", "a,0,2,up", "b,0,1,down", "b,1,1,down");
        Assert.Equal((3, 3), (backwards.Line, backwards.Column));
        Assert.Contains("the series 'a' has '0' in column 't' after '1'", backwards.Message);
        var dates = Read("id,date,v,label", "a,2020-01-02,1,up", "a,2020-01-10,2,up", "b,2020-01-01,3,down");
        Assert.Equal([1f, 2f], dates.Series[0]);

        var notANumber = Fails("id,v,label", "a,1,up", "a,x,up");
        Assert.Equal((3, 3), (notANumber.Line, notANumber.Column));
        Assert.Contains("'x' in column 'v' is not a number", notANumber.Message);

        var noSeries = Fails("id,v,label", "a,1,up", "a,2,up", ",3,up");
        Assert.Contains("the row names no series in column 'id'", noSeries.Message);

        var twoOrders = Fails("id,time,step,v,label", "a,0,0,1,up", "a,1,1,2,up");
        Assert.Contains("two columns could order the steps ('time' and 'step')", twoOrders.Message);

        var missing = Fails("id,v,label", "a,1,up", "a,2,up", "b,,down", "b,?,down");
        Assert.Equal(4, missing.Line);
        Assert.Contains("every value of the series 'b' is missing", missing.Message);
    }

    [Fact]
    public void SeriesToBeLabelledMayComeWithoutAClassWhereNoneIsRequired()
    {
        static TimeSeriesDataset New(params string[] lines) =>
            ClassificationFile.Parse(lines, "new.csv", requireLabels: false);
        var wide = New(",0,1,2", "0,0.5,1,2", "1,3,4,5");
        Assert.Equal([0.5f, 1f, 2f], wide.Series[0]);
        Assert.Equal(["", ""], wide.Labels);
        var named = New("t1,t2", "1,2", "3,4");
        Assert.Equal(2, named.Count);
        var longFormat = New("id,t,v", "a,0,1", "a,1,2", "b,0,3");
        Assert.Equal([1f, 2f], longFormat.Series[0]);
        Assert.Equal(["", ""], longFormat.Labels);
        // A class column, where there is one, is still read.
        Assert.Equal(["up"], New("t1,t2,label", "1,2,up").Labels);
        var ts = New("@problemName p", "@univariate true", "@classLabel false", "@data", "1,2,3", "4,5");
        Assert.Equal([4f, 5f], ts.Series[1]);
        Assert.Equal(["", ""], ts.Labels);
        // Training data needs its classes.
        Assert.Contains("no column is named 'label'", Fails("t1,t2", "1,2", "3,4").Message);
        Assert.Contains("@classLabel false", Fails("@problemName p", "@classLabel false", "@data", "1,2").Message);
    }
}
