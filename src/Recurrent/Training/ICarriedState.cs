using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// The hook through which a model that carries recurrent state from batch to batch (truncated BPTT, as char-rnn's
/// streams) tells the <see cref="Trainer{TBatch}"/> about it. The trainer resets the state at the start of every
/// epoch, sets the training state aside during validation (which starts from a reset state) and puts it back
/// afterwards, and stores it in checkpoints so that a resumed run continues from the very same state.
/// </summary>
public interface ICarriedState
{
    /// <summary>Forgets the carried state (the next batch starts from zeros).</summary>
    void ResetCarriedState();

    /// <summary>Copies of the state tensors, by name; empty when there is no state yet.</summary>
    IReadOnlyList<(string Name, Tensor Value)> SaveCarriedState();

    /// <summary>
    /// Replaces the state with the given tensors (made by <see cref="SaveCarriedState"/>, possibly read back from a
    /// file).
    /// </summary>
    void LoadCarriedState(IReadOnlyList<(string Name, Tensor Value)> state);
}
