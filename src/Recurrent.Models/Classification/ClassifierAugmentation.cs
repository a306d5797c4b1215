namespace Recurrent.Models.Classification;

/// <summary>
/// How training series are varied at random each time they are batched (see <see cref="SequenceBatchSource"/>).
/// </summary>
/// <param name="Shift">
/// Move each series by up to this many (framed) steps, and the values inside a frame by up to this many positions
/// (<see cref="RandomShift"/>); 0 moves none.
/// </param>
/// <param name="Jitter">
/// The standard deviation of Gaussian noise added to every value, in scaled units; 0 adds none.
/// </param>
public sealed record ClassifierAugmentation(int Shift, float Jitter)
{
    /// <summary>No augmentation.</summary>
    public static ClassifierAugmentation None { get; } = new(0, 0f);
}
