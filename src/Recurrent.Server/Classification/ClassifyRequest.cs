namespace Recurrent.Server.Classification;

/// <summary>The JSON body of <c>POST /v1/classify</c>.</summary>
internal sealed class ClassifyRequest
{
    /// <summary>The name of a sequence classifier.</summary>
    public string? Model { get; init; }

    /// <summary>One series: its steps, each the values of every channel (null for a missing value).</summary>
    public float?[][]? Series { get; init; }
}
