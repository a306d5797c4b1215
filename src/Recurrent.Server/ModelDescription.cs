namespace Recurrent.Server;

/// <summary>One entry of <c>GET /v1/models</c>.</summary>
/// <param name="Name">The name requests use.</param>
/// <param name="Kind">The model kind, such as <c>char-lm</c>, <c>sequence-classifier</c>.</param>
/// <param name="Endpoint">The endpoint that serves it, such as <c>/v1/text/generate</c>.</param>
/// <param name="Config">The configuration stored in the checkpoint, as strings.</param>
internal sealed record ModelDescription(
    string Name,
    string Kind,
    string Endpoint,
    IReadOnlyDictionary<string, string> Config
);
