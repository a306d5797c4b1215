namespace Recurrent.Layers;

/// <summary>
/// A module with one forward pass from <typeparamref name="TInput"/> to <typeparamref name="TOutput"/>, as
/// TorchSharp's <c>Module&lt;T, TResult&gt;</c>; modules of the same input and output type compose in a
/// <see cref="Sequential"/>.
/// </summary>
/// <typeparam name="TInput">What the forward pass reads.</typeparam>
/// <typeparam name="TOutput">What it gives.</typeparam>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>Applies the module to <paramref name="input"/>.</summary>
    public abstract TOutput Forward(TInput input);
}
