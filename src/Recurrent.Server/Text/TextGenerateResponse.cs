namespace Recurrent.Server.Text;

/// <summary>The answer of <c>POST /v1/text/generate</c> with <c>"stream": false</c>.</summary>
/// <param name="Model">The model that wrote it.</param>
/// <param name="Text">The generated text, without the prime.</param>
/// <param name="Seed">The seed used (the one given, or the one drawn).</param>
internal sealed record TextGenerateResponse(string Model, string Text, ulong Seed);
