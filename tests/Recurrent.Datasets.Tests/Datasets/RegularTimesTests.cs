using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class RegularTimesTests
{
    [Fact]
    public void MonthStartsStepByCalendarMonthsAndOtherTimesByTheirInterval()
    {
        DateTime[] months = [new(2000, 11, 1), new(2000, 12, 1), new(2001, 1, 1)];
        Assert.Equal([new(2001, 2, 1), new(2001, 3, 1)], RegularTimes.Following(months, 2));
        Assert.Equal("1 month", RegularTimes.StepOf(months).ToString());

        DateTime[] quarters = [new(2000, 1, 1), new(2000, 4, 1)];
        Assert.Equal([new DateTime(2000, 7, 1)], RegularTimes.Following(quarters, 1));

        DateTime[] hours = [new(2014, 12, 31, 22, 0, 0), new(2014, 12, 31, 23, 0, 0)];
        Assert.Equal([new(2015, 1, 1, 0, 0, 0), new(2015, 1, 1, 1, 0, 0)], RegularTimes.Following(hours, 2));
        Assert.Equal("1 hour", RegularTimes.StepOf(hours).ToString());
    }

    [Fact]
    public void MonthEndsAndOneDayOfEveryMonthStepByCalendarMonths()
    {
        // pandas' month-end frequency ('M', 'ME'): the last day of every month, 28 to 31 days apart.
        DateTime[] monthEnds = [new(2019, 12, 31), new(2020, 1, 31), new(2020, 2, 29)];
        Assert.Equal(new TimeStep(1, TimeSpan.Zero, AtMonthEnd: true), RegularTimes.StepOf(monthEnds));
        Assert.Equal([new(2020, 3, 31), new(2020, 4, 30)], RegularTimes.Following(monthEnds, 2));
        DateTime[] quarterEnds = [new(2019, 9, 30), new(2019, 12, 31)];
        Assert.Equal([new DateTime(2020, 3, 31)], RegularTimes.Following(quarterEnds, 1));
        Assert.Equal("3 months", RegularTimes.StepOf(quarterEnds).ToString());

        DateTime[] fifteenths = [new(2020, 1, 15), new(2020, 2, 15)];
        Assert.Equal([new DateTime(2020, 3, 15)], RegularTimes.Following(fifteenths, 1));
        // The 28th is a day of every month, and February's 28th is not its end in a leap year.
        DateTime[] twentyEighths = [new(2020, 1, 28), new(2020, 2, 28)];
        Assert.Equal([new DateTime(2020, 3, 28)], RegularTimes.Following(twentyEighths, 1));
        // Days one apart are days, even where they end months.
        DateTime[] days = [new(2020, 1, 30), new(2020, 1, 31)];
        Assert.Equal([new DateTime(2020, 2, 1)], RegularTimes.Following(days, 1));
    }

    [Fact]
    public void DailyTimesThatSkipTheWeekendsStepByWeekdays()
    {
        // Thursday 2 January 2020 to Tuesday 7 January: Friday is followed by Monday.
        DateTime[] tradingDays = [new(2020, 1, 2), new(2020, 1, 3), new(2020, 1, 6), new(2020, 1, 7)];
        var step = RegularTimes.StepOf(tradingDays);
        Assert.Equal(new TimeStep(0, TimeSpan.FromDays(1), Weekdays: true), step);
        Assert.Equal("1 weekday", step.ToString());
        DateTime[] fridays = [new(2020, 1, 8), new(2020, 1, 9), new(2020, 1, 10)];
        Assert.Equal([new(2020, 1, 13), new(2020, 1, 14)], RegularTimes.Following([.. tradingDays, .. fridays], 2));
        // A holiday is a gap, as in pandas' business-day frequency.
        DateTime[] holiday = [new(2019, 12, 23), new(2019, 12, 24), new(2019, 12, 26), new(2019, 12, 27)];
        Assert.Throws<ArgumentException>(() => RegularTimes.Following([.. holiday, new(2019, 12, 30)], 1));
        // Weekdays with no weekend between them, and days that include a weekend day, step by days.
        DateTime[] midweek = [new(2020, 1, 7), new(2020, 1, 8), new(2020, 1, 9)];
        Assert.Equal(new TimeStep(0, TimeSpan.FromDays(1)), RegularTimes.StepOf(midweek));
        DateTime[] withSaturday = [new(2020, 1, 3), new(2020, 1, 4), new(2020, 1, 6)];
        Assert.Equal(new TimeStep(0, TimeSpan.FromDays(1)), RegularTimes.StepOf(withSaturday));
    }

    [Fact]
    public void TimesThatAreNotEvenlySpacedOrTooFewAreRefused()
    {
        DateTime[] gap = [new(2000, 1, 1), new(2000, 2, 1), new(2000, 4, 1)];
        var e = Assert.Throws<ArgumentException>(() => RegularTimes.Following(gap, 1));
        Assert.StartsWith(
            "Time 2 (2000-04-01) is not one step (1 month) after time 1 (2000-02-01); the times must be evenly spaced.",
            e.Message,
            StringComparison.Ordinal
        );
        DateTime[] repeated = [new(2000, 1, 3), new(2000, 1, 3)];
        Assert.Throws<ArgumentException>(() => RegularTimes.Following(repeated, 1));
        Assert.Throws<ArgumentException>(() => RegularTimes.Following([new(2000, 1, 3)], 1));
    }
}
