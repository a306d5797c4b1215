namespace Recurrent.Models.Driving;

/// <summary>Whether a <see cref="KartController"/> remembers (two LSTM layers) or sees one frame at a time.</summary>
public enum KartControllerKind
{
    /// <summary>Image encoder, two LSTM layers, a sigmoid per button.</summary>
    Lstm,

    /// <summary>Image encoder, two fully connected ReLU layers of the same width, a sigmoid per button.</summary>
    FeedForward,
}
