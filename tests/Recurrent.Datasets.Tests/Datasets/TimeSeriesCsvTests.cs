using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class TimeSeriesCsvTests
{
    private static TimeSeriesTable Parse(string text, TimeSeriesCsvOptions options) =>
        TimeSeriesCsv.Parse(text.Split('\n'), "series.csv", options);

    private static DataFormatException Fails(string text, TimeSeriesCsvOptions options) =>
        Assert.Throws<DataFormatException>(() => Parse(text, options));

    private const string Monthly = """
        "Month","Passengers","Note"
        "1949-01",112,a
        "1949-02",118,b
        "1949-03",132,"c, quoted"
        "1949-04",129,d
        """;

    private static readonly TimeSeriesCsvOptions Passengers = new()
    {
        TimeColumn = "Month",
        ValueColumns = ["Passengers"],
        LabelColumn = "Note",
    };

    [Fact]
    public void ReadsQuotedHeaderDatesValuesAndLabels()
    {
        var table = Parse(Monthly, Passengers);
        Assert.Equal(4, table.Rows);
        Assert.Equal(1, table.Channels);
        Assert.Equal([112f, 118f, 132f, 129f], table.Values);
        Assert.Equal(new DateTime(1949, 3, 1), table.Times![2]);
        Assert.Null(table.Index);
        Assert.Equal("1 month", table.Step);
        Assert.Equal(["a", "b", "c, quoted", "d"], table.Labels!);
        Assert.Null(table.Observed);
    }

    [Fact]
    public void MissingColumnListsTheColumnsThatExist()
    {
        var e = Fails(Monthly, new TimeSeriesCsvOptions { TimeColumn = "Month", ValueColumns = ["Passenger"] });
        Assert.Equal(1, e.Line);
        Assert.Contains("no column 'Passenger'", e.Message);
        Assert.Contains("Month, Passengers, Note", e.Message);
    }

    [Fact]
    public void NonNumericValueNamesLineAndColumn()
    {
        var e = Fails(Monthly.Replace("118", "1l8"), Passengers);
        Assert.Equal(3, e.Line);
        Assert.Equal(11, e.Column);
        Assert.Contains("'1l8' in column 'Passengers'", e.Message);
    }

    [Fact]
    public void GapInTheDatesIsRefusedUnlessFillingIsAsked()
    {
        var e = Fails(Monthly.Replace("\"1949-03\"", "\"1949-05\"").Replace("\"1949-04\"", "\"1949-06\""), Passengers);
        Assert.Equal(4, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("1949-02-01 is followed by 1949-05-01", e.Message);
        Assert.Contains("steps by 1 month", e.Message);
        Assert.Contains("Insert the missing steps as missing values to fill or mask", e.Message);
    }

    [Fact]
    public void FromSkipsEarlierRowsAndTheGapMessageSuggestsIt()
    {
        var text = "d,v\n2020-01-01,1\n2020-03-01,2\n2020-04-01,3\n2020-05-01,4\n";
        var e = Fails(text, new() { TimeColumn = "d", ValueColumns = ["v"] });
        Assert.Contains("3 rows from 2020-03-01 (line 3)", e.Message);
        var table = Parse(
            text,
            new()
            {
                TimeColumn = "d",
                ValueColumns = ["v"],
                From = new DateTime(2020, 3, 1),
            }
        );
        Assert.Equal([2f, 3f, 4f], table.Values);
        Assert.Contains(
            "no data rows at or after",
            Fails(
                text,
                new()
                {
                    TimeColumn = "d",
                    ValueColumns = ["v"],
                    From = new DateTime(2021, 1, 1),
                }
            ).Message
        );
        Assert.Throws<ArgumentException>(() =>
            Parse(
                "i,v\n1,2",
                new()
                {
                    TimeColumn = "i",
                    ValueColumns = ["v"],
                    From = new DateTime(2021, 1, 1),
                }
            )
        );
    }

    [Fact]
    public void RepeatedOrBackwardTimesAreRefused()
    {
        Assert.Contains(
            "increasing",
            Fails("d,v\n2020-01-01,1\n2020-01-01,2\n", new() { TimeColumn = "d", ValueColumns = ["v"] }).Message
        );
        Assert.Contains(
            "increasing",
            Fails(
                "d,v\n2020-01-01,1\n2020-01-02,2\n2020-01-01,2\n",
                new() { TimeColumn = "d", ValueColumns = ["v"] }
            ).Message
        );
        Assert.Contains(
            "increasing",
            Fails("i,v\n3,1\n2,2\n4,3\n3,4\n", new() { TimeColumn = "i", ValueColumns = ["v"] }).Message
        );
    }

    [Fact]
    public void WholeNumberTimeColumnIsAnIndexWithAConstantStep()
    {
        var options = new TimeSeriesCsvOptions { TimeColumn = "year", ValueColumns = ["temp"] };
        var table = Parse("year,temp\n1880,-0.17\n1881,-0.09\n1882,-0.11", options);
        Assert.Equal([1880L, 1881L, 1882L], table.Index!);
        Assert.Equal("1", table.Step);
        var e = Fails("year,temp\n1880,-0.17\n1881,-0.09\n1883,-0.11", options);
        Assert.Equal(4, e.Line);
        Assert.Contains("1882 was expected", e.Message);
    }

    [Fact]
    public void WithoutATimeColumnTheRowNumberIsTheIndex()
    {
        var table = Parse("a,b\n1,2\n3,4\n", new TimeSeriesCsvOptions { ValueColumns = ["b", "a"] });
        Assert.Equal([2f, 1f, 4f, 3f], table.Values);
        Assert.Equal([0L, 1L], table.Index!);
        Assert.Equal([1f, 3f], table.Column("a"));
        Assert.Throws<KeyNotFoundException>(() => table.Column("c"));
    }

    [Fact]
    public void TimeCanBeComposedFromYearMonthDayHourColumns()
    {
        var options = new TimeSeriesCsvOptions
        {
            TimeColumns = ["year", "month", "day", "hour"],
            ValueColumns = ["pm"],
        };
        var table = Parse("year,month,day,hour,pm\n2010,1,1,22,5\n2010,1,1,23,6\n2010,1,2,0,7", options);
        Assert.Equal(new DateTime(2010, 1, 2, 0, 0, 0), table.Times![2]);
        Assert.Equal("1 hour", table.Step);
        var e = Fails("year,month,day,hour,pm\n2010,1,1,22,5\n2010,1,1,24,6", options);
        Assert.Equal(3, e.Line);
        Assert.Contains("hour 24", e.Message);
        Assert.Contains(
            "is not a date",
            Fails("d,v\n2020-01-01,1\n2020-13-01,2\n", new() { TimeColumn = "d", ValueColumns = ["v"] }).Message
        );
    }

    [Fact]
    public void ADateColumnAndATimeOfDayColumnAreReadAsOneTime()
    {
        var options = new TimeSeriesCsvOptions { TimeColumns = ["Date", "Time"], ValueColumns = ["power"] };
        var table = Parse(
            "Date;Time;power\n16/12/2006;23:00:00;1\n16/12/2006;23:30:00;2\n17/12/2006;00:00:00;3",
            options
        );
        Assert.Equal(new DateTime(2006, 12, 17, 0, 0, 0), table.Times![2]);
        Assert.Equal("30 minutes", table.Step);
        var e = Fails("Date,Time,power\n2006-12-16,23:00,1\n2006-12-16,25:00,2\n", options);
        Assert.Equal((3, 1), (e.Line, e.Column));
        Assert.Contains("'2006-12-16 25:00' in column 'Date and Time' is not a date", e.Message);
    }

    private const string Gappy = "t,x,y\n0,1,NA\n1,,10\n2,3,NA\n3,NA,30\n4,5,NA";

    [Fact]
    public void TheAdviceNamesTheOptionsTheCallerGives()
    {
        var names = new TimeSeriesCsvOptionNames { Missing = "--missing", From = "--from DATE" };
        var missing = Fails(
            Gappy,
            new TimeSeriesCsvOptions
            {
                TimeColumn = "t",
                ValueColumns = ["x", "y"],
                OptionNames = names,
            }
        );
        Assert.EndsWith("or a mask (--missing).", missing.Message);
        Assert.DoesNotContain(nameof(MissingValuePolicy), missing.Message);
        var gap = Fails(
            "d,v\n2020-01-01,1\n2020-03-01,2\n2020-04-01,3\n",
            new()
            {
                TimeColumn = "d",
                ValueColumns = ["v"],
                OptionNames = names,
            }
        );
        Assert.Contains("(line 3) on, with --from DATE.", gap.Message);
        Assert.Contains(
            "with TimeSeriesCsvOptions.From.",
            Fails("d,v\n2020-01-01,1\n2020-03-01,2\n2020-04-01,3\n", new() { TimeColumn = "d", ValueColumns = ["v"] })
                .Message
        );
    }

    [Fact]
    public void MissingValuesAreRefusedByDefaultNamingTheFirstLine()
    {
        var e = Fails(Gappy, new TimeSeriesCsvOptions { TimeColumn = "t", ValueColumns = ["x", "y"] });
        Assert.Equal(3, e.Line);
        Assert.Contains("'x' has 2 missing value(s)", e.Message);
        Assert.Contains("forward-fill", e.Message);
    }

    [Fact]
    public void ForwardFillRepeatsTheLastValueAndBackFillsTheStart()
    {
        var table = Parse(
            Gappy,
            new TimeSeriesCsvOptions
            {
                TimeColumn = "t",
                ValueColumns = ["x", "y"],
                Missing = MissingValuePolicy.ForwardFill,
            }
        );
        Assert.Equal([1f, 1f, 3f, 3f, 5f], table.Column("x"));
        Assert.Equal([10f, 10f, 10f, 30f, 30f], table.Column("y"));
    }

    [Fact]
    public void InterpolationIsLinearBetweenObservations()
    {
        var table = Parse(
            Gappy,
            new TimeSeriesCsvOptions
            {
                TimeColumn = "t",
                ValueColumns = ["x", "y"],
                Missing = MissingValuePolicy.Interpolate,
            }
        );
        Assert.Equal([1f, 2f, 3f, 4f, 5f], table.Column("x"));
        Assert.Equal([10f, 10f, 20f, 30f, 30f], table.Column("y"));
    }

    [Fact]
    public void MaskKeepsMissingValuesAndRecordsWhatWasObserved()
    {
        var table = Parse(
            Gappy,
            new TimeSeriesCsvOptions
            {
                TimeColumn = "t",
                ValueColumns = ["x", "y"],
                Missing = MissingValuePolicy.Mask,
            }
        );
        Assert.True(float.IsNaN(table.Values[1]));
        Assert.Equal([true, false, false, true, true, false, false, true, true, false], table.Observed!);
    }

    [Fact]
    public void ColumnWithNoValuesIsRefused() =>
        Assert.Contains(
            "no values at all",
            Fails("t,x\n0,NA\n1,NA", new() { ValueColumns = ["x"], Missing = MissingValuePolicy.ForwardFill }).Message
        );

    [Fact]
    public void MalformedCsvLinesAreRefused()
    {
        var options = new TimeSeriesCsvOptions { ValueColumns = ["x"] };
        Assert.Contains("2 fields", Fails("t,x,y\n1,2", options).Message);
        Assert.Contains("not closed", Fails("x\n\"12", options).Message);
        Assert.Contains("empty", Fails("", options).Message);
        Assert.Contains("no data rows", Fails("x\n", options).Message);
    }
}
