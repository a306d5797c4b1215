using Recurrent.Data;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Recurrent.Tests.Server;

public sealed class ClassifyAndDrawTests : IDisposable
{
    private readonly ServedModels _models = new();

    public void Dispose() => _models.Dispose();

    private static async Task<JsonElement> OkJson(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task ClassifiesAJsonSeriesAsTheModelDoes()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(
            server.Client,
            "/v1/classify",
            """{"model": "gestures", "series": [[0.1, 2.0], [0.5, -1.0], [null, 0.3], [1.5, 1.0]]}"""
        );
        var json = await OkJson(response);
        Assert.Equal(
            ["circle", "swipe", "tap"],
            json.GetProperty("labels").EnumerateArray().Select(l => l.GetString())
        );
        var prediction = Assert.Single(json.GetProperty("predictions").EnumerateArray().ToArray());
        var probabilities = prediction
            .GetProperty("probabilities")
            .EnumerateArray()
            .Select(p => p.GetSingle())
            .ToArray();

        var classifier = ServedModels.Classifier();
        var data = new TimeSeriesDataset("test", 2, [[0.1f, 2f, 0.5f, -1f, float.NaN, 0.3f, 1.5f, 1f]], [""]);
        var expected = classifier.PredictProbabilities(
            Recurrent.Models.Classification.ClassifierInput.Prepare(data, classifier.Config)
        );
        Assert.Equal(expected, probabilities);
        string[] labels = ["circle", "swipe", "tap"];
        Assert.Equal(labels[Array.IndexOf(expected, expected.Max())], prediction.GetProperty("label").GetString());
    }

    [Fact]
    public async Task ClassifiesATsFileAndACsvTable()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        string ts =
            "@problemName test\n@timeStamps false\n@univariate false\n@dimensions 2\n@classLabel true a b\n"
            + "@data\n1,2,3:4,5,6:a\n0.5,0.25:1,1:b\n";
        using var tsResponse = await server.Client.PostAsync(
            "/v1/classify?model=gestures",
            new StringContent(ts, Encoding.UTF8, "text/plain")
        );
        var tsJson = await OkJson(tsResponse);
        Assert.Equal(2, tsJson.GetProperty("predictions").GetArrayLength());

        using var csvResponse = await server.Client.PostAsync(
            "/v1/classify?model=gestures",
            new StringContent("x,y\n1,4\n2,5\n3,6\n", Encoding.UTF8, "text/csv")
        );
        var csvJson = await OkJson(csvResponse);
        // The same first series as the .ts file: the same probabilities (but for rounding: it was batched there).
        var fromTs = tsJson.GetProperty("predictions")[0].GetProperty("probabilities").EnumerateArray().ToArray();
        var fromCsv = csvJson.GetProperty("predictions")[0].GetProperty("probabilities").EnumerateArray().ToArray();
        Assert.Equal(fromTs.Length, fromCsv.Length);
        for (int i = 0; i < fromTs.Length; i++)
            Assert.Equal(fromTs[i].GetDouble(), fromCsv[i].GetDouble(), 1e-5);

        // As Excel writes it in much of Europe: its separator line, semicolons, decimal commas.
        using var excelResponse = await server.Client.PostAsync(
            "/v1/classify?model=gestures",
            new StringContent("sep=;\r\nx;y\r\n1,0;4\r\n2;5\r\n3;6\r\n", Encoding.UTF8, "text/csv")
        );
        var fromExcel = (await OkJson(excelResponse))
            .GetProperty("predictions")[0]
            .GetProperty("probabilities")
            .EnumerateArray()
            .ToArray();
        for (int i = 0; i < fromCsv.Length; i++)
            Assert.Equal(fromCsv[i].GetDouble(), fromExcel[i].GetDouble(), 1e-6);
    }

    [Theory]
    [InlineData("1\t0.5\t0.25\t1\n2\t1\t2\tNaN\n", "text/tab-separated-values")]
    [InlineData("@relation r\n@attribute t0 numeric\n@attribute c {1,2}\n@data\n0.5,1\n0.25,2\n", "text/plain")]
    [InlineData("0,1,label\n0.5,0.25,1\n1,2,2\n", "text/plain")]
    public async Task TextBodiesInTheArchivesFormatsAndTablesAreReadAsSuch(string body, string type)
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await server.Client.PostAsync(
            "/v1/classify?model=gestures",
            new StringContent(body, Encoding.UTF8, type)
        );
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // Read as univariate series (a .ts reader would have found no @data line, or no ':'), which the model refuses.
        string problem = await ServerSentEvents.ProblemDetailAsync(response);
        Assert.Contains("1 channel", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model": "gestures", "series": [[1, 2, 3]]}""", "Step 0 of \"series\" has 3 values")]
    [InlineData("""{"model": "gestures", "series": []}""", "at least one step")]
    [InlineData("""{"model": "gestures", "series": [[null, null]]}""", "every value of the series is missing")]
    [InlineData("""{"model": "gestures", "series": [[1e39, 0]]}""", "too large")]
    [InlineData("""{"model": "text", "series": [[1, 2]]}""", "not a sequence classifier")]
    public async Task ABadSeriesGetsAClearProblem(string body, string message)
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/classify", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ServerSentEvents.ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrawsEachCharacterAsStrokesAndTheTextAsAnSvg()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        string body = """{"model": "letters", "text": "aba", "bias": 2, "seed": 5}""";
        using var first = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/draw", body);
        var json = await OkJson(first);
        var drawings = json.GetProperty("drawings").EnumerateArray().ToArray();
        Assert.Equal(["a", "b", "a"], drawings.Select(d => d.GetProperty("character").GetString()));
        foreach (var stroke in drawings.SelectMany(d => d.GetProperty("strokes").EnumerateArray()))
            Assert.All(stroke.EnumerateArray(), point => Assert.Equal(2, point.GetArrayLength()));
        string svg = json.GetProperty("svg").GetString()!;
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        System.Xml.Linq.XDocument.Parse(svg);
        using var again = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/draw", body);
        Assert.Equal(json.ToString(), (await OkJson(again)).ToString());
    }

    [Theory]
    [InlineData("""{"model": "letters", "text": "abc"}""", "not trained to draw 'c'")]
    [InlineData("""{"model": "letters", "text": ""}""", "\"text\" must have 1 to 100")]
    [InlineData("""{"model": "letters", "text": "a", "bias": -1}""", "\"bias\"")]
    [InlineData("""{"model": "letters", "text": "a", "temperature": 0}""", "\"temperature\"")]
    public async Task ABadDrawingRequestGetsAClearProblem(string body, string message)
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/draw", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ServerSentEvents.ProblemDetailAsync(response), StringComparison.Ordinal);
    }
}
