using static Recurrent.Tests.CommandLineRunner;

namespace Recurrent.Tests.Datasets;

public sealed class CsvCommandOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-csv-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Csv(string name, string separator, int rows)
    {
        string path = Path.Combine(_directory, name);
        string half = separator == ";" ? ",5" : ".5";
        File.WriteAllLines(
            path,
            new[] { $"Month{separator}Sales{separator}Weather" }.Concat(
                Enumerable
                    .Range(0, rows)
                    .Select(r => $"{new DateTime(2000, 1, 1).AddMonths(r):yyyy-MM}{separator}{r}{half}{separator}sun")
            )
        );
        return path;
    }

    [Fact]
    public void ForecastReadsASemicolonFileAndShowsAStrayCarriageReturnInAColumnName()
    {
        string path = Csv("sales.csv", ";", 20);
        var (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "Month",
            "--target",
            "Sales",
            "--history",
            "24",
            "--horizon",
            "6",
            "--max-steps",
            "1"
        );
        Assert.Equal(1, code);
        Assert.Contains("too few rows for one window", error);
        (code, _, error) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "Month",
            "--target",
            "Sales\r",
            "--max-steps",
            "1"
        );
        Assert.Equal(1, code);
        Assert.Contains(@"no column 'Sales\r' (value column); the columns are: Month, Sales, Weather.", error);
    }

    [Fact]
    public void TheSeparatorCanBeGivenByName()
    {
        string path = Csv("sales.tsv", "\t", 20);
        foreach (var name in new[] { "tab", @"\t" })
        {
            var (code, _, error) = Invoke(
                "forecast",
                "--csv",
                path,
                "--time-column",
                "Month",
                "--target",
                "Sales",
                "--separator",
                name,
                "--history",
                "24",
                "--horizon",
                "6",
                "--max-steps",
                "1"
            );
            Assert.Equal(1, code);
            Assert.Contains("too few rows for one window", error);
        }
        var (wrong, _, wrongError) = Invoke(
            "forecast",
            "--csv",
            path,
            "--time-column",
            "Month",
            "--target",
            "Sales",
            "--separator",
            ";"
        );
        Assert.Equal(1, wrong);
        Assert.Contains("is the separator '\\t'?", wrongError);
        var (bad, _, badError) = Invoke("forecast", "--csv", path, "--target", "Sales", "--separator", "|");
        Assert.NotEqual(0, bad);
        Assert.Contains("--separator: '|' is not one of ',', ';' or 'tab'", badError);
    }

    [Fact]
    public void LabelTakesTheSeparatorToo()
    {
        string path = Csv("weather.csv", ";", 3);
        var (code, _, error) = Invoke(
            "label",
            "--csv",
            path,
            "--time-column",
            "Month",
            "--columns",
            "Sales",
            "--log-columns",
            "",
            "--label",
            "Weather",
            "--separator",
            ";",
            "--window",
            "7"
        );
        Assert.Equal(1, code);
        Assert.Contains("too few rows for one window: 3 rows", error);
    }
}
