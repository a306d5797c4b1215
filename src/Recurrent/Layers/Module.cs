using Recurrent.IO;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A part of a model that owns parameters, after PyTorch's <c>nn.Module</c>: it names them as PyTorch's state dict
/// does (<c>weight_ih_l0</c>, <c>decoder.bias</c>), so weights move between the two unchanged.
/// </summary>
public abstract class Module : INamedState
{
    /// <summary>Whether the module is training (dropout active) or evaluating. See <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>The parameters with their PyTorch state-dict names, in a stable order.</summary>
    public abstract IEnumerable<(string Name, Tensor Value)> NamedParameters();

    /// <summary>
    /// The buffers with their PyTorch state-dict names: state that checkpoints keep but no optimiser updates (batch
    /// normalisation's running statistics). None by default.
    /// </summary>
    public virtual IEnumerable<(string Name, Tensor Value)> NamedBuffers() => [];

    /// <summary>
    /// Everything a checkpoint holds, as PyTorch's <c>state_dict()</c>: the parameters, then the buffers.
    /// </summary>
    public IEnumerable<(string Name, Tensor Value)> NamedState() => NamedParameters().Concat(NamedBuffers());

    /// <summary>The child modules, for <see cref="Train"/> and <see cref="Eval"/> to reach.</summary>
    protected virtual IEnumerable<Module> Children() => [];

    /// <summary>The parameters in the order of <see cref="NamedParameters"/>.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Value);

    /// <summary>The number of scalar parameters.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Length);

    /// <summary>Clears the accumulated gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
            p.Grad?.Span.Clear();
    }

    /// <summary>Switches this module and its children to training mode.</summary>
    public void Train() => SetTraining(true);

    /// <summary>Switches this module and its children to evaluation mode (no dropout).</summary>
    public void Eval() => SetTraining(false);

    private void SetTraining(bool training)
    {
        Training = training;
        foreach (var child in Children())
            child.SetTraining(training);
    }

    /// <summary>Names a child's parameters with a prefix, as PyTorch does for submodules (<c>prefix.name</c>).</summary>
    protected static IEnumerable<(string Name, Tensor Value)> Prefixed(string prefix, Module child) =>
        child.NamedParameters().Select(p => ($"{prefix}.{p.Name}", p.Value));

    /// <summary>Names a child's buffers with a prefix, as <see cref="Prefixed"/> does its parameters.</summary>
    protected static IEnumerable<(string Name, Tensor Value)> PrefixedBuffers(string prefix, Module child) =>
        child.NamedBuffers().Select(p => ($"{prefix}.{p.Name}", p.Value));

    /// <summary>Makes a parameter: a tensor that requires a gradient, named as in PyTorch.</summary>
    protected static Tensor Parameter(string name, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        t.Name = name;
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>
    /// Makes a buffer: a tensor of zeros, named as in PyTorch, that checkpoints keep and no gradient reaches.
    /// </summary>
    protected static Tensor Buffer(string name, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        t.Name = name;
        return t;
    }
}
