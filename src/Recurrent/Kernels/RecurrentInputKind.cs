namespace Recurrent.Kernels;

/// <summary>What the steps of a <see cref="RecurrentInput"/> are.</summary>
public enum RecurrentInputKind
{
    /// <summary>A vector of I floats per step.</summary>
    Dense,

    /// <summary>A token id per step standing for a one-hot row of width I (I is the vocabulary).</summary>
    OneHotTokens,

    /// <summary>A token id per step standing for its row of an embedding table <c>[V, I]</c>.</summary>
    EmbeddedTokens,
}
