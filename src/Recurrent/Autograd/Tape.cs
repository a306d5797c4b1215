using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// Records coarse operations (a matmul, a pointwise function, a whole recurrent layer, a loss) as they run, and
/// runs their backward passes in reverse order. While a tape is alive it is the thread's current tape, and every
/// operation on a tensor that requires a gradient records itself on it.
/// </summary>
/// <remarks>
/// Tensors made by recorded operations belong to the tape: disposing the tape returns their memory to the pool,
/// so a training step that builds the same graph every iteration reuses it. Keep a result beyond the tape's life
/// with <see cref="Tensor.Clone"/> or by reading its values first.
/// </remarks>
public sealed class Tape : IDisposable
{
    [ThreadStatic]
    private static Tape? _current;

    [ThreadStatic]
    private static int _noGradDepth;

    private readonly Tape? _previous;
    private readonly List<(Tensor Output, Action Backward)> _backward = [];
    private readonly List<Tensor> _owned = [];
    private bool _disposed;

    /// <summary>Starts recording; the new tape becomes the current one until it is disposed.</summary>
    public Tape()
    {
        _previous = _current;
        _current = this;
    }

    /// <summary>The tape that operations on this thread record onto, if any.</summary>
    public static Tape? Current => _current;

    /// <summary>
    /// Whether operations are being recorded: a tape is current and no <see cref="NoGrad"/> scope is open.
    /// </summary>
    public static bool IsRecording => _current is not null && _noGradDepth == 0;

    /// <summary>The number of operations recorded so far.</summary>
    public int Count => _backward.Count;

    /// <summary>
    /// Opens a scope in which nothing is recorded, for inference and for updates to parameters. Dispose it to close.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope();
    }

    /// <summary>
    /// Runs the backward pass from a scalar <paramref name="loss"/>: seeds its gradient with 1 and calls each
    /// recorded backward in reverse order. Gradients accumulate (<c>+=</c>) into <see cref="Tensor.Grad"/>.
    /// </summary>
    public void Backward(Tensor loss)
    {
        if (loss.Length != 1)
            throw new ShapeMismatchException(
                $"Backward: the loss must have one element; got shape {Shape.Format(loss.Shape)}."
            );
        using var one = Tensor.FromArray([1f], loss.Shape.ToArray());
        Backward(loss, one);
    }

    /// <summary>
    /// Runs the backward pass from any <paramref name="output"/>, seeding its gradient with
    /// <paramref name="gradient"/> (of the same shape), like PyTorch's <c>y.backward(gradient)</c>.
    /// </summary>
    public void Backward(Tensor output, Tensor gradient)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Shape.SameAs(output.Shape, gradient.Shape))
            throw ShapeMismatchException.For(
                "Backward",
                "the seed gradient must have the output's shape",
                "output",
                output.Shape,
                "gradient",
                gradient.Shape
            );
        if (!output.RequiresGrad)
            throw new InvalidOperationException(
                "Backward: the output does not depend on any tensor that requires a gradient."
            );
        System.Numerics.Tensors.TensorPrimitives.Add(GradOf(output).Span, gradient.Span, GradOf(output).Span);
        using var _ = NoGrad();
        for (int i = _backward.Count - 1; i >= 0; i--)
        {
            // An output that the loss does not depend on (an unused final state, say) has no gradient to pass back.
            var (recorded, backward) = _backward[i];
            if (recorded.Grad is not null)
                backward();
        }
    }

    /// <summary>Whether an operation on these inputs should be recorded.</summary>
    internal static bool ShouldRecord(Tensor a) => IsRecording && a.RequiresGrad;

    /// <inheritdoc cref="ShouldRecord(Tensor)"/>
    internal static bool ShouldRecord(Tensor a, Tensor b) => IsRecording && (a.RequiresGrad || b.RequiresGrad);

    /// <inheritdoc cref="ShouldRecord(Tensor)"/>
    internal static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (!IsRecording)
            return false;
        foreach (var t in inputs)
            if (t.RequiresGrad)
                return true;
        return false;
    }

    /// <summary>
    /// Makes the output tensor of an operation. While recording it belongs to the current tape, which returns its
    /// memory to the pool when disposed.
    /// </summary>
    internal static Tensor NewOutput(params int[] shape)
    {
        var t = Tensor.Uninitialized(shape);
        if (IsRecording)
            _current!._owned.Add(t);
        return t;
    }

    /// <summary>Makes a zero-filled output tensor; see <see cref="NewOutput"/>.</summary>
    internal static Tensor NewZeroOutput(params int[] shape)
    {
        var t = NewOutput(shape);
        t.Span.Clear();
        return t;
    }

    /// <summary>Hands a tensor the operation made (a saved workspace, for example) to the tape to dispose.</summary>
    internal static void Own(Tensor t)
    {
        if (IsRecording)
            _current!._owned.Add(t);
    }

    /// <summary>
    /// Records the backward pass of an operation whose result is <paramref name="output"/>, which from now on
    /// requires a gradient.
    /// </summary>
    internal static void Record(Tensor output, Action backward)
    {
        output.RequiresGrad = true;
        _current!._backward.Add((output, backward));
    }

    /// <summary>The gradient of <paramref name="t"/>, created as zeros the first time it is needed.</summary>
    internal static Tensor GradOf(Tensor t) => t.Grad ??= Tensor.ZerosLike(t);

    /// <summary>Stops recording and returns the memory of every tensor the tape's operations made.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (ReferenceEquals(_current, this))
            _current = _previous;
        foreach (var t in _owned)
            t.Dispose();
        _owned.Clear();
        _backward.Clear();
    }

    /// <summary>The scope returned by <see cref="NoGrad"/>; disposing it resumes recording.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Closes the scope.</summary>
        public void Dispose() => _noGradDepth--;
    }
}
