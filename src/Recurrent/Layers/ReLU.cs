using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary><c>max(0, x)</c> element by element, as PyTorch's <c>nn.ReLU</c>, for a <see cref="Sequential"/>.</summary>
public sealed class ReLU : Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Ops.Relu(input);
}
