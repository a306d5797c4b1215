using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Kernels;

/// <summary>Swaps the first two axes of a <c>[D0, D1, N]</c> array: batch-first to time-major and back.</summary>
internal static class BatchTimeTranspose
{
    /// <summary>
    /// <paramref name="to"/> <c>[D1, D0, N]</c> = (or += when accumulating) <paramref name="from"/>
    /// <c>[D0, D1, N]</c>.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> from, Span<float> to, int d0, int d1, int n, bool accumulate)
    {
        for (int i = 0; i < d0; i++)
            for (int j = 0; j < d1; j++)
            {
                var source = from.Slice((i * d1 + j) * n, n);
                var target = to.Slice((j * d0 + i) * n, n);
                if (accumulate)
                    TensorPrimitives.Add(target, source, target);
                else
                    source.CopyTo(target);
            }
    }
}
