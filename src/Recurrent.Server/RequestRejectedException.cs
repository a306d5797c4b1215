using Microsoft.AspNetCore.Http;

namespace Recurrent.Server;

/// <summary>
/// A request the server will not serve, with the status and the message the client gets as ProblemDetails; thrown
/// before a response starts, so a bad request never leaves a half-written answer.
/// </summary>
internal sealed class RequestRejectedException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public static RequestRejectedException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);

    public static RequestRejectedException UnknownModel(string name, IEnumerable<string> known) =>
        new(
            StatusCodes.Status404NotFound,
            $"There is no model '{name}'. The models are: {string.Join(", ", known)} (GET /v1/models lists them)."
        );
}
