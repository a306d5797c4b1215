using System.Net;
using System.Text.Json;

namespace Recurrent.Tests.Server;

public sealed class ServiceEndpointTests : IDisposable
{
    private readonly ServedModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task ListsEveryModelWithItsKindEndpointAndConfiguration()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/models"));
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToDictionary(
            m => m.GetProperty("name").GetString()!,
            m => (m.GetProperty("kind").GetString(), m.GetProperty("endpoint").GetString())
        );
        Assert.Equal(
            new Dictionary<string, (string?, string?)>
            {
                ["airline"] = ("ar-forecaster", "/v1/forecast"),
                ["gestures"] = ("sequence-classifier", "/v1/classify"),
                ["letters"] = ("drawing-mdn", "/v1/draw"),
                ["text"] = ("char-lm", "/v1/text/generate"),
            },
            models
        );
        var text = json
            .RootElement.GetProperty("models")
            .EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == "text");
        Assert.Equal("24", text.GetProperty("config").GetProperty("hidden_size").GetString());
        Assert.Equal(["airline", "gestures", "letters", "text"], server.Server.ModelNames);
    }

    [Fact]
    public async Task HealthAndMetricsAnswer()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var health = JsonDocument.Parse(await server.Client.GetStringAsync("/healthz"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.Equal(4, health.RootElement.GetProperty("models").GetInt32());
        await ServerSentEvents.GenerateAsync(server.Client, """{"model": "text", "length": 30}""");
        using var metrics = await server.Client.GetAsync("/metrics");
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        string text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains(
            "recurrent_requests_total{endpoint=\"/v1/text/generate\",status=\"200\"} 1",
            text,
            StringComparison.Ordinal
        );
        Assert.Contains("recurrent_generated_tokens_total 30", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE recurrent_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE recurrent_batch_size histogram", text, StringComparison.Ordinal);
        Assert.Contains("recurrent_tokens_per_second ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpoint()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/v1/models", "get"), ("/v1/text/generate", "post"), ("/v1/classify", "post"), ("/v1/forecast", "post"),
            ("/v1/draw", "post"), ("/healthz", "get"), ("/metrics", "get"),
        })
            Assert.True(
                paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _),
                $"{method} {path}"
            );
        // The request bodies are described with the names the endpoints read (snake_case).
        string document = json.RootElement.ToString();
        Assert.Contains("\"top_k\"", document, StringComparison.Ordinal);
        Assert.Contains("text/event-stream", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesThePageAtTheRoot()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownPathOrMethodGetsAProblem()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var missing = await server.Client.GetAsync("/v1/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var method = await server.Client.GetAsync("/v1/text/generate");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
    }
}
