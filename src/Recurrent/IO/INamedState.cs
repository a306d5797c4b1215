using Recurrent.Tensors;

namespace Recurrent.IO;

/// <summary>
/// Something whose tensors a checkpoint holds by name, as PyTorch's <c>state_dict()</c>: a model or a part of one.
/// Declared here, below the layers, so that checkpoints need nothing from them.
/// </summary>
public interface INamedState
{
    /// <summary>Every tensor a checkpoint holds, with its PyTorch state-dict name, in a stable order.</summary>
    IEnumerable<(string Name, Tensor Value)> NamedState();
}
