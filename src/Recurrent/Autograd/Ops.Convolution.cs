using Recurrent.Kernels;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// One-dimensional convolution over time of batch-first sequences with "same" zero padding:
    /// <c>x [B, T, Cin] -> [B, T, Cout]</c>, <c>y[b, t, o] = bias[o] + sum over c, k of
    /// weight[o, c, k] * x[b, t - (K - 1) / 2 + k, c]</c>, PyTorch's <c>nn.Conv1d(padding="same")</c> on the
    /// transposed input (an even K pads one step more at the end, as PyTorch does). The weight is
    /// <c>[Cout, Cin, K]</c>, PyTorch's layout. With <paramref name="lengths"/>, sequence b has
    /// <c>lengths[b]</c> valid steps: the steps after them read as zero, like the padding, and the output there is
    /// zero, so the padding of a batch never reaches a result. Null means every step of every sequence is valid.
    /// </summary>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor? bias, int[]? lengths = null)
    {
        if (x.Rank != 3 || weight.Rank != 3 || weight.Dim(1) != x.Dim(2))
            throw ShapeMismatchException.For(
                "Conv1d",
                "expects x [B, T, Cin] and weight [Cout, Cin, K]",
                "x",
                x.Shape,
                "weight",
                weight.Shape
            );
        int batch = x.Dim(0),
            time = x.Dim(1),
            inChannels = x.Dim(2);
        int outChannels = weight.Dim(0),
            kernel = weight.Dim(2);
        if (kernel < 1)
            throw new ShapeMismatchException(
                $"Conv1d: the kernel width (last axis of weight {Shape.Format(weight.Shape)}) must be at least 1."
            );
        if (bias is not null && (bias.Rank != 1 || bias.Dim(0) != outChannels))
            throw ShapeMismatchException.For(
                "Conv1d",
                "the bias must be [Cout]",
                "weight",
                weight.Shape,
                "bias",
                bias.Shape
            );
        lengths = ValidLengths(x, lengths, "Conv1d");
        int left = (kernel - 1) / 2,
            width = kernel * inChannels,
            rows = batch * time;

        // The columns and the weight in tap-major order ([Cout, K*Cin]) stay alive for the backward pass.
        var columns = Tensor.Uninitialized(rows, width);
        var tapMajor = Tensor.Uninitialized(outChannels, width);
        var y = Tape.NewOutput(batch, time, outChannels);
        Conv1dForward(
            y.Span,
            columns.Span,
            tapMajor.Span,
            x.Span,
            weight.Span,
            bias is null ? default : bias.Span,
            lengths,
            time,
            inChannels,
            outChannels,
            kernel,
            left
        );
        if (bias is null ? Tape.ShouldRecord(x, weight) : Tape.ShouldRecord([x, weight, bias]))
        {
            Tape.Own(columns);
            Tape.Own(tapMajor);
            Tape.Record(y, () =>
                Conv1dBackward(
                    x.RequiresGrad ? Tape.GradOf(x).Span : default,
                    weight.RequiresGrad ? Tape.GradOf(weight).Span : default,
                    bias is { RequiresGrad: true } ? Tape.GradOf(bias).Span : default,
                    y.Grad!.Span,
                    columns.Span,
                    tapMajor.Span,
                    lengths,
                    time,
                    inChannels,
                    outChannels,
                    kernel,
                    left
                )
            );
        }
        else
        {
            columns.Dispose();
            tapMajor.Dispose();
        }
        return y;
    }

    // The lengths of a batch-first x [B, T, ...], each in 1..T; null means all T.
    private static int[] ValidLengths(Tensor x, int[]? lengths, string op)
    {
        int batch = x.Dim(0),
            time = x.Dim(1);
        if (lengths is null)
        {
            var all = new int[batch];
            Array.Fill(all, time);
            return all;
        }
        if (lengths.Length != batch)
            throw ShapeMismatchException.For(
                op,
                "lengths must have one entry per row of x",
                "x",
                x.Shape,
                "lengths",
                [lengths.Length]
            );
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > time)
                throw new ArgumentOutOfRangeException(
                    nameof(lengths),
                    $"{op}: lengths[{b}] = {lengths[b]} is outside 1..{time} of x {Shape.Format(x.Shape)}."
                );
        return lengths;
    }

    // y (B,T,Cout) = unfold(x (B,T,Cin)) (B*T, K*Cin) * tapMajor^T (K*Cin, Cout) + bias (Cout) at valid steps, 0 after;
    // tapMajor (Cout, K*Cin) [o, k*Cin + c] = weight (Cout,Cin,K) [o, c, k]
    private static void Conv1dForward(
        Span<float> y,
        Span<float> columns,
        Span<float> tapMajor,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias,
        int[] lengths,
        int time,
        int inChannels,
        int outChannels,
        int kernel,
        int left
    )
    {
        int width = kernel * inChannels;
        for (int o = 0; o < outChannels; o++)
            for (int c = 0; c < inChannels; c++)
                for (int k = 0; k < kernel; k++)
                    tapMajor[o * width + k * inChannels + c] = weight[(o * inChannels + c) * kernel + k];
        SequenceColumns.Unfold(x, columns, lengths, time, inChannels, kernel, left);
        Gemm.Multiply(
            false,
            true,
            lengths.Length * time,
            outChannels,
            width,
            1f,
            columns,
            width,
            tapMajor,
            width,
            0f,
            y,
            outChannels
        );
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < time; t++)
            {
                var row = y.Slice((b * time + t) * outChannels, outChannels);
                if (t >= lengths[b])
                    row.Clear();
                else if (!bias.IsEmpty)
                    TensorPrimitives.Add(row, bias, row);
            }
    }

    // dweight (Cout,Cin,K) += dy^T (Cout, B*T) * columns (B*T, K*Cin), reordered from tap-major;
    // dbias (Cout) += sum over valid steps of dy; dx (B,T,Cin) += fold(dy (B*T, Cout) * tapMajor (Cout, K*Cin)).
    // The rows of dy at padded steps are ignored: their columns are zero, and fold skips them. An empty span means
    // that input needs no gradient.
    private static void Conv1dBackward(
        Span<float> dx,
        Span<float> dweight,
        Span<float> dbias,
        ReadOnlySpan<float> dy,
        ReadOnlySpan<float> columns,
        ReadOnlySpan<float> tapMajor,
        int[] lengths,
        int time,
        int inChannels,
        int outChannels,
        int kernel,
        int left
    )
    {
        int width = kernel * inChannels,
            rows = lengths.Length * time;
        if (!dweight.IsEmpty)
        {
            using var tapMajorGrad = Tensor.Uninitialized(outChannels, width);
            var g = tapMajorGrad.Span;
            Gemm.Multiply(true, false, outChannels, width, rows, 1f, dy, outChannels, columns, width, 0f, g, width);
            for (int o = 0; o < outChannels; o++)
                for (int c = 0; c < inChannels; c++)
                    for (int k = 0; k < kernel; k++)
                        dweight[(o * inChannels + c) * kernel + k] += g[o * width + k * inChannels + c];
        }
        if (!dbias.IsEmpty)
            for (int b = 0; b < lengths.Length; b++)
                for (int t = 0; t < lengths[b]; t++)
                    TensorPrimitives.Add(dbias, dy.Slice((b * time + t) * outChannels, outChannels), dbias);
        if (!dx.IsEmpty)
        {
            using var columnsGrad = Tensor.Uninitialized(rows, width);
            Gemm.Multiply(
                false,
                false,
                rows,
                width,
                outChannels,
                1f,
                dy,
                outChannels,
                tapMajor,
                width,
                0f,
                columnsGrad.Span,
                width
            );
            SequenceColumns.FoldAdd(columnsGrad.Span, dx, lengths, time, inChannels, kernel, left);
        }
    }
}
