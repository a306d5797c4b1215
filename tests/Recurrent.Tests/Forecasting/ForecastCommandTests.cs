using System.Globalization;
using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-forecast-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Csv(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static IEnumerable<string> Monthly(int rows, Func<int, string> value) =>
        new[] { "month,value" }.Concat(Enumerable.Range(0, rows).Select(r => $"{new DateTime(2000, 1, 1).AddMonths(r):yyyy-MM},{value(r)}"));

    [Fact]
    public void MissingColumnIsAClearError()
    {
        string path = Csv("missing.csv", Monthly(60, r => r.ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "passengers", "--steps", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.Contains("no column 'passengers'", error);
        Assert.Contains("month, value", error);
    }

    [Fact]
    public void NonNumericValueIsAClearError()
    {
        string path = Csv("text.csv", Monthly(60, r => r == 7 ? "lots" : r.ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "value", "--steps", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.Contains("text.csv:9:", error);
        Assert.Contains("'lots' in column 'value' is not a number", error);
    }

    [Fact]
    public void TooFewRowsForOneWindowIsAClearError()
    {
        string path = Csv("short.csv", Monthly(20, r => (100 + r).ToString(CultureInfo.InvariantCulture)));
        var (code, _, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "value", "--history", "24", "--horizon", "6", "--steps", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.Contains("too few rows for one window", error);
        Assert.Contains("24 history + 6 future rows", error);
    }

    [Fact]
    public void SmallSeriesRunsEndToEndAndPrintsTheMetrics()
    {
        string path = Csv("sine.csv", Monthly(72, r => (10 + Math.Sin(2 * Math.PI * r / 12)).ToString("R", CultureInfo.InvariantCulture)));
        string png = Path.Combine(_directory, "sine.png");
        var (code, output, error) = Invoke("forecast", "--csv", path, "--time-column", "month", "--target", "value", "--history", "12", "--horizon", "6",
            "--steps", "20", "--samples", "10", "--hidden", "8", "--plot", png);
        Assert.True(code == 0, error);
        foreach (var key in new[] { "mase=", "smape=", "seasonal_naive_mase=", "seasonal_naive_smape=", "naive_mase=", "naive_smape=" })
            Assert.Contains("\n" + key, "\n" + output);
        Assert.True(new FileInfo(png).Length > 1000);
    }
}
