using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A lookup table of learned vectors, one per token, after PyTorch's <c>nn.Embedding</c>: the weight is
/// <c>[V, D]</c> and starts from a standard normal distribution.
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates the table and initialises it from <paramref name="rng"/> as PyTorch does.</summary>
    /// <param name="numEmbeddings">The number of rows, V (the vocabulary size).</param>
    /// <param name="embeddingDim">The size of each vector, D.</param>
    /// <param name="rng">The generator that draws the initial weights.</param>
    public Embedding(int numEmbeddings, int embeddingDim, RandomGenerator rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        Weight = Parameter("weight", numEmbeddings, embeddingDim);
        rng.FillNormal(Weight.Span, 0f, 1f);
    }

    /// <summary>The number of rows, V.</summary>
    public int NumEmbeddings => Weight.Dim(0);

    /// <summary>The size of each vector, D.</summary>
    public int EmbeddingDim => Weight.Dim(1);

    /// <summary>The table, <c>[V, D]</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>
    /// Looks up <paramref name="indices"/>, laid out row-major in <paramref name="indexShape"/>, giving
    /// <c>[..., D]</c>; see <see cref="Ops.Embedding"/>.
    /// </summary>
    public Tensor Forward(int[] indices, int[] indexShape) => Ops.Embedding(Weight, indices, indexShape);
}
