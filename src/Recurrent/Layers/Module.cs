using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A part of a model that owns parameters, after PyTorch's <c>nn.Module</c> and TorchSharp's <c>Module</c>: a
/// constructor registers its parameters, buffers and child modules once (<see cref="RegisterParameter"/>,
/// <see cref="RegisterBuffer"/>, <see cref="RegisterModule"/>), and everything else is derived from that registry:
/// the state-dict names (<c>weight_ih_l0</c>, <c>decoder.bias</c>, a child's names prefixed with its own as PyTorch
/// does), the parameters an optimiser updates, and the training mode that <see cref="Train"/> and
/// <see cref="Eval"/> pass down to every child. Weights move between the two libraries unchanged.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];
    private readonly List<(string Name, Module Child)> _children = [];

    /// <summary>
    /// Whether the module is training (dropout active) or evaluating. See <see cref="Train"/> and <see cref="Eval"/>.
    /// </summary>
    public bool Training { get; private set; } = true;

    /// <summary>
    /// The parameters with their PyTorch state-dict names, in PyTorch's order: this module's own in the order they
    /// were registered, then each child's, prefixed with the child's name.
    /// </summary>
    public IEnumerable<(string Name, Tensor Value)> NamedParameters() => Named(m => m._parameters);

    /// <summary>
    /// The buffers with their PyTorch state-dict names, in the order of <see cref="NamedParameters"/>: state that
    /// checkpoints keep but no optimiser updates (batch normalisation's running statistics).
    /// </summary>
    public IEnumerable<(string Name, Tensor Value)> NamedBuffers() => Named(m => m._buffers);

    /// <summary>
    /// Everything a checkpoint holds, as PyTorch's <c>state_dict()</c>: the parameters, then the buffers.
    /// </summary>
    public IEnumerable<(string Name, Tensor Value)> NamedState() => NamedParameters().Concat(NamedBuffers());

    /// <summary>The registered child modules with their names, in the order they were registered.</summary>
    public IEnumerable<(string Name, Module Child)> NamedChildren() => _children;

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

    /// <summary>Switches this module and every module registered below it to training mode.</summary>
    public void Train() => SetTraining(true);

    /// <summary>Switches this module and every module registered below it to evaluation mode (no dropout).</summary>
    public void Eval() => SetTraining(false);

    private void SetTraining(bool training)
    {
        Training = training;
        foreach (var (_, child) in _children)
            child.SetTraining(training);
    }

    private IEnumerable<(string Name, Tensor Value)> Named(Func<Module, List<(string Name, Tensor Value)>> own)
    {
        foreach (var entry in own(this))
            yield return entry;
        foreach (var (prefix, child) in _children)
            foreach (var (name, value) in child.Named(own))
                yield return ($"{prefix}.{name}", value);
    }

    /// <summary>
    /// Registers <paramref name="child"/> under <paramref name="name"/>, as PyTorch's <c>add_module</c>: its
    /// parameters and buffers appear as <c>name.…</c>, and it follows this module's training mode.
    /// </summary>
    /// <returns><paramref name="child"/>, so that a constructor can assign and register in one line.</returns>
    protected T RegisterModule<T>(string name, T child)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(child);
        if (ReferenceEquals(child, this))
            throw new ArgumentException(
                $"{GetType().Name}: a module cannot be its own child ('{name}').",
                nameof(child)
            );
        CheckFree(name);
        _children.Add((name, child));
        return child;
    }

    /// <summary>
    /// Registers <paramref name="parameter"/> under <paramref name="name"/>, as PyTorch's
    /// <c>register_parameter</c>: it is named so, requires a gradient, and optimisers and checkpoints see it.
    /// </summary>
    /// <returns><paramref name="parameter"/>.</returns>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckFree(name);
        parameter.Name = name;
        parameter.RequiresGrad = true;
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>
    /// Registers <paramref name="buffer"/> under <paramref name="name"/>, as PyTorch's <c>register_buffer</c>:
    /// checkpoints keep it, no gradient reaches it.
    /// </summary>
    /// <returns><paramref name="buffer"/>.</returns>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckFree(name);
        buffer.Name = name;
        _buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Makes and registers a parameter of zeros; see <see cref="RegisterParameter"/>.</summary>
    protected Tensor Parameter(string name, params int[] shape) => RegisterParameter(name, Tensor.Zeros(shape));

    /// <summary>Makes and registers a buffer of zeros; see <see cref="RegisterBuffer"/>.</summary>
    protected Tensor Buffer(string name, params int[] shape) => RegisterBuffer(name, Tensor.Zeros(shape));

    private void CheckFree(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException(
                $"{GetType().Name}: the name '{name}' holds a dot, which separates a child's name from its own.",
                nameof(name)
            );
        if (
            _parameters.Any(p => p.Name == name)
            || _buffers.Any(b => b.Name == name)
            || _children.Any(c => c.Name == name)
        )
            throw new ArgumentException($"{GetType().Name}: '{name}' is already registered.", nameof(name));
    }
}
