using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class RegularTimesTests
{
    [Fact]
    public void MonthStartsStepByCalendarMonthsAndOtherTimesByTheirInterval()
    {
        DateTime[] months = [new(2000, 11, 1), new(2000, 12, 1), new(2001, 1, 1)];
        Assert.Equal([new(2001, 2, 1), new(2001, 3, 1)], RegularTimes.Following(months, 2));
        Assert.Equal("1 month", RegularTimes.Describe(RegularTimes.StepOf(months)));

        DateTime[] quarters = [new(2000, 1, 1), new(2000, 4, 1)];
        Assert.Equal([new DateTime(2000, 7, 1)], RegularTimes.Following(quarters, 1));

        DateTime[] hours = [new(2014, 12, 31, 22, 0, 0), new(2014, 12, 31, 23, 0, 0)];
        Assert.Equal([new(2015, 1, 1, 0, 0, 0), new(2015, 1, 1, 1, 0, 0)], RegularTimes.Following(hours, 2));
        Assert.Equal("1 hour", RegularTimes.Describe(RegularTimes.StepOf(hours)));
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
