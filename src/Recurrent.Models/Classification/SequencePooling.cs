namespace Recurrent.Models.Classification;

/// <summary>
/// How a <see cref="SequenceClassifier"/> turns the outputs of every step into one vector per sequence.
/// </summary>
public enum SequencePooling
{
    /// <summary>
    /// The last valid state: the forward direction's output at step <c>length - 1</c> and, when bidirectional, the
    /// backward direction's output at step 0 (its final state), side by side.
    /// </summary>
    Last,

    /// <summary>The mean of the outputs over the valid steps.</summary>
    Mean,
}
