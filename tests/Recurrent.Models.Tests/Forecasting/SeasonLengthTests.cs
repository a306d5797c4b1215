using Recurrent.Models.Forecasting;

namespace Recurrent.Tests.Forecasting;

public class SeasonLengthTests
{
    private static DateTime[] Every(TimeSpan step, int count = 5) =>
        [.. Enumerable.Range(0, count).Select(i => new DateTime(2020, 1, 6) + i * step)];

    private static DateTime[] EveryMonths(int months, int day = 1) =>
        [.. Enumerable.Range(0, 5).Select(i => new DateTime(2020, 1, day).AddMonths(i * months))];

    private static bool IsWeekday(DateTime t) => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    [Fact]
    public void TheTimeStepGivesTheSeasonAsForecastingLibrariesReadAFrequency()
    {
        Assert.Equal(12, SeasonLength.Of(EveryMonths(1)));
        Assert.Equal(12, SeasonLength.Of(EveryMonths(1, day: 15)));
        Assert.Equal(4, SeasonLength.Of(EveryMonths(3)));
        Assert.Equal(1, SeasonLength.Of(EveryMonths(12)));
        Assert.Equal(7, SeasonLength.Of(Every(TimeSpan.FromDays(1))));
        // Monday 6 January 2020 to Monday 13 January, the weekend skipped: a week of weekdays.
        Assert.Equal(5, SeasonLength.Of(Every(TimeSpan.FromDays(1), count: 8).Where(IsWeekday).ToArray()));
        Assert.Equal(52, SeasonLength.Of(Every(TimeSpan.FromDays(7))));
        Assert.Equal(24, SeasonLength.Of(Every(TimeSpan.FromHours(1))));
        Assert.Equal(96, SeasonLength.Of(Every(TimeSpan.FromMinutes(15))));
        Assert.Equal(288, SeasonLength.Of(Every(TimeSpan.FromMinutes(5))));
        Assert.Equal(60, SeasonLength.Of(Every(TimeSpan.FromMinutes(1))));
        // No cycle, no times, or too few of them.
        Assert.Null(SeasonLength.Of(Every(TimeSpan.FromHours(7))));
        Assert.Null(SeasonLength.Of(EveryMonths(5)));
        Assert.Null(SeasonLength.Of(null));
        Assert.Null(SeasonLength.Of([new DateTime(2020, 1, 1)]));
    }
}
