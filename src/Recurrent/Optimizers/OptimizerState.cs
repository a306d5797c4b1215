namespace Recurrent.Optimizers;

/// <summary>
/// What an <see cref="Optimizer"/> needs to continue exactly where it stopped: its kind, its step count, its
/// per-parameter buffers (keyed <c>{parameter index}.{buffer name}</c>, as PyTorch's <c>state_dict()['state']</c>)
/// and any integer counters. Checkpoints store it.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Creates an empty state for an optimiser of kind <paramref name="kind"/> (its class name).</summary>
    public OptimizerState(string kind, long stepCount)
    {
        Kind = kind;
        StepCount = stepCount;
    }

    /// <summary>The optimiser's class name, for example <c>Adam</c>.</summary>
    public string Kind { get; }

    /// <summary>The number of steps taken.</summary>
    public long StepCount { get; }

    /// <summary>The per-parameter buffers, keyed <c>{index}.{name}</c>.</summary>
    public Dictionary<string, float[]> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>Integer counters, keyed <c>{index}.{name}</c>.</summary>
    public Dictionary<string, long> Counters { get; } = new(StringComparer.Ordinal);
}
