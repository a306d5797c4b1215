using Recurrent.Models.Forecasting;
using System.Text.Json;

namespace Recurrent.Tests.Forecasting;

/// <summary>Holt-Winters against statsmodels' ExponentialSmoothing (tests/make_holt_winters_fixture.py).</summary>
public class HoltWintersTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "holt_winters.json");
            if (File.Exists(candidate))
                return JsonDocument.Parse(File.ReadAllText(candidate)).RootElement;
        }
        throw new FileNotFoundException(
            $"tests/fixtures/holt_winters.json not found above {AppContext.BaseDirectory}; "
                + "regenerate with /usr/bin/python3 tests/make_holt_winters_fixture.py."
        );
    });

    public static IEnumerable<object[]> Variants() =>
        Fixture
            .Value.GetProperty("cases")
            .EnumerateArray()
            .Select(c => new object[] { c.GetProperty("variant").GetString()! });

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static (double[] Series, int Period, int Horizon, JsonElement Case, HoltWintersVariant Variant) Load(
        string name
    )
    {
        var root = Fixture.Value;
        var found = root.GetProperty("cases")
            .EnumerateArray()
            .Single(c => c.GetProperty("variant").GetString() == name);
        var seasonality =
            found.GetProperty("seasonality").GetString() == "additive"
                ? HoltWintersSeasonality.Additive
                : HoltWintersSeasonality.Multiplicative;
        return (
            Numbers(root.GetProperty("series")),
            root.GetProperty("period").GetInt32(),
            root.GetProperty("horizon").GetInt32(),
            found,
            new HoltWintersVariant(found.GetProperty("damped").GetBoolean(), seasonality)
        );
    }

    private static HoltWintersParameters Parameters(JsonElement p) =>
        new(
            p.GetProperty("alpha").GetDouble(),
            p.GetProperty("beta").GetDouble(),
            p.GetProperty("gamma").GetDouble(),
            p.GetProperty("phi").GetDouble(),
            p.GetProperty("level").GetDouble(),
            p.GetProperty("trend").GetDouble(),
            Numbers(p.GetProperty("seasonals"))
        );

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected}, got {actual}"
        );

    [Theory]
    [MemberData(nameof(Variants))]
    public void FixedParametersGiveStatsmodelsFilterAndForecasts(string name)
    {
        var (series, period, horizon, found, variant) = Load(name);
        var expected = found.GetProperty("fixed");

        var model = HoltWinters.Filter(series, period, variant, Parameters(expected));

        var fitted = Numbers(expected.GetProperty("fitted_values"));
        for (int t = 0; t < series.Length; t++)
            AssertRelative(fitted[t], model.Fitted[t], 1e-9, $"{name} fitted value {t}");
        AssertRelative(expected.GetProperty("sse").GetDouble(), model.Sse, 1e-9, $"{name} SSE");
        var forecast = Numbers(expected.GetProperty("forecast"));
        var ours = model.Forecast(horizon);
        for (int h = 0; h < horizon; h++)
            AssertRelative(forecast[h], ours[h], 1e-9, $"{name} forecast {h + 1}");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void FittedSseIsNoWorseThanStatsmodelsAndForecastsAgree(string name)
    {
        var (series, period, horizon, found, variant) = Load(name);
        var expected = found.GetProperty("fitted");

        var model = HoltWinters.Fit(series, period, variant);

        double theirs = expected.GetProperty("sse").GetDouble();
        Assert.True(model.Sse <= theirs * (1 + 1e-4), $"{name}: SSE {model.Sse} against statsmodels' {theirs}");
        var forecast = Numbers(expected.GetProperty("forecast"));
        var ours = model.Forecast(horizon);
        double mean = forecast.Average();
        for (int h = 0; h < horizon; h++)
            Assert.True(
                Math.Abs(forecast[h] - ours[h]) <= 0.01 * mean,
                $"{name} forecast {h + 1}: statsmodels {forecast[h]}, ours {ours[h]}"
            );
    }

    [Fact]
    public void FitBestPicksStatsmodelsChoiceByAicc()
    {
        var root = Fixture.Value;
        var series = Numbers(root.GetProperty("series"));

        var best = HoltWinters.FitBest(series, root.GetProperty("period").GetInt32());

        string trend = best.Variant.Damped ? "damped" : "additive";
        string season = best.Variant.Seasonality.ToString().ToLowerInvariant();
        Assert.Equal(root.GetProperty("best_by_aicc").GetString(), $"{trend}-trend-{season}-season");
    }

    [Fact]
    public void WithoutEnoughCyclesTheSeasonIsLeftOut()
    {
        var series = Enumerable.Range(0, 20).Select(t => 10.0 + t + Math.Sin(t)).ToArray();

        var variants = HoltWinters.Variants(series, 12);

        Assert.All(variants, v => Assert.Equal(HoltWintersSeasonality.None, v.Seasonality));
        var model = HoltWinters.FitBest(series, 12);
        Assert.Equal(3, model.Forecast(3).Length);
    }

    [Fact]
    public void TheBaselineFitsALongHistorysLastRowsOnly()
    {
        // Hours of a daily cycle for two years and more: the fit reads the last 10,000, which end where the history
        // does.
        var history = Enumerable
            .Range(0, 20_000)
            .Select(t => (float)(50 + 10 * Math.Sin(2 * Math.PI * t / 24)))
            .ToArray();

        var model = BaselineForecaster.FitHoltWinters(history, 24);

        Assert.Equal(BaselineForecaster.HoltWintersMostRows, model.Count);
        var next = model.Forecast(24);
        for (int t = 0; t < 24; t++)
            Assert.Equal(50 + 10 * Math.Sin(2 * Math.PI * (20_000 + t) / 24), next[t], 0.5);
        Assert.Equal(30, BaselineForecaster.FitHoltWinters(history.AsSpan(0, 30), 4).Count);
    }
}
