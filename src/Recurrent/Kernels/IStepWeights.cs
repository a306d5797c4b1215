namespace Recurrent.Kernels;

/// <summary>
/// A copy of a weight matrix <c>W [rows, columns]</c> kept for matrix-vector products at batch 1: the weights of a
/// recurrent step that reads each of them once per token (<see cref="PanelMatrix"/>, <see cref="Int8Matrix"/>).
/// </summary>
internal interface IStepWeights
{
    /// <summary>
    /// Writes <c>y = W x</c>: <paramref name="x"/> <c>[columns]</c>, <paramref name="y"/> <c>[rows]</c>.
    /// </summary>
    void Multiply(ReadOnlySpan<float> x, Span<float> y);
}
