using Recurrent.Tensors;

namespace Recurrent.Optimizers;

/// <summary>
/// Updates a list of parameters from their gradients (<see cref="Tensor.Grad"/>) with one of
/// <c>torch.optim</c>'s update rules. The learning rate can be changed between steps, by hand or by a
/// <see cref="Training.LearningRateSchedule"/>; the per-parameter buffers can be exported and imported for checkpoints.
/// </summary>
/// <remarks>
/// A parameter whose <see cref="Tensor.Grad"/> is null is skipped, as PyTorch skips a parameter whose <c>grad</c>
/// is <c>None</c>. Buffers are created on a parameter's first update, so a parameter that never received a gradient
/// has no state, exactly as in PyTorch.
/// </remarks>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;

    /// <summary>
    /// Creates an optimiser over <paramref name="parameters"/> with learning rate <paramref name="learningRate"/>.
    /// </summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException($"{GetType().Name}: the parameter list is empty.", nameof(parameters));
        LearningRate = learningRate;
    }

    /// <summary>The parameters this optimiser updates, in the order given to the constructor.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The learning rate used by the next <see cref="Step"/>.</summary>
    public double LearningRate
    {
        get;
        set
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    $"{GetType().Name}: the learning rate must be finite and non-negative; got {value}."
                );
            field = value;
        }
    }

    /// <summary>The number of steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is null)
                continue;
            if (!Shape.SameAs(p.Shape, p.Grad.Shape))
                throw ShapeMismatchException.For(
                    GetType().Name,
                    "a gradient must have its parameter's shape",
                    $"parameter {p.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                    p.Shape,
                    "gradient",
                    p.Grad.Shape
                );
            Update(i, p.Span, p.Grad.Span);
        }
    }

    /// <summary>Clears the gradient of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
            p.Grad?.Span.Clear();
    }

    /// <summary>Updates parameter number <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>
    /// The optimiser's state: its per-parameter buffers, keyed <c>{index}.{buffer}</c> (for example <c>0.exp_avg</c>),
    /// and its counters. The arrays are copies.
    /// </summary>
    public OptimizerState ExportState()
    {
        var state = new OptimizerState(GetType().Name, StepCount);
        foreach (var (key, buffer) in Buffers())
            state.Buffers[key] = (float[])buffer.Clone();
        foreach (var (key, value) in Counters())
            state.Counters[key] = value;
        return state;
    }

    /// <summary>
    /// Restores a state made by <see cref="ExportState"/> on an optimiser of the same kind over parameters of the same
    /// shapes.
    /// </summary>
    /// <exception cref="ArgumentException">The state belongs to another kind of optimiser or does not fit the
    /// parameters.</exception>
    public void ImportState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Kind != GetType().Name)
            throw new ArgumentException($"{GetType().Name}: cannot import the state of a {state.Kind}.", nameof(state));
        var buffers = new Dictionary<string, float[]>();
        foreach (var (key, values) in state.Buffers)
        {
            int dot = key.IndexOf('.', StringComparison.Ordinal);
            if (
                dot <= 0
                || !int.TryParse(
                    key.AsSpan(0, dot),
                    System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out int index
                )
                || index >= _parameters.Length
            )
                throw new ArgumentException(
                    $"{GetType().Name}: state buffer '{key}' does not name one of the {_parameters.Length} parameters.",
                    nameof(state)
                );
            if (values.Length != _parameters[index].Length)
                throw new ArgumentException(
                    $"{GetType().Name}: state buffer '{key}' has {values.Length} values but parameter {index} has "
                        + $"{_parameters[index].Length}.",
                    nameof(state)
                );
            buffers[key] = (float[])values.Clone();
        }
        Restore(buffers, state.Counters);
        StepCount = state.StepCount;
    }

    /// <summary>The per-parameter buffers, keyed <c>{index}.{buffer}</c>.</summary>
    protected abstract IEnumerable<(string Key, float[] Buffer)> Buffers();

    /// <summary>Integer counters besides the step count (Adagrad's and Adam's per-parameter steps).</summary>
    protected virtual IEnumerable<(string Key, long Value)> Counters() => [];

    /// <summary>
    /// Replaces every buffer and counter with the given ones (already checked against the parameters).
    /// </summary>
    protected abstract void Restore(
        IReadOnlyDictionary<string, float[]> buffers,
        IReadOnlyDictionary<string, long> counters
    );

    /// <summary>A buffer of zeros the length of parameter <paramref name="index"/>.</summary>
    protected float[] NewBuffer(int index) => new float[_parameters[index].Length];

    /// <summary>Reads the buffers named <c>{index}.{name}</c> back into an array indexed by parameter.</summary>
    protected float[]?[] RestoreBuffers(IReadOnlyDictionary<string, float[]> buffers, string name)
    {
        var result = new float[]?[_parameters.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = buffers.GetValueOrDefault($"{i}.{name}");
        return result;
    }

    /// <summary>Lists the non-null buffers of an array indexed by parameter as <c>{index}.{name}</c>.</summary>
    protected static IEnumerable<(string Key, float[] Buffer)> ListBuffers(float[]?[] buffers, string name)
    {
        for (int i = 0; i < buffers.Length; i++)
            if (buffers[i] is { } b)
                yield return ($"{i}.{name}", b);
    }
}
