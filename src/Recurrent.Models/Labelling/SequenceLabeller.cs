using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Labelling;

/// <summary>A network that gives every step of a sequence class scores: <c>[B, T, F] -> [B, T, C]</c>.</summary>
public abstract class SequenceLabeller : Module
{
    /// <summary>The class scores (logits) of every step.</summary>
    public abstract Tensor Logits(Tensor input);
}
