namespace Recurrent.Kernels;

/// <summary>
/// Where backward adds (+=) the gradients of <see cref="RecurrentWeights"/>, in the same layout; an empty span is a
/// gradient nobody wants, and its GEMM is skipped.
/// </summary>
internal readonly ref struct RecurrentWeightGradients(
    Span<float> inputWeight,
    Span<float> hiddenWeight,
    Span<float> inputBias,
    Span<float> hiddenBias
)
{
    /// <summary>dL/dW_ih <c>[G*H, I]</c>, or empty.</summary>
    public readonly Span<float> InputWeight = inputWeight;

    /// <summary>dL/dW_hh <c>[G*H, H]</c>, or empty.</summary>
    public readonly Span<float> HiddenWeight = hiddenWeight;

    /// <summary>dL/db_ih <c>[G*H]</c>, or empty.</summary>
    public readonly Span<float> InputBias = inputBias;

    /// <summary>dL/db_hh <c>[G*H]</c>, or empty.</summary>
    public readonly Span<float> HiddenBias = hiddenBias;
}
