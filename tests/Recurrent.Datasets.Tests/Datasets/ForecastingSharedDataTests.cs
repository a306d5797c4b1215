using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class ForecastingSharedDataTests
{
    [SkippableFact]
    public void AirlinePassengersAreMonthlyFrom1949()
    {
        var table = TimeSeriesCsv.Read(
            SharedData.File("forecasting", "tsdl", "airline-passengers.csv"),
            new TimeSeriesCsvOptions { TimeColumn = "Month", ValueColumns = ["Passengers"] }
        );
        Assert.Equal(144, table.Rows);
        Assert.Equal("1 month", table.Step);
        Assert.Equal(new DateTime(1960, 12, 1), table.Times![^1]);
        Assert.Equal(432f, table.Values[^1]);
        var scaler = table.FitScaler(ScalingKind.Standardize, trainRows: 132);
        var windows = SeriesWindows.Create(table.Transform(scaler), history: 24, horizon: 12, firstRow: 132 - 24);
        Assert.Equal(1, windows.Count);
    }

    [SkippableFact]
    public void Co2HasEarlyGapsThatAreRefusedAndARegularPartFrom1964()
    {
        var path = SharedData.File("forecasting", "vega", "co2-concentration.csv");
        string[] columns = ["CO2", "adjusted CO2"];
        var e = Assert.Throws<DataFormatException>(() =>
            TimeSeriesCsv.Read(path, new TimeSeriesCsvOptions { TimeColumn = "Date", ValueColumns = columns })
        );
        Assert.Equal(5, e.Line);
        Assert.Contains("1958-05-01 is followed by 1958-07-01", e.Message);
        Assert.Contains("672 rows from 1964-05-01 (line 71)", e.Message);

        var table = TimeSeriesCsv.Read(
            path,
            new TimeSeriesCsvOptions
            {
                TimeColumn = "Date",
                ValueColumns = columns,
                From = new DateTime(1964, 5, 1),
            }
        );
        Assert.Equal(672, table.Rows);
        Assert.Equal("1 month", table.Step);
        Assert.Equal(new DateTime(2020, 4, 1), table.Times![^1]);
    }

    [SkippableFact]
    public void SeattleWeatherIsDailyWithAWeatherLabel()
    {
        var table = TimeSeriesCsv.Read(
            SharedData.File("forecasting", "vega", "seattle-weather.csv"),
            new TimeSeriesCsvOptions
            {
                TimeColumn = "date",
                ValueColumns = ["precipitation", "temp_max", "temp_min", "wind"],
                LabelColumn = "weather",
            }
        );
        Assert.Equal(1461, table.Rows);
        Assert.Equal("1 day", table.Step);
        Assert.Equal(["drizzle", "fog", "rain", "snow", "sun"], table.Labels!.Distinct().Order());
    }

    [SkippableFact]
    public void BeijingPm25IsHourlyWithMissingValues()
    {
        var path = SharedData.File("forecasting", "beijing-pm25", "pollution.csv");
        string[] time = ["year", "month", "day", "hour"];
        string[] values = ["pm2.5", "DEWP", "TEMP", "PRES", "Iws", "Is", "Ir"];
        var masked = TimeSeriesCsv.Read(
            path,
            new TimeSeriesCsvOptions
            {
                TimeColumns = time,
                ValueColumns = values,
                Missing = MissingValuePolicy.Mask,
            }
        );
        Assert.Equal(43_824, masked.Rows);
        Assert.Equal("1 hour", masked.Step);
        Assert.Equal(2067, masked.Observed!.Count(o => !o));

        Assert.Equal(new DateTime(2014, 12, 31, 23, 0, 0), masked.Times![^1]);
        Assert.True(float.IsNaN(masked.Values[0]));
        Assert.Equal(-21f, masked.Values[1]);
        var e = Assert.Throws<DataFormatException>(() =>
            TimeSeriesCsv.Read(path, new TimeSeriesCsvOptions { TimeColumns = time, ValueColumns = ["cbwd"] })
        );
        Assert.Contains("'NW' in column 'cbwd' is not a number", e.Message);
        Assert.Equal((2, 30), (e.Line, e.Column));
    }

    [SkippableFact]
    public void MelbourneTemperaturesHaveTwoMissingDaysThatAreRefused()
    {
        var e = Assert.Throws<DataFormatException>(() =>
            TimeSeriesCsv.Read(
                SharedData.File("forecasting", "tsdl", "daily-min-temperatures.csv"),
                new TimeSeriesCsvOptions { TimeColumn = "Date", ValueColumns = ["Temp"] }
            )
        );
        Assert.Equal(1462, e.Line);
        Assert.Contains("1984-12-30 is followed by 1985-01-01", e.Message);
    }
}
