using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// Thrown when a training batch holds too few valid values per channel for the statistics an op takes over it:
/// batch normalisation needs at least two for a variance, so a batch of a single one-step sequence cannot train it.
/// The batch, not the code, is at fault, which is why a caller that assembles batches from a user's data (a search
/// over models) may catch this and go on, while other argument errors still surface.
/// </summary>
public sealed class BatchTooSmallException : ArgumentException
{
    /// <summary>
    /// Creates the exception for <paramref name="op"/> given <paramref name="shape"/> with
    /// <paramref name="validValues"/> valid values per channel.
    /// </summary>
    public BatchTooSmallException(string op, ReadOnlySpan<int> shape, long validValues)
        : base(
            $"{op}: training needs more than one valid step per channel for a variance; x {Shape.Format(shape)} "
                + $"has {validValues}.",
            "x"
        )
    {
        ValidValues = validValues;
    }

    /// <summary>The valid values per channel the batch held.</summary>
    public long ValidValues { get; }
}
