using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// <see cref="RecurrentLayer.Step"/> with the layer's W_ih and W_hh copied into <see cref="PanelMatrix"/> order, for
/// generation at batch 1, where a step reads every weight once per token and the speed is how fast the weights
/// stream in. The same float32 weights, so the results equal the layer's own step up to the order of float sums. The
/// copy is made once, when this is made; it does not follow later changes to the layer.
/// </summary>
public sealed class PanelRecurrentStep
{
    private readonly CopiedWeightsStep _step;

    /// <summary>Copies the weights of every layer of <paramref name="layer"/> (unidirectional only).</summary>
    /// <exception cref="InvalidOperationException">The layer is bidirectional.</exception>
    public PanelRecurrentStep(RecurrentLayer layer) =>
        _step = new CopiedWeightsStep(layer, (weights, rows, columns) => new PanelMatrix(weights, rows, columns));

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
