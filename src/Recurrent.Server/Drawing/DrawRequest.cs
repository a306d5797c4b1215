namespace Recurrent.Server.Drawing;

/// <summary>The body of <c>POST /v1/draw</c>.</summary>
internal sealed class DrawRequest
{
    /// <summary>The name of a drawing model.</summary>
    public string? Model { get; init; }

    /// <summary>The characters to draw, each one the model was trained on (a conditional model).</summary>
    public string? Text { get; init; }

    /// <summary>How many drawings an unconditional model makes (default 1).</summary>
    public int? Count { get; init; }

    /// <summary>0 for varied drawings, larger for neater ones (default 1).</summary>
    public double? Bias { get; init; }

    /// <summary>Positive; scales the randomness of every draw (default 1).</summary>
    public double? Temperature { get; init; }

    /// <summary>The seed of the generator (default: a random seed).</summary>
    public ulong? Seed { get; init; }
}
