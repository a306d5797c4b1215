using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Looks up rows of <paramref name="weight"/> <c>[V, D]</c>: the result has the shape of the indices with
    /// <c>D</c> appended, <c>[..., D]</c>, like PyTorch's <c>F.embedding</c>. <paramref name="indices"/> holds the
    /// indices row-major in the shape <paramref name="indexShape"/>. The gradient adds each output row back into the
    /// row of the weight it came from, so an index used twice gets both contributions.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, V)</c>.</exception>
    public static Tensor Embedding(Tensor weight, int[] indices, int[] indexShape)
    {
        if (weight.Rank != 2)
            throw new ShapeMismatchException(
                $"Embedding: the weight must be [V, D]; got weight {Shape.Format(weight.Shape)} and indices "
                    + $"{Shape.Format(indexShape)}."
            );
        if (Shape.Elements(indexShape) != indices.Length)
            throw ShapeMismatchException.For(
                "Embedding",
                "the indices must fill the index shape",
                "indices",
                [indices.Length],
                "index shape",
                indexShape
            );
        int vocabulary = weight.Dim(0),
            dim = weight.Dim(1);
        for (int i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(
                    nameof(indices),
                    $"Embedding: index {indices[i]} (at position {i}) is outside [0, V) for V = {vocabulary} (weight "
                        + $"{Shape.Format(weight.Shape)})."
                );

        var y = Tape.NewOutput([.. indexShape, dim]);
        EmbeddingForward(y.Span, weight.Span, indices, dim);
        if (Tape.ShouldRecord(weight))
        {
            // The caller may refill its index buffer with the next batch before calling Backward.
            var saved = (int[])indices.Clone();
            Tape.Record(y, () => EmbeddingBackward(Tape.GradOf(weight).Span, y.Grad!.Span, saved, dim));
        }
        return y;
    }

    // y (N,D) = weight[indices] with weight (V,D), indices (N,)
    private static void EmbeddingForward(Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<int> indices, int dim)
    {
        for (int i = 0; i < indices.Length; i++)
            weight.Slice(indices[i] * dim, dim).CopyTo(y.Slice(i * dim, dim));
    }

    // dweight[indices[i]] (V,D) += dy[i] (N,D), a scatter-add
    private static void EmbeddingBackward(
        Span<float> dweight,
        ReadOnlySpan<float> dy,
        ReadOnlySpan<int> indices,
        int dim
    )
    {
        for (int i = 0; i < indices.Length; i++)
        {
            var row = dweight.Slice(indices[i] * dim, dim);
            TensorPrimitives.Add(row, dy.Slice(i * dim, dim), row);
        }
    }
}
