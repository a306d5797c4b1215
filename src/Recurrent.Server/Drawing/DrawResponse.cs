namespace Recurrent.Server.Drawing;

/// <summary>The answer of <c>POST /v1/draw</c>.</summary>
/// <param name="Model">The model that drew.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="Drawings">One per character (or per drawing of an unconditional model), in order.</param>
/// <param name="Svg">All the drawings side by side as one SVG picture.</param>
internal sealed record DrawResponse(string Model, ulong Seed, IReadOnlyList<Drawing> Drawings, string Svg);

/// <summary>One drawing.</summary>
/// <param name="Character">The character drawn ("" for an unconditional model).</param>
/// <param name="Strokes">The pen-down polylines in the order drawn, each a list of [x, y] points, y downwards.</param>
internal sealed record Drawing(string Character, float[][][] Strokes);
