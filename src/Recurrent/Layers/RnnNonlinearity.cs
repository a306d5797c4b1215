namespace Recurrent.Layers;

/// <summary>The nonlinearity of an Elman <see cref="RnnCell"/>, as PyTorch's <c>nonlinearity</c> argument.</summary>
public enum RnnNonlinearity
{
    /// <summary>h' = tanh(...), PyTorch's default.</summary>
    Tanh,

    /// <summary>h' = max(0, ...).</summary>
    Relu,
}
