using Recurrent.Datasets;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Datasets;

public class TimeSeriesCsvDateTests
{
    private static TimeSeriesTable Parse(string text, bool? dayFirst = null) =>
        TimeSeriesCsv.Parse(
            text,
            "d.csv",
            new()
            {
                TimeColumn = "Date",
                ValueColumns = ["v"],
                DayFirst = dayFirst,
            }
        );

    private static DataFormatException Fails(string text, bool? dayFirst = null) =>
        Assert.Throws<DataFormatException>(() => Parse(text, dayFirst));

    [Theory]
    [InlineData("2020-01", "2020-02", "2020-01-01 00:00", "1 month")]
    [InlineData("2020-01-31", "2020-02-01", "2020-01-31 00:00", "1 day")]
    [InlineData("2020-1-31", "2020-2-1", "2020-01-31 00:00", "1 day")]
    [InlineData("2020/01/31", "2020/02/01", "2020-01-31 00:00", "1 day")]
    [InlineData("2020/01", "2020/02", "2020-01-01 00:00", "1 month")]
    [InlineData("2020-01-31 23:00", "2020-02-01 00:00", "2020-01-31 23:00", "1 hour")]
    [InlineData("2020-01-31 23:00:00", "2020-02-01 00:00:00", "2020-01-31 23:00", "1 hour")]
    [InlineData("2020-01-31T23:30", "2020-01-31T23:45", "2020-01-31 23:30", "15 minutes")]
    [InlineData("2020-01-31T23:00:00", "2020-02-01T00:00:00", "2020-01-31 23:00", "1 hour")]
    [InlineData("2020-01-31 23:00:00.000", "2020-02-01 00:00:00.000", "2020-01-31 23:00", "1 hour")]
    [InlineData("31.01.2020", "01.02.2020", "2020-01-31 00:00", "1 day")]
    [InlineData("31.01.2020 23:00", "01.02.2020 00:00", "2020-01-31 23:00", "1 hour")]
    [InlineData("12.2019", "01.2020", "2019-12-01 00:00", "1 month")]
    [InlineData("Jan 31 2020", "Feb 1 2020", "2020-01-31 00:00", "1 day")]
    [InlineData("31 Jan 2020", "1 Feb 2020", "2020-01-31 00:00", "1 day")]
    [InlineData("1960 Jan", "1960 Feb", "1960-01-01 00:00", "1 month")]
    [InlineData("Jan 1960", "Feb 1960", "1960-01-01 00:00", "1 month")]
    [InlineData("1960-Jan", "1960-Feb", "1960-01-01 00:00", "1 month")]
    [InlineData("Dec-1960", "Jan-1961", "1960-12-01 00:00", "1 month")]
    [InlineData("January 1960", "February 1960", "1960-01-01 00:00", "1 month")]
    [InlineData("31/01/2020", "01/02/2020", "2020-01-31 00:00", "1 day")]
    [InlineData("01/31/2020", "02/01/2020", "2020-01-31 00:00", "1 day")]
    [InlineData("1/31/2020 11:00 PM", "2/1/2020 12:00 AM", "2020-01-31 23:00", "1 hour")]
    [InlineData("1/31/2020 11:30:00 AM", "1/31/2020 12:30:00 PM", "2020-01-31 11:30", "1 hour")]
    [InlineData("31/01/2020 11:00 PM", "01/02/2020 12:00 AM", "2020-01-31 23:00", "1 hour")]
    [InlineData("31/01/2020 23:00", "01/02/2020 00:00", "2020-01-31 23:00", "1 hour")]
    [InlineData("31-01-2020", "01-02-2020", "2020-01-31 00:00", "1 day")]
    [InlineData("01-31-2020", "02-01-2020", "2020-01-31 00:00", "1 day")]
    [InlineData("2020-01-31T23:00:00Z", "2020-02-01T00:00:00Z", "2020-01-31 23:00", "1 hour")]
    [InlineData("2020-03-29 01:00:00+01:00", "2020-03-29 03:00:00+02:00", "2020-03-29 00:00", "1 hour")]
    [InlineData("2020-01-31T23:00:00.000+00:00", "2020-02-01T00:00:00.000+00:00", "2020-01-31 23:00", "1 hour")]
    [InlineData("1960M01", "1960M02", "1960-01-01 00:00", "1 month")]
    [InlineData("1960-M12", "1961-M01", "1960-12-01 00:00", "1 month")]
    [InlineData("1960Q4", "1961Q1", "1960-10-01 00:00", "3 months")]
    [InlineData("1960-Q1", "1960-Q2", "1960-01-01 00:00", "3 months")]
    [InlineData("Q4 1960", "Q1 1961", "1960-10-01 00:00", "3 months")]
    [InlineData("Q4-1960", "Q1-1961", "1960-10-01 00:00", "3 months")]
    [InlineData("2020-01-31", "2020-02-29", "2020-01-31 00:00", "1 month")]
    [InlineData("2019-12-31", "2020-03-31", "2019-12-31 00:00", "3 months")]
    [InlineData("2020-01-15", "2020-02-15", "2020-01-15 00:00", "1 month")]
    [InlineData("2020.01.31", "2020.02.01", "2020-01-31 00:00", "1 day")]
    [InlineData("1960m12", "1961m1", "1960-12-01 00:00", "1 month")]
    [InlineData("1960q4", "1961q1", "1960-10-01 00:00", "3 months")]
    [InlineData("2020-W01", "2020-W02", "2019-12-30 00:00", "7 days")]
    [InlineData("2020W53", "2021W01", "2020-12-28 00:00", "7 days")]
    [InlineData("Dec-49", "Jan-50", "1949-12-01 00:00", "1 month")]
    [InlineData("Jan 20", "Feb 20", "2020-01-01 00:00", "1 month")]
    [InlineData("31-Jan-20", "1-Feb-20", "2020-01-31 00:00", "1 day")]
    [InlineData("1/31/20", "2/1/20", "2020-01-31 00:00", "1 day")]
    [InlineData("31/12/99", "01/01/00", "1999-12-31 00:00", "1 day")]
    public void EachDateFormatIsRead(string first, string second, string expected, string step)
    {
        var table = Parse($"Date,v\n{first},1\n{second},2\n");
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), table.Times![0]);
        Assert.Equal(step, table.Step);
    }

    [Fact]
    public void TheDayMonthOrderIsDecidedForTheWholeColumn()
    {
        // The first rows alone could be either order; the last row (a day above 12) decides for all of them.
        var days = Parse("Date,v\n" + string.Join("", Enumerable.Range(1, 14).Select(d => $"{d:00}/03/2020,{d}\n")));
        Assert.Equal(new DateTime(2020, 3, 1), days.Times![0]);
        Assert.Equal("1 day", days.Step);
        var months = Parse("Date,v\n" + string.Join("", Enumerable.Range(1, 14).Select(d => $"03/{d:00}/2020,{d}\n")));
        Assert.Equal(new DateTime(2020, 3, 2), months.Times![1]);
        Assert.Equal("1 day", months.Step);
    }

    [Fact]
    public void AnUndecidableOrContradictoryDayMonthOrderIsRefused()
    {
        var undecided = Fails("Date,v\n01/02/2020,1\n01/03/2020,2\n");
        Assert.Equal((2, 1), (undecided.Line, undecided.Column));
        Assert.Contains("could be day/month/year or month/day/year", undecided.Message);
        Assert.Contains("DayFirst", undecided.Message);
        Assert.Contains("could be day/month/year", Fails("Date,v\n01-02-2020,1\n01-03-2020,2\n").Message);
        const string either = "Date,v\n01/02/2020,1\n01/03/2020,2\n";
        Assert.Equal(new DateTime(2020, 2, 1), Parse(either, dayFirst: true).Times![0]);
        Assert.Equal(new DateTime(2020, 1, 2), Parse(either, dayFirst: false).Times![0]);

        var contradictory = Fails("Date,v\n13/01/2020,1\n01/14/2020,2\n");
        Assert.Equal(3, contradictory.Line);
        Assert.Contains(
            "'01/14/2020' in column 'Date' can only be month-first, " + "but '13/01/2020' on line 2 only day-first",
            contradictory.Message
        );
        Assert.Contains("is not a date", Fails("Date,v\n13/01/2020,1\n14/01/2020,2\n", dayFirst: false).Message);
    }

    [Fact]
    public void WhenNoPartIsAbove12TheOrderInWhichTheDatesStepEvenlyIsTaken()
    {
        // A monthly series dated on the 1st, as a US spreadsheet writes it: only month-first steps evenly.
        static string Monthly(string separator) =>
            "Date,v\n"
            + string.Join(
                "",
                Enumerable.Range(0, 14).Select(i => $"{i % 12 + 1}{separator}1{separator}{1949 + i / 12},{i}\n")
            );
        foreach (string separator in new[] { "/", "-" })
        {
            var months = Parse(Monthly(separator));
            Assert.Equal("1 month", months.Step);
            Assert.Equal(new DateTime(1950, 2, 1), months.Times![^1]);
        }
        // The same written day-first.
        var days = Parse(
            "Date,v\n"
                + string.Join("", Enumerable.Range(0, 14).Select(i => $"01/{i % 12 + 1:00}/{1949 + i / 12},{i}\n"))
        );
        Assert.Equal("1 month", days.Step);
        Assert.Equal(new DateTime(1950, 2, 1), days.Times![^1]);
    }

    [Fact]
    public void ADateThatDoesNotParseIsNamedWithFileLineAndColumn()
    {
        var e = Fails("v,Date\n1,2020-01\n2,xx\n3,2020-03\n");
        Assert.Equal(
            "d.csv:3:3: 'xx' in column 'Date' is not a date (expected e.g. 2020-01-31, 2020-01, or a decimal year of "
                + "a month, 2020.0833).",
            e.Message
        );
        Assert.Contains(
            "'2020-02-30' in column 'Date' is not a date",
            Fails("Date,v\n2020-02-28,1\n2020-02-30,2\n").Message
        );
    }

    [Fact]
    public void DecimalYearsAsRWritesThemAreTheMonthsTheyStart()
    {
        // write.csv(data.frame(time = time(AirPassengers), value = AirPassengers)): a row number, then the time.
        var monthly = TimeSeriesCsv.Parse(
            "\"\",\"time\",\"value\"\n\"1\",1949,112\n\"2\",1949.08333333333,118\n\"3\",1949.16666666667,132\n"
                .Replace("1949,", "1949.0,"),
            "air.csv",
            new() { TimeColumn = "time", ValueColumns = ["value"] }
        );
        Assert.Equal([new DateTime(1949, 1, 1), new DateTime(1949, 2, 1), new DateTime(1949, 3, 1)], monthly.Times!);
        Assert.Equal("1 month", monthly.Step);
        var rounded = Parse("Date,v\n1960.917,1\n1961.0,2\n1961.083,3\n");
        Assert.Equal(new DateTime(1960, 12, 1), rounded.Times![0]);
        var quarterly = Parse("Date,v\n1960.0,1\n1960.25,2\n1960.5,3\n1960.75,4\n");
        Assert.Equal("3 months", quarterly.Step);
        Assert.Contains("'1960.1' in column 'Date' is not a date", Fails("Date,v\n1960.0,1\n1960.1,2\n").Message);
    }

    [Theory]
    [InlineData("1,2,3", "1")]
    [InlineData("100001,100002,100003", "1")]
    [InlineData("201011,201012,201013", "1")]
    [InlineData("-5,-4,-3", "1")]
    public void WholeNumbersThatAreNoTimesStayAnIndex(string numbers, string step)
    {
        var table = Parse("Date,v\n" + string.Join("", numbers.Split(',').Select(n => $"{n},1\n")));
        Assert.Null(table.Times);
        Assert.Null(table.TimesReadAs);
        var first = long.Parse(numbers.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(first, table.Index![0]);
        Assert.Equal(step, table.Step);
    }

    [Theory]
    [InlineData("20191231,20200101", "2019-12-31 00:00", "1 day", "dates written yyyyMMdd")]
    [InlineData("201912,202001", "2019-12-01 00:00", "1 month", "months written yyyyMM")]
    [InlineData("1577836800,1577840400", "2020-01-01 00:00", "1 hour", "Unix time in seconds")]
    [InlineData("1577836800000,1577836815000", "2020-01-01 00:00", "15 seconds", "Unix time in milliseconds")]
    public void WholeNumbersThatAllReadAsTimesAreTimes(string numbers, string first, string step, string readAs)
    {
        var table = Parse("Date,v\n" + string.Join("", numbers.Split(',').Select(n => $"{n},1\n")));
        Assert.Null(table.Index);
        Assert.Equal(DateTime.Parse(first, System.Globalization.CultureInfo.InvariantCulture), table.Times![0]);
        Assert.Equal(step, table.Step);
        Assert.Equal(readAs, table.TimesReadAs);
    }

    [Fact]
    public void TheEndOfADayWritten2400IsTheNextDaysMidnight()
    {
        var hours = Parse("Date,v\n2021-01-01 23:00,1\n2021-01-01 24:00,2\n2021-01-02 01:00,3\n");
        Assert.Equal("1 hour", hours.Step);
        Assert.Equal(new DateTime(2021, 1, 2), hours.Times![1]);
        Assert.Equal(new DateTime(2021, 1, 2), Parse("Date,v\n2021-01-01T24:00:00,1\n").Times![0]);
        // Hours ending 1 to 24 in a date column and a time column, month-first told from the steps.
        string text = "Date,Hour,v\n" + string.Concat(
            Enumerable.Range(1, 48).Select(h => $"01/{1 + (h - 1) / 24:00}/2021,{(h - 1) % 24 + 1:00}:00,{h}\n")
        );
        var joined = TimeSeriesCsv.Parse(
            text,
            "he.csv",
            new() { TimeColumns = ["Date", "Hour"], ValueColumns = ["v"] }
        );
        Assert.Equal("1 hour", joined.Step);
        Assert.Equal(new DateTime(2021, 1, 3), joined.Times![^1]);
        // The same hours written as whole numbers, 1 to 24.
        var numbered = TimeSeriesCsv.Parse(
            text.Replace(":00,", ",", StringComparison.Ordinal),
            "he.csv",
            new() { TimeColumns = ["Date", "Hour"], ValueColumns = ["v"] }
        );
        Assert.Equal(joined.Times, numbered.Times);
        Assert.Contains("is not a date", Fails("Date,v\n2021-01-01 25:00,1\n").Message);
    }

    [Fact]
    public void ASpreadsheetsDayNumbersAreDatesWhereTheyStepByMonths()
    {
        // 2020-01-01, 2020-02-01, 2020-03-01, 2020-04-01 as Excel's day numbers: 31, 29 and 31 days apart.
        var months = Parse("Date,v\n43831,1\n43862,2\n43891,3\n43922,4\n");
        Assert.Equal("1 month", months.Step);
        Assert.Equal(new DateTime(2020, 1, 1), months.Times![0]);
        Assert.Equal("Excel's day numbers, days since 1899-12-30", months.TimesReadAs);
        // Evenly spaced, the same numbers are an index of rows, as any counter is.
        var days = Parse("Date,v\n43831,1\n43832,2\n43833,3\n");
        Assert.Equal([43831L, 43832L, 43833L], days.Index!);
        // Numbers that step neither way are an uneven index, refused as before.
        Assert.Contains("index", Fails("Date,v\n43831,1\n43835,2\n43836,3\n").Message);
    }

    [Theory]
    [InlineData("2021-03-28 00:00,2021-03-28 01:00,2021-03-28 03:00,2021-03-28 04:00", 4)]
    [InlineData("2021-10-31 00:00,2021-10-31 01:00,2021-10-31 02:00,2021-10-31 02:00,2021-10-31 03:00", 5)]
    [InlineData("2021-10-31 02:15,2021-10-31 02:30,2021-10-31 02:45,2021-10-31 02:00", 5)]
    public void LocalClockTimesAcrossAChangeOfSummerTimeGetAdvice(string times, int line)
    {
        var error = Fails("Date,v\n" + string.Join("", times.Split(',').Select(t => $"{t},1\n")));
        Assert.Equal(line, error.Line);
        Assert.Contains("this is where the clocks change for summer time: write the times in UTC", error.Message);
    }

    [Fact]
    public void AGapOfAnHourInTheDayGetsNoSummerTimeAdvice()
    {
        var error = Fails("Date,v\n2021-03-28 10:00,1\n2021-03-28 11:00,1\n2021-03-28 13:00,1\n");
        Assert.DoesNotContain("summer time", error.Message);
    }

    [Fact]
    public void TheColumnsOfDatesAreFoundWithoutTakingNumbersForThem()
    {
        using var directory = new TemporaryDirectory();
        string yahoo = directory.Write(
            "aapl.csv",
            "Date,Open,Close,Volume\n2020-01-02,74.06,75.09,135480400\n2020-01-03,74.29,74.36,146322800\n"
        );
        Assert.Equal(["Date"], TimeSeriesCsv.DateColumns(yahoo));
        // Dates in two columns, quoted and in other forms; an index, a decimal year and text are not dates.
        string mixed = directory.Write(
            "mixed.csv",
            "id;day;when;year;name\n1;\"31/01/2020\";Jan 2020;2020.0833;a\n2;\"01/02/2020\";Feb 2020;2020.1667;b\n"
        );
        Assert.Equal(["day", "when"], TimeSeriesCsv.DateColumns(mixed));
        Assert.Empty(TimeSeriesCsv.DateColumns(directory.Write("header.csv", "Date,Close\n")));
    }
}
