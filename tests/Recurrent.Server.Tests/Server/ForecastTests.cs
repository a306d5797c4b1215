using Recurrent.IO;
using Recurrent.Models.Forecasting;
using Recurrent.Server;
using Recurrent.Tests.Data;
using System.Net;
using System.Text.Json;

namespace Recurrent.Tests.Server;

public sealed class ForecastTests : IDisposable
{
    private const string History = "[112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118]";
    private readonly ServedModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task ForecastsTheHorizonWithOrderedQuantilesAndTheModelsOwnPaths()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(
            server.Client,
            "/v1/forecast",
            $$"""
            {"model": "airline", "history": {{History}}, "samples": 50, "quantiles": [0.1, 0.5, 0.9], "paths": 50,
             "seed": 3}
            """
        );
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("horizon").GetInt32());
        var quantiles = root
            .GetProperty("quantiles")
            .EnumerateArray()
            .Select(q => q.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray())
            .ToArray();
        for (int k = 0; k < 4; k++)
            Assert.True(quantiles[0][k] <= quantiles[1][k] && quantiles[1][k] <= quantiles[2][k]);
        var paths = root
            .GetProperty("paths")
            .EnumerateArray()
            .Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray())
            .ToArray();
        Assert.Equal(50, paths.Length);

        // The same paths as the model draws itself, through the same transform.
        var model = ServedModels.Forecaster();
        var transform = SeriesTransform.FromMetadata(model.ToMetadata());
        float[] raw = JsonSerializer.Deserialize<float[]>(History)!;
        var z = model.Sample(
            new ForecastSeries(transform.Forward(raw), [], 0, [], 0, transform.FirstRow),
            [raw.Length],
            50,
            new Recurrent.Tensors.RandomGenerator(3)
        );
        var first = transform.Levels(z.AsSpan(0, 4), raw, raw.Length).Select(transform.Raw).ToArray();
        AssertClose(first, paths[0]);
        var mean = root.GetProperty("mean").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        AssertClose(Enumerable.Range(0, 4).Select(k => paths.Average(p => p[k])).ToArray(), mean);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-9);
    }

    [Theory]
    [InlineData("""{"model": "airline", "history": [1, 2, 3]}""", "\"history\" must have 12 to")]
    [InlineData("""{"model": "airline", "history": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -5]}""", "above -1")]
    [InlineData(
        """{"model": "airline", "history": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "samples": 0}""",
        "\"samples\"")]
    [InlineData(
        """{"model": "airline", "history": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "quantiles": [1.5]}""",
        "\"quantiles\"")]
    [InlineData(
        """{"model": "airline", "history": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "paths": 500}""",
        "\"paths\"")]
    [InlineData("""{"model": "airline", "history": [1, null]}""", "not a valid request")]
    [InlineData("""{"model": "text", "history": [1]}""", "not a forecaster")]
    public async Task ABadForecastRequestGetsAClearProblem(string body, string message)
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/forecast", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ServerSentEvents.ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    // An encoder-decoder that reads the month (calendar width 2) and one measurement beside the series.
    private static SeriesForecaster MonthlyForecaster()
    {
        var model = SeriesForecaster.Create(
            new SeriesForecasterConfig(ForecastModelKind.EncoderDecoder, 8, 4, 2, 1, 6, 1),
            new Recurrent.Tensors.RandomGenerator(8)
        );
        model.Description["z_log1p"] = "false";
        model.Description["z_season_lag"] = "0";
        model.Description["z_mean"] = "100";
        model.Description["z_scale"] = "10";
        model.Description["calendar"] = CalendarFeatures.Describe([new(2000, 1, 1), new(2000, 2, 1)]);
        model.Description["covariate_mean"] = "5";
        model.Description["covariate_scale"] = "2";
        return model;
    }

    // count months from the first of startMonth 1999 on, as a JSON array of dates.
    private static string Months(int count, int startMonth) =>
        JsonSerializer.Serialize(
            Enumerable.Range(0, count).Select(m => $"{new DateTime(1999, startMonth, 1).AddMonths(m):yyyy-MM-dd}")
        );

    private const string Covariates = "[[4], [5], [6], [5], [4], [5], [6], [5]]";

    [Theory]
    [InlineData("covariate_scale", "0")]
    [InlineData("covariate_mean", "5,6")]
    [InlineData("covariate_mean", "five")]
    public void AModelWhoseCovariateStandardisationIsDamagedIsRefusedWhenItLoads(string key, string value)
    {
        using var directory = new TemporaryDirectory();
        var model = MonthlyForecaster();
        model.Description[key] = value;
        string path = Path.Combine(directory.Path, "monthly.safetensors");
        model.Save(path);

        var e = Assert.Throws<CheckpointFormatException>(() => RecurrentServer.Create(
            new ServerOptions { ModelsDirectory = directory.Path, Port = 0 },
            Microsoft.Extensions.Logging.Abstractions.NullLoggerProvider.Instance
        ));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"no valid '{key}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelThatReadsTheMonthAndAMeasurementForecastsFromTimesAndCovariates()
    {
        using var directory = new TemporaryDirectory();
        MonthlyForecaster().Save(Path.Combine(directory.Path, "monthly.safetensors"));
        await using var server = await RunningServer.StartAsync(directory.Path);
        string history = "[101, 99, 104, 108, 103, 97, 102, 106]";
        using var response = await ServerSentEvents.PostJsonAsync(
            server.Client,
            "/v1/forecast",
            $$"""
            {"model": "monthly", "history": {{history}}, "times": {{Months(8, 11)}},
             "covariates": {{Covariates}}, "samples": 5, "paths": 5, "seed": 4}
            """
        );
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var paths = json
            .RootElement.GetProperty("paths")
            .EnumerateArray()
            .Select(p => p.EnumerateArray().Select(v => v.GetDouble()).ToArray())
            .ToArray();

        // The model's own draw from the same input: November 1999 to June 2000, then July to October 2000; the
        // measurement standardised by the checkpoint's mean and scale.
        var model = MonthlyForecaster();
        var transform = SeriesTransform.FromMetadata(model.ToMetadata());
        float[] raw = JsonSerializer.Deserialize<float[]>(history)!;
        var times = Enumerable.Range(0, 12).Select(m => new DateTime(1999, 11, 1).AddMonths(m)).ToArray();
        var (calendar, width) = CalendarFeatures.For(times);
        var z = new float[12];
        transform.Forward(raw).CopyTo(z, 0);
        var covariates = new float[12];
        float[] measured = [4, 5, 6, 5, 4, 5, 6, 5];
        for (int r = 0; r < 8; r++)
            covariates[r] = (measured[r] - 5f) / 2f;
        var drawn = model.Sample(
            new ForecastSeries(z, calendar, width, covariates, 1, transform.FirstRow),
            [8],
            5,
            new Recurrent.Tensors.RandomGenerator(4)
        );
        var first = transform.Levels(drawn.AsSpan(0, 4), raw, raw.Length).Select(transform.Raw).ToArray();
        AssertClose(first, paths[0]);
    }

    [Theory]
    [InlineData("", "reads calendar features (sin, cos of (month - 1) / 12): \"times\" must give")]
    [InlineData("""
        "times": ["2000-01-01", "2000-02-01", "2000-03-01", "2000-05-01", "2000-06-01", "2000-07-01",
                  "2000-08-01", "2000-09-01"],
        """, "evenly spaced")]
    [InlineData("""
        "times": ["2000-01-01", "2000-01-02", "2000-01-03", "2000-01-04", "2000-01-05", "2000-01-06",
                  "2000-01-07", "2000-01-08"],
        """, "trained with the calendar features sin, cos of (month - 1) / 12; times stepping by 1 day give")]
    [InlineData("""
        "times": ["2000-01-01", "2000-02-01", "2000-03-01", "2000-04-01", "2000-05-01", "2000-06-01",
                  "2000-07-01", "2000-08-01"], "covariates": [[1, 2]],
        """, "\"covariates\" must have one row of 1 numbers for each of the 8 history values")]
    public async Task TimesOrCovariatesThatDoNotFitTheModelGetAClearProblem(string fields, string message)
    {
        using var directory = new TemporaryDirectory();
        MonthlyForecaster().Save(Path.Combine(directory.Path, "monthly.safetensors"));
        await using var server = await RunningServer.StartAsync(directory.Path);
        string body = $$"""
            { {{fields}} "model": "monthly", "history": [101, 99, 104, 108, 103, 97, 102, 106]}
            """;
        using var response = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/forecast", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ServerSentEvents.ProblemDetailAsync(response), StringComparison.Ordinal);
    }
}
