using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// The recurrent state a model carries from one chunk of a stream to the next in truncated backpropagation through
/// time: each chunk starts from the previous chunk's final state, cut from the tape. The state the last update read
/// stays alive until the next chunk begins, because the tape that the update's backward pass walks still refers to it.
/// A model implements <see cref="ICarriedState"/> by handing its calls to one of these.
/// </summary>
public sealed class CarriedRecurrentState : ICarriedState, IDisposable
{
    private readonly bool _hasCellState;
    private readonly string _owner;
    private RecurrentState? _retired;

    /// <summary>
    /// Creates an empty state for a recurrent layer that has (<paramref name="hasCellState"/>: an LSTM) or lacks a
    /// cell state; <paramref name="owner"/> names the model in error messages ("a character model").
    /// </summary>
    public CarriedRecurrentState(bool hasCellState, string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _hasCellState = hasCellState;
        _owner = owner;
    }

    /// <summary>The state the next chunk starts from; null for zeros.</summary>
    public RecurrentState? Current { get; private set; }

    /// <summary>
    /// Begins a chunk of <paramref name="batchSize"/> streams and returns the state it starts from: the state retired
    /// by the last update is freed, and the carried one is forgotten when <paramref name="reset"/> is set (the
    /// chunk starts new streams) or when it was carried for another number of streams.
    /// </summary>
    public RecurrentState? Begin(int batchSize, bool reset = false)
    {
        _retired?.Dispose();
        _retired = null;
        if (reset || (Current is not null && Current.H.Dim(1) != batchSize))
            ResetCarriedState();
        return Current;
    }

    /// <summary>
    /// Carries <paramref name="final"/>, the chunk's final state, on to the next chunk as a copy cut from the tape.
    /// While the tape records, the state the chunk started from is kept until the next <see cref="Begin"/>;
    /// otherwise it is freed at once, and so is <paramref name="final"/>.
    /// </summary>
    public void Carry(RecurrentState final)
    {
        ArgumentNullException.ThrowIfNull(final);
        var previous = Current;
        Current = final.Detach();
        if (Tape.IsRecording)
            _retired = previous;
        else
        {
            previous?.Dispose();
            final.Dispose();
        }
    }

    /// <inheritdoc />
    public void ResetCarriedState()
    {
        Current?.Dispose();
        Current = null;
        _retired?.Dispose();
        _retired = null;
    }

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Tensor Value)> SaveCarriedState()
    {
        if (Current is null)
            return [];
        var state = new List<(string, Tensor)> { ("h", Current.H.Clone()) };
        if (Current.C is not null)
            state.Add(("c", Current.C.Clone()));
        return state;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// The tensors lack 'h', or have a cell state 'c' where the layer has none, or lack it where the layer has one.
    /// </exception>
    public void LoadCarriedState(IReadOnlyList<(string Name, Tensor Value)> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ResetCarriedState();
        if (state.Count == 0)
            return;
        var h = state.FirstOrDefault(s => s.Name == "h").Value
            ?? throw new ArgumentException($"The carried state of {_owner} needs an 'h' tensor.", nameof(state));
        var c = state.FirstOrDefault(s => s.Name == "c").Value;
        if (_hasCellState != c is not null)
            throw new ArgumentException(
                $"The carried state of {_owner} {(c is null ? "lacks" : "has")} a cell state 'c', which "
                    + $"{(_hasCellState ? "an LSTM needs" : "only an LSTM has")}.",
                nameof(state)
            );
        Current = new RecurrentState(h.Clone(), c?.Clone());
    }

    /// <summary>Frees the carried and the retired state.</summary>
    public void Dispose() => ResetCarriedState();
}
