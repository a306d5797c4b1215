namespace Recurrent.Models.Text;

/// <summary>How <see cref="CharSampler"/> picks each next character from the model's scores.</summary>
public sealed record SamplingOptions
{
    /// <summary>
    /// Divides the scores before the softmax: below 1 sharper and safer, above 1 more varied. Must be positive.
    /// </summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely characters (0 keeps all).</summary>
    public int TopK { get; init; }

    /// <summary>
    /// Keep the fewest most likely characters whose probabilities sum to at least p (nucleus sampling; 1 keeps all).
    /// </summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Always take the most likely character (ignores the other settings).</summary>
    public bool Greedy { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the option.</exception>
    public void Validate()
    {
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentException(
                $"--temperature must be a positive number; got {Temperature}. Use --greedy for the most likely "
                    + $"character every time."
            );
        if (TopK < 0)
            throw new ArgumentException($"--top-k must be 0 (off) or a positive count; got {TopK}.");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentException($"--top-p must be in (0, 1]; got {TopP}.");
    }
}
