using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Recurrent.Models.Drawing;

namespace Recurrent.Server.Drawing;

/// <summary><c>POST /v1/draw</c>: handwriting of a text, as strokes and as one SVG.</summary>
internal static class DrawEndpoints
{
    public const string Path = "/v1/draw";

    // Pixels per character in the answer's SVG.
    private const int SvgCell = 100;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, Draw)
            .WithName("Draw")
            .WithSummary("Writes a text with a handwriting model: every character's strokes, and one SVG.")
            .Accepts<DrawRequest>("application/json")
            .Produces<DrawResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> Draw(HttpContext context, ModelCatalog catalog, ServerOptions options)
    {
        var request = await JsonBody.ReadAsync<DrawRequest>(context.Request, ServerJson.Options(context));
        var model = catalog.Get<DrawModel>(request.Model, "a drawing model");
        var config = model.Model.Config;
        string text = request.Text ?? "";
        int[] labels;
        string[] characters;
        if (config.Conditional)
        {
            if (text.Length == 0 || text.Length > options.MaxDrawingTextLength)
                throw RequestRejectedException.BadRequest(
                    $"\"text\" must have 1 to {options.MaxDrawingTextLength} characters to draw; it has {text.Length}."
                );
            characters = text.Select(c => c.ToString()).ToArray();
            try
            {
                labels = text.Select(config.LabelIndex).ToArray();
            }
            catch (ArgumentException e)
            {
                throw RequestRejectedException.BadRequest(e.Message.Split(" (Parameter", 2)[0]);
            }
        }
        else
        {
            if (text.Length > 0)
                throw RequestRejectedException.BadRequest(
                    $"The model '{model.Name}' is unconditional: it draws no requested character. Ask for "
                        + "\"count\" drawings instead of \"text\"."
                );
            int count = request.Count ?? 1;
            if (count < 1 || count > options.MaxDrawingTextLength)
                throw RequestRejectedException.BadRequest(
                    $"\"count\" must be in [1, {options.MaxDrawingTextLength}]; got {count}."
                );
            labels = new int[count];
            characters = Enumerable.Repeat("", count).ToArray();
        }
        double bias = request.Bias ?? 1.0;
        if (!(bias >= 0) || !double.IsFinite(bias))
            throw RequestRejectedException.BadRequest($"\"bias\" must be a number of at least 0; got {bias}.");
        double temperature = request.Temperature ?? 1.0;
        if (!(temperature > 0) || !double.IsFinite(temperature))
            throw RequestRejectedException.BadRequest($"\"temperature\" must be a positive number; got {temperature}.");
        ulong seed = request.Seed ?? (ulong)Random.Shared.NextInt64();
        var sequences = model.Sample(labels, bias, temperature, seed);
        var strokes = sequences
            .Select(s => s.ToStrokes().Select(line => line.Select(p => new[] { p.X, p.Y }).ToArray()).ToArray())
            .ToArray();
        var drawings = strokes.Select((s, i) => new Drawing(characters[i], s)).ToArray();
        string svg = DrawingSheet.Svg([sequences], SvgCell);
        return TypedResults.Ok(new DrawResponse(model.Name, seed, drawings, svg));
    }
}
