namespace Recurrent.Server;

/// <summary>The answer of <c>GET /v1/models</c>.</summary>
/// <param name="Models">Every model served, by name.</param>
internal sealed record ModelList(IReadOnlyList<ModelDescription> Models);
