using Recurrent.Models.Text;
using Recurrent.Server.Text;
using System.Net;
using System.Text.Json;

namespace Recurrent.Tests.Server;

public sealed class TextGenerateTests : IDisposable
{
    private readonly ServedModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task StreamsTheTextOfCharSamplerThenADoneEvent()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(
            server.Client,
            "/v1/text/generate",
            """{"model": "text", "prime": "the ", "length": 60, "temperature": 0.8, "seed": 11}"""
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (text, done, events) = await ServerSentEvents.ReadAsync(response);

        using var sampler = new CharSampler(ServedModels.TextModel());
        string expected = sampler.GenerateText("the ", 60, new SamplingOptions { Temperature = 0.8 }, 11);
        Assert.Equal(expected, text);
        Assert.Equal(60, done.GetProperty("length").GetInt32());
        Assert.Equal(11UL, done.GetProperty("seed").GetUInt64());
        Assert.InRange(events, 1, 60);
    }

    [Fact]
    public async Task WithoutStreamingAnswersOneJsonObjectWithTheSameText()
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        string body = """{"model": "text", "prime": "", "length": 40, "top_k": 5, "top_p": 0.9, "seed": 2""";
        string streamed = await ServerSentEvents.GenerateAsync(server.Client, body + "}");
        using var response = await ServerSentEvents.PostJsonAsync(
            server.Client,
            "/v1/text/generate",
            body + """, "stream": false}"""
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(streamed, json.RootElement.GetProperty("text").GetString());
        Assert.Equal("text", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(40, streamed.Length);
    }

    /// <summary>
    /// Many requests with different settings at once share batched steps, joining and leaving at different times;
    /// each must get exactly the text it gets alone.
    /// </summary>
    [Fact]
    public async Task ABatchedGenerationEqualsTheSameRequestAlone()
    {
        var requests = Enumerable
            .Range(0, 24)
            .Select(i =>
                $$"""
                {"model": "text", "prime": "{{(i % 3 == 0 ? "" : "the " + new string('o', i % 5))}}",
                 "length": {{20 + 7 * i}}, "temperature": {{0.5 + 0.1 * (i % 6)}}, "top_k": {{i % 4}},
                 "top_p": {{(i % 2 == 0 ? 1.0 : 0.85)}}, "greedy": {{(i == 5 ? "true" : "false")}}, "seed": {{100 + i}}}
                """
            )
            .ToArray();
        string[] alone;
        await using (var serial = await RunningServer.StartAsync(_models.Path, o => o with { MaxBatchSize = 1 }))
        {
            alone = new string[requests.Length];
            for (int i = 0; i < requests.Length; i++)
                alone[i] = await ServerSentEvents.GenerateAsync(serial.Client, requests[i]);
        }
        await using var batched = await RunningServer.StartAsync(_models.Path, o => o with { MaxBatchSize = 8 });
        var together = await Task.WhenAll(requests.Select(r => ServerSentEvents.GenerateAsync(batched.Client, r)));
        Assert.Equal(alone, together);
        string metrics = await batched.Client.GetStringAsync("/metrics");
        Assert.Contains("recurrent_batch_size_bucket{le=\"8\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatDisconnectsFreesItsPlace()
    {
        await using var server = await RunningServer.StartAsync(
            _models.Path,
            o => o with { MaxBatchSize = 1, MaxGenerationLength = 100_000_000 }
        );
        using (var leaving = new CancellationTokenSource())
        {
            var response = await ServerSentEvents.PostJsonAsync(
                server.Client,
                "/v1/text/generate",
                """{"model": "text", "length": 100000000, "seed": 1}""",
                leaving.Token
            );
            var stream = await response.Content.ReadAsStreamAsync(leaving.Token);
            Assert.True(await stream.ReadAsync(new byte[16], leaving.Token) > 0);
            leaving.Cancel();
            response.Dispose();
        }
        // With one place in the batch, this request is served only once the first has left it.
        string text = await ServerSentEvents.GenerateAsync(server.Client, """{"model": "text", "length": 10}""");
        Assert.Equal(10, text.Length);
    }

    [Theory]
    [InlineData("""{"model": "text", "length": 20001}""", 400, "\"length\" must be in [0, 10000]")]
    [InlineData("""{"model": "text", "length": -1}""", 400, "\"length\"")]
    [InlineData("""{"model": "text", "prime": "Zebra"}""", 400, "'Z' (U+005A) at position 0")]
    [InlineData("""{"model": "text", "temperature": 0}""", 400, "\"temperature\" must be a positive number")]
    [InlineData("""{"model": "text", "top_p": 1.5}""", 400, "\"top_p\"")]
    [InlineData("""{"model": "text", "top_k": -2}""", 400, "\"top_k\"")]
    [InlineData("""{"model": "text", "topk": 3}""", 400, "topk")]
    [InlineData(
        """{"model": "nope"}""",
        404,
        "There is no model 'nope'. The models are: airline, gestures, letters, text"
    )]
    [InlineData("""{"model": "../text"}""", 404, "There is no model '../text'")]
    [InlineData("""{"model": "gestures"}""", 400, "is a sequence-classifier, not a character language model")]
    [InlineData("""{"prime": "the"}""", 400, "must name a model")]
    [InlineData("""{"model": "text", "length": 1e40}""", 400, "not a valid request")]
    [InlineData("""{"model": "text", "length": """, 400, "not a valid request")]
    public async Task ABadRequestGetsAClearProblem(string body, int status, string message)
    {
        await using var server = await RunningServer.StartAsync(_models.Path);
        using var response = await ServerSentEvents.PostJsonAsync(server.Client, "/v1/text/generate", body);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await ServerSentEvents.ProblemDetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public void TheEndpointPathIsTheDocumentedOne() => Assert.Equal("/v1/text/generate", TextEndpoints.GeneratePath);
}
