namespace Recurrent.Kernels;

/// <summary>
/// The parameters of one direction of a recurrent layer in PyTorch's layout: <c>W_ih [G*H, I]</c>,
/// <c>W_hh [G*H, H]</c>, <c>b_ih [G*H]</c>, <c>b_hh [G*H]</c>; the biases are empty for a layer made without them.
/// </summary>
internal readonly ref struct RecurrentWeights(
    ReadOnlySpan<float> inputWeight,
    ReadOnlySpan<float> hiddenWeight,
    ReadOnlySpan<float> inputBias,
    ReadOnlySpan<float> hiddenBias
)
{
    /// <summary><c>W_ih [G*H, I]</c>.</summary>
    public readonly ReadOnlySpan<float> InputWeight = inputWeight;

    /// <summary><c>W_hh [G*H, H]</c>.</summary>
    public readonly ReadOnlySpan<float> HiddenWeight = hiddenWeight;

    /// <summary><c>b_ih [G*H]</c>, or empty: zeros.</summary>
    public readonly ReadOnlySpan<float> InputBias = inputBias;

    /// <summary><c>b_hh [G*H]</c>, or empty: zeros.</summary>
    public readonly ReadOnlySpan<float> HiddenBias = hiddenBias;
}
