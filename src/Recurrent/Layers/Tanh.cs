using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>The hyperbolic tangent element-wise, as PyTorch's <c>nn.Tanh</c>, for a <see cref="Sequential"/>.</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Ops.Tanh(input);
}
