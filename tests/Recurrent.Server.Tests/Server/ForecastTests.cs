using Recurrent.Models.Forecasting;
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
}
