using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// <see cref="RecurrentLayer.Step"/> with the layer's weight matrices W_ih and W_hh held as <see cref="Int8Matrix"/>
/// (int8 with a scale per row; biases, states and activations stay float), for generation at small batch, where a
/// step reads every weight once per token and float32 weights make it a memory-bandwidth problem. The results differ
/// from the float step by the rounding of the weights (at most half a row's scale per weight). The weights are
/// quantised once, when this is made; it does not follow later changes to the layer.
/// </summary>
public sealed class Int8RecurrentStep
{
    private readonly CopiedWeightsStep _step;

    /// <summary>Quantises the weights of every layer of <paramref name="layer"/> (unidirectional only).</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    public Int8RecurrentStep(RecurrentLayer layer) =>
        _step = new CopiedWeightsStep(layer, (weights, rows, columns) => new Int8Matrix(weights, rows, columns));

    /// <summary>The layer whose weights this holds.</summary>
    public RecurrentLayer Layer => _step.Layer;

    /// <summary>
    /// One step as <see cref="RecurrentLayer.Step"/> takes it, without allocating: reads <paramref name="input"/>
    /// <c>[B, I]</c>, advances <paramref name="state"/> (<c>[L, B, H]</c>) in place, and writes the last layer's new
    /// hidden state to <paramref name="output"/> <c>[B, H]</c>. Each batch row reads all the weights, so this pays at
    /// batch 1 and little above it.
    /// </summary>
    public void Step(Tensor input, RecurrentState state, Tensor output) => _step.Step(input, state, output);
}
