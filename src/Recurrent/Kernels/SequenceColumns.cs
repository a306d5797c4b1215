namespace Recurrent.Kernels;

/// <summary>
/// The im2col of a one-dimensional convolution over batch-first sequences (PyTorch's <c>unfold</c>) and its adjoint
/// (<c>fold</c>), so that the convolution itself is one matrix product. Row <c>(b, t)</c> of the columns holds the
/// <c>K</c> input steps <c>t - left .. t - left + K - 1</c> of sequence b one after the other, each step's
/// <c>C</c> channels together (<c>k * C + c</c>): the window is then one contiguous run of the input, copied at once.
/// Steps outside <c>0 .. lengths[b] - 1</c> read as zero (the "same" padding at both ends, and the padding of a batch,
/// which must never reach a valid step), and the rows of padded steps are zero.
/// </summary>
internal static class SequenceColumns
{
    // columns (B*T, K*C) row (b, t) = x (B,T,C) [b, t - left + k, :] for k < K, zero where that step is outside
    // 0..lengths[b]-1 or t >= lengths[b]
    public static void Unfold(
        ReadOnlySpan<float> x,
        Span<float> columns,
        ReadOnlySpan<int> lengths,
        int time,
        int channels,
        int kernel,
        int left
    )
    {
        int width = kernel * channels;
        for (int b = 0; b < lengths.Length; b++)
        {
            int length = lengths[b];
            var sequence = x.Slice(b * time * channels, time * channels);
            for (int t = 0; t < time; t++)
            {
                var row = columns.Slice((b * time + t) * width, width);
                if (t >= length)
                {
                    row.Clear();
                    continue;
                }
                var (first, count) = Window(t, length, kernel, left);
                row[..(first * channels)].Clear();
                sequence.Slice((t - left + first) * channels, count * channels).CopyTo(row.Slice(first * channels));
                row[((first + count) * channels)..].Clear();
            }
        }
    }

    // dx (B,T,C) [b, t - left + k, :] += columns (B*T, K*C) row (b, t) for t < lengths[b] and the valid steps of its
    // window; the rows of padded steps are ignored
    public static void FoldAdd(
        ReadOnlySpan<float> columns,
        Span<float> dx,
        ReadOnlySpan<int> lengths,
        int time,
        int channels,
        int kernel,
        int left
    )
    {
        int width = kernel * channels;
        for (int b = 0; b < lengths.Length; b++)
        {
            int length = lengths[b];
            var sequence = dx.Slice(b * time * channels, time * channels);
            for (int t = 0; t < length; t++)
            {
                var (first, count) = Window(t, length, kernel, left);
                var target = sequence.Slice((t - left + first) * channels, count * channels);
                var source = columns.Slice((b * time + t) * width + first * channels, count * channels);
                System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
            }
        }
    }

    // The taps k of output step t whose input step t - left + k lies in 0..length-1: first .. first + count - 1.
    private static (int First, int Count) Window(int t, int length, int kernel, int left)
    {
        int first = Math.Max(0, left - t);
        int end = Math.Min(kernel, length - t + left);
        return (first, Math.Max(0, end - first));
    }
}
