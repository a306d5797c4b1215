namespace Recurrent.Losses;

/// <summary>
/// Loss functions, each a fused operation that returns a scalar tensor (shape <c>[]</c>) with PyTorch's default
/// <c>reduction="mean"</c> and records its own backward pass. One file per loss.
/// </summary>
public static partial class Loss;
