namespace Recurrent.Server.Text;

/// <summary>The body of <c>POST /v1/text/generate</c>; everything but the model has a default.</summary>
internal sealed class TextGenerateRequest
{
    /// <summary>The name of a <c>char-lm</c> model.</summary>
    public string? Model { get; init; }

    /// <summary>The text to start from (read, not repeated); empty starts from a newline.</summary>
    public string? Prime { get; init; }

    /// <summary>The number of characters to generate (default 200).</summary>
    public int? Length { get; init; }

    /// <summary>Positive; below 1 sharper, above 1 more varied (default 1).</summary>
    public double? Temperature { get; init; }

    /// <summary>Keep only the k most likely characters (0, the default, keeps all).</summary>
    public int? TopK { get; init; }

    /// <summary>Nucleus sampling: keep the most likely characters up to this mass, in (0, 1] (default 1).</summary>
    public double? TopP { get; init; }

    /// <summary>Always take the most likely character.</summary>
    public bool? Greedy { get; init; }

    /// <summary>The seed of the generator; the same seed gives the same text (default: a random seed).</summary>
    public ulong? Seed { get; init; }

    /// <summary>True (the default): server-sent events as the text is sampled; false: one JSON answer.</summary>
    public bool? Stream { get; init; }
}
