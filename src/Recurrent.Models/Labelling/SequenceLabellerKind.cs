namespace Recurrent.Models.Labelling;

/// <summary>Which <see cref="SequenceLabeller"/> a <see cref="SequenceLabellerConfig"/> builds.</summary>
public enum SequenceLabellerKind
{
    /// <summary><see cref="BidirectionalLabeller"/>: a per-step layer beside a bidirectional LSTM.</summary>
    Bidirectional,

    /// <summary><see cref="PointwiseLabeller"/>: the per-step layer alone, each step on its own.</summary>
    Pointwise,
}
