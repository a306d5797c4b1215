using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace Recurrent.Server;

/// <summary>
/// Reads a request's JSON body itself rather than through parameter binding, so that every way a body can be wrong
/// (another content type, broken or truncated JSON, a field of the wrong type, an unknown field, too deep, too big)
/// gets a 4xx whose message says what and where.
/// </summary>
internal static class JsonBody
{
    public static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type
        && (
            type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        );

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        if (!IsJson(request))
            throw new RequestRejectedException(
                StatusCodes.Status415UnsupportedMediaType,
                $"The body must be JSON (Content-Type: application/json); got '{request.ContentType ?? "none"}'."
            );
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw RequestRejectedException.BadRequest($"The body is not a valid request: {e.Message}");
        }
        return value ?? throw RequestRejectedException.BadRequest("The body is JSON null; expected an object.");
    }
}
