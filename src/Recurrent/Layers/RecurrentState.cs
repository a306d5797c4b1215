using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// The state of a recurrent layer stack, as PyTorch returns it: <see cref="H"/> <c>[L*D, B, H]</c> and, for an
/// LSTM, <see cref="C"/> of the same shape, entries ordered layer by layer with the forward direction first
/// (<c>l0, l0_reverse, l1, ...</c>).
/// </summary>
public sealed class RecurrentState : IDisposable
{
    /// <summary>Wraps the hidden state and, for an LSTM, the cell state.</summary>
    public RecurrentState(Tensor h, Tensor? c = null)
    {
        if (c is not null && !Shape.SameAs(h.Shape, c.Shape))
            throw ShapeMismatchException.For(
                "RecurrentState",
                "h and c must have the same shape",
                "h",
                h.Shape,
                "c",
                c.Shape
            );
        H = h;
        C = c;
    }

    /// <summary>The hidden state <c>[L*D, B, H]</c> (PyTorch's <c>h_n</c>).</summary>
    public Tensor H { get; }

    /// <summary>The LSTM cell state <c>[L*D, B, H]</c> (PyTorch's <c>c_n</c>); null for RNN and GRU.</summary>
    public Tensor? C { get; }

    /// <summary>
    /// A copy with memory of its own that is cut from the tape: no gradient flows back through it. Pass the final
    /// state of one batch as the initial state of the next for truncated backpropagation through time.
    /// </summary>
    public RecurrentState Detach() => new(H.Clone(), C?.Clone());

    /// <summary>Returns the memory of both tensors to the pool.</summary>
    public void Dispose()
    {
        H.Dispose();
        C?.Dispose();
    }
}
