namespace Recurrent.Data;

/// <summary>
/// A contiguous split of a token sequence: the first part for training, the last <see cref="ValidationFraction"/>
/// for validation, as nanoGPT does (<c>train = data[:int(n * 0.9)]</c>), so the validation text is never seen in
/// training.
/// </summary>
public sealed class TextSplit
{
    /// <summary>nanoGPT's validation fraction.</summary>
    public const double DefaultValidationFraction = 0.1;

    private TextSplit(int[] train, int[] validation, double fraction)
    {
        Train = train;
        Validation = validation;
        ValidationFraction = fraction;
    }

    /// <summary>The training tokens, the start of the corpus.</summary>
    public int[] Train { get; }

    /// <summary>The validation tokens, the end of the corpus.</summary>
    public int[] Validation { get; }

    /// <summary>The fraction of the corpus held out for validation.</summary>
    public double ValidationFraction { get; }

    /// <summary>
    /// Splits <paramref name="tokens"/> so that the first <c>floor(n * (1 - fraction))</c> tokens train.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside <c>[0, 1)</c>.</exception>
    public static TextSplit Create(ReadOnlySpan<int> tokens, double validationFraction = DefaultValidationFraction)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction),
                $"The validation fraction must be in [0, 1); it is {validationFraction}."
            );
        int trainCount = (int)(tokens.Length * (1 - validationFraction));
        return new TextSplit(tokens[..trainCount].ToArray(), tokens[trainCount..].ToArray(), validationFraction);
    }
}
