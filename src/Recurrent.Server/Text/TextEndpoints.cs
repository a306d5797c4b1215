using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Recurrent.Models.Text;
using System.Text;
using System.Text.Json;

namespace Recurrent.Server.Text;

/// <summary>
/// <c>POST /v1/text/generate</c>: the text streams back as server-sent events, <c>data: {"text": "..."}</c> for each
/// piece sampled since the last one, then <c>event: done</c> with <c>{"length": N, "seed": S}</c>.
/// </summary>
internal static class TextEndpoints
{
    public const string GeneratePath = "/v1/text/generate";
    private const int DefaultLength = 200;
    private const int CoalesceMilliseconds = 15;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(GeneratePath, Generate)
            .WithName("GenerateText")
            .WithSummary("Generates text from a character model, streamed as server-sent events.")
            .WithDescription(
                "Each event is `data: {\"text\": \"...\"}` with the characters sampled since the last one; the stream "
                    + "ends with `event: done` and `data: {\"length\": N, \"seed\": S}`. With \"stream\": false the "
                    + "answer is one JSON object instead. Requests for the same model are sampled together in one "
                    + "batched step, each with its own settings and generator."
            )
            .Accepts<TextGenerateRequest>("application/json")
            .Produces<TextGenerateResponse>(StatusCodes.Status200OK)
            .AddOpenApiOperationTransformer(
                (operation, _, _) =>
                {
                    // The stream is the default answer; its events are text, described above.
                    if (operation.Responses?["200"].Content is { } content)
                        content["text/event-stream"] = new OpenApiMediaType
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Description =
                                    "Server-sent events: data: {\"text\": \"...\"} per piece, then event: done with "
                                    + "data: {\"length\": N, \"seed\": S}.",
                            },
                        };
                    return Task.CompletedTask;
                }
            )
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task Generate(HttpContext context, ModelCatalog catalog, ServerOptions options)
    {
        var json = ServerJson.Options(context);
        var request = await JsonBody.ReadAsync<TextGenerateRequest>(context.Request, json);
        var model = catalog.Get<TextModel>(request.Model, "a character language model (char-lm)");
        int length = request.Length ?? DefaultLength;
        if (length < 0 || length > options.MaxGenerationLength)
            throw RequestRejectedException.BadRequest(
                $"\"length\" must be in [0, {options.MaxGenerationLength}]; got {length}."
            );
        string prime = request.Prime ?? "";
        if (prime.Length > options.MaxPrimeLength)
            throw RequestRejectedException.BadRequest(
                $"\"prime\" may have at most {options.MaxPrimeLength} characters; it has {prime.Length}."
            );
        int[] primeTokens;
        try
        {
            primeTokens = model.Model.Vocabulary.Encode(prime, "\"prime\"");
        }
        catch (ArgumentException e)
        {
            throw RequestRejectedException.BadRequest(e.Message.Split(" (Parameter", 2)[0]);
        }
        var sampling = Sampling(request);
        ulong seed = request.Seed ?? (ulong)Random.Shared.NextInt64();
        var abort = context.RequestAborted;
        var job = model.Batcher.Enqueue(primeTokens, length, sampling, seed, abort);
        if (request.Stream == false)
        {
            var text = new StringBuilder(length);
            await foreach (var piece in job.Output.ReadAllAsync(abort))
                text.Append(piece);
            await Results.Json(new TextGenerateResponse(model.Name, text.ToString(), seed), json).ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(abort);
        var chunk = new StringBuilder();
        int written = 0;
        while (await job.Output.WaitToReadAsync(abort))
        {
            // Characters that come within a few milliseconds go out as one event: under load a write per character
            // per client costs more than the batched step that made it, and 60 events a second still read as live.
            await Task.Delay(CoalesceMilliseconds, abort);
            chunk.Clear();
            while (job.Output.TryRead(out var piece))
                chunk.Append(piece);
            written += chunk.Length;
            string data = JsonSerializer.Serialize(new TextChunk(chunk.ToString()), json);
            await response.WriteAsync($"data: {data}\n\n", abort);
            await response.Body.FlushAsync(abort);
        }
        string done = JsonSerializer.Serialize(new GenerationDone(written, seed), json);
        await response.WriteAsync($"event: done\ndata: {done}\n\n", abort);
        await response.Body.FlushAsync(abort);
    }

    private static SamplingOptions Sampling(TextGenerateRequest request)
    {
        double temperature = request.Temperature ?? 1.0;
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw RequestRejectedException.BadRequest(
                $"\"temperature\" must be a positive number; got {temperature}. Use \"greedy\": true for the most "
                    + "likely character every time."
            );
        int topK = request.TopK ?? 0;
        if (topK < 0)
            throw RequestRejectedException.BadRequest($"\"top_k\" must be 0 (off) or a positive count; got {topK}.");
        double topP = request.TopP ?? 1.0;
        if (!(topP > 0 && topP <= 1))
            throw RequestRejectedException.BadRequest($"\"top_p\" must be in (0, 1]; got {topP}.");
        return new SamplingOptions
        {
            Temperature = temperature,
            TopK = topK,
            TopP = topP,
            Greedy = request.Greedy ?? false,
        };
    }

    /// <summary>One server-sent event of the stream: the characters sampled since the last.</summary>
    private sealed record TextChunk(string Text);

    /// <summary>The last event: how many characters were written and with which seed.</summary>
    private sealed record GenerationDone(int Length, ulong Seed);
}
