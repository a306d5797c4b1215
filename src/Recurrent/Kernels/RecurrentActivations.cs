namespace Recurrent.Kernels;

/// <summary>
/// The workspaces forward fills for backward, all time-major: the gate activations <see cref="Gates"/>
/// <c>[T*B, S]</c> and the states each step started from, <see cref="HPrev"/> and <see cref="CPrev"/>
/// <c>[T*B, H]</c> (<see cref="CPrev"/> empty without a cell state). For a forward without backward
/// <see cref="HPrev"/> is empty and <see cref="Gates"/> is one step's scratch, <c>[B, S]</c>, reused at every step.
/// </summary>
internal readonly ref struct RecurrentActivations(Span<float> gates, Span<float> hPrev, Span<float> cPrev)
{
    /// <summary>The gate activations, <c>[T*B, S]</c> (or <c>[B, S]</c> scratch).</summary>
    public readonly Span<float> Gates = gates;

    /// <summary>h_{t-1} of every step, <c>[T*B, H]</c>, or empty when nothing is saved for backward.</summary>
    public readonly Span<float> HPrev = hPrev;

    /// <summary>c_{t-1} of every step, <c>[T*B, H]</c>, or empty.</summary>
    public readonly Span<float> CPrev = cPrev;

    /// <summary>Whether forward keeps every step for backward.</summary>
    public bool ForBackward => !HPrev.IsEmpty;
}
