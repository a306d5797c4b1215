using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Batch normalisation over the channels of batch-first sequences, PyTorch's <c>F.batch_norm</c> on the transposed
    /// input: <c>x [B, T, C] -> [B, T, C]</c>, <c>y = (x - mean) / sqrt(var + eps) * weight + bias</c> per channel.
    /// With <paramref name="training"/> the mean and the (biased) variance are those of the batch over its valid
    /// steps only, and <paramref name="runningMean"/> and <paramref name="runningVariance"/>, when given, move towards
    /// them by <paramref name="momentum"/> (the variance unbiased, as PyTorch does); otherwise the running statistics
    /// normalise. Steps at or after <c>lengths[b]</c> neither count nor get a value: the output there is zero. Null
    /// lengths mean every step is valid.
    /// </summary>
    /// <param name="x">The input <c>[B, T, C]</c>.</param>
    /// <param name="lengths">The valid steps of each sequence, each in 1..T, or null for all.</param>
    /// <param name="runningMean">The running mean <c>[C]</c>, updated in place while training; needed in
    /// evaluation.</param>
    /// <param name="runningVariance">The running variance <c>[C]</c>, updated in place while training; needed in
    /// evaluation.</param>
    /// <param name="weight">The scale <c>[C]</c>.</param>
    /// <param name="bias">The shift <c>[C]</c>.</param>
    /// <param name="training">Whether the statistics come from the batch (training) or from the running ones.</param>
    /// <param name="momentum">How far one training batch moves the running statistics.</param>
    /// <param name="epsilon">Added to the variance, for numerical stability.</param>
    public static Tensor BatchNorm(
        Tensor x,
        int[]? lengths,
        Tensor? runningMean,
        Tensor? runningVariance,
        Tensor weight,
        Tensor bias,
        bool training,
        float momentum = 0.1f,
        float epsilon = 1e-5f
    )
    {
        if (x.Rank != 3)
            throw new ShapeMismatchException($"BatchNorm: expects x [B, T, C]; got x {Shape.Format(x.Shape)}.");
        int channels = x.Dim(2);
        (string, Tensor?)[] perChannel =
        [
            ("weight", weight),
            ("bias", bias),
            ("running mean", runningMean),
            ("running variance", runningVariance),
        ];
        foreach (var (name, t) in perChannel)
            if (t is not null && (t.Rank != 1 || t.Dim(0) != channels))
                throw ShapeMismatchException.For("BatchNorm", $"the {name} must be [C]", "x", x.Shape, name, t.Shape);
        if (!training && (runningMean is null || runningVariance is null))
            throw new ArgumentException(
                "BatchNorm: evaluation normalises with the running statistics; give both.",
                nameof(runningMean)
            );
        lengths = ValidLengths(x, lengths, "BatchNorm");
        int time = x.Dim(1);
        long count = lengths.Sum(n => (long)n);
        if (training && count < 2)
            throw new BatchTooSmallException("BatchNorm", x.Shape, count);

        var mean = new float[channels];
        var inverseDeviation = new float[channels];
        if (training)
        {
            var variance = new float[channels];
            BatchStatistics(mean, variance, x.Span, lengths, time, channels);
            for (int c = 0; c < channels; c++)
                inverseDeviation[c] = 1f / MathF.Sqrt(variance[c] + epsilon);
            if (runningMean is not null)
                UpdateRunning(runningMean.Span, mean, momentum);
            if (runningVariance is not null)
            {
                TensorPrimitives.Multiply(variance, (float)count / (count - 1), variance);
                UpdateRunning(runningVariance.Span, variance, momentum);
            }
        }
        else
        {
            runningMean!.Span.CopyTo(mean);
            var running = runningVariance!.Span;
            for (int c = 0; c < channels; c++)
                inverseDeviation[c] = 1f / MathF.Sqrt(running[c] + epsilon);
        }

        var y = Tape.NewOutput(x.Shape.ToArray());
        BatchNormForward(y.Span, x.Span, mean, inverseDeviation, weight.Span, bias.Span, lengths, time);
        if (Tape.ShouldRecord([x, weight, bias]))
            Tape.Record(y, () =>
                BatchNormBackward(
                    x.RequiresGrad ? Tape.GradOf(x).Span : default,
                    weight.RequiresGrad ? Tape.GradOf(weight).Span : default,
                    bias.RequiresGrad ? Tape.GradOf(bias).Span : default,
                    y.Grad!.Span,
                    x.Span,
                    mean,
                    inverseDeviation,
                    weight.Span,
                    lengths,
                    time,
                    training ? count : 0
                )
            );
        return y;
    }

    // mean (C) and biased variance (C) of the rows of x (B,T,C) at valid steps, in two passes
    private static void BatchStatistics(
        Span<float> mean,
        Span<float> variance,
        ReadOnlySpan<float> x,
        int[] lengths,
        int time,
        int channels
    )
    {
        long count = 0;
        mean.Clear();
        variance.Clear();
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++, count++)
                TensorPrimitives.Add(mean, x.Slice((b * time + t) * channels, channels), mean);
        TensorPrimitives.Multiply(mean, 1f / count, mean);
        Span<float> deviation = new float[channels];
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++)
            {
                TensorPrimitives.Subtract(x.Slice((b * time + t) * channels, channels), mean, deviation);
                TensorPrimitives.FusedMultiplyAdd(deviation, deviation, variance, variance);
            }
        TensorPrimitives.Multiply(variance, 1f / count, variance);
    }

    // running (C) = (1 - momentum) * running + momentum * batch (C)
    private static void UpdateRunning(Span<float> running, ReadOnlySpan<float> batch, float momentum)
    {
        TensorPrimitives.Multiply(running, 1f - momentum, running);
        TensorPrimitives.MultiplyAdd(batch, momentum, running, running);
    }

    // y (B,T,C) = (x - mean) * inverseDeviation * weight + bias at valid steps, 0 after; mean, inverseDeviation,
    // weight, bias are (C)
    private static void BatchNormForward(
        Span<float> y,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> inverseDeviation,
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias,
        int[] lengths,
        int time
    )
    {
        int channels = mean.Length;
        Span<float> scale = new float[channels];
        Span<float> shift = new float[channels];
        TensorPrimitives.Multiply(inverseDeviation, weight, scale);
        TensorPrimitives.Multiply(mean, scale, shift);
        TensorPrimitives.Subtract(bias, shift, shift);
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < time; t++)
            {
                var row = y.Slice((b * time + t) * channels, channels);
                if (t >= lengths[b])
                    row.Clear();
                else
                    TensorPrimitives.FusedMultiplyAdd(x.Slice((b * time + t) * channels, channels), scale, shift, row);
            }
    }

    // With xhat = (x - mean) * inverseDeviation over the valid steps (N of them; N = 0 when the statistics were fixed):
    // dweight (C) += sum dy * xhat ; dbias (C) += sum dy ;
    // dx (B,T,C) += weight * inverseDeviation * (dy - sum dy / N - xhat * sum(dy * xhat) / N), the last two terms only
    // when the statistics were the batch's own. Rows at padded steps are ignored. An empty span means that input needs
    // no gradient.
    private static void BatchNormBackward(
        Span<float> dx,
        Span<float> dweight,
        Span<float> dbias,
        ReadOnlySpan<float> dy,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> inverseDeviation,
        ReadOnlySpan<float> weight,
        int[] lengths,
        int time,
        long count
    )
    {
        int channels = mean.Length;
        Span<float> normalized = new float[channels];
        Span<float> sumGrad = new float[channels];
        Span<float> sumGradNormalized = new float[channels];
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++)
            {
                int offset = (b * time + t) * channels;
                var dyRow = dy.Slice(offset, channels);
                TensorPrimitives.Subtract(x.Slice(offset, channels), mean, normalized);
                TensorPrimitives.Multiply(normalized, inverseDeviation, normalized);
                TensorPrimitives.Add(sumGrad, dyRow, sumGrad);
                TensorPrimitives.FusedMultiplyAdd(dyRow, normalized, sumGradNormalized, sumGradNormalized);
            }
        if (!dweight.IsEmpty)
            TensorPrimitives.Add(dweight, sumGradNormalized, dweight);
        if (!dbias.IsEmpty)
            TensorPrimitives.Add(dbias, sumGrad, dbias);
        if (dx.IsEmpty)
            return;

        Span<float> scale = new float[channels];
        TensorPrimitives.Multiply(weight, inverseDeviation, scale);
        if (count > 0)
        {
            TensorPrimitives.Multiply(sumGrad, 1f / count, sumGrad);
            TensorPrimitives.Multiply(sumGradNormalized, 1f / count, sumGradNormalized);
        }
        Span<float> centred = new float[channels];
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++)
            {
                int offset = (b * time + t) * channels;
                var dxRow = dx.Slice(offset, channels);
                if (count > 0)
                {
                    TensorPrimitives.Subtract(x.Slice(offset, channels), mean, normalized);
                    TensorPrimitives.Multiply(normalized, inverseDeviation, normalized);
                    TensorPrimitives.Subtract(dy.Slice(offset, channels), sumGrad, centred);
                    TensorPrimitives.Multiply(normalized, sumGradNormalized, normalized);
                    TensorPrimitives.Subtract(centred, normalized, centred);
                    TensorPrimitives.FusedMultiplyAdd(centred, scale, dxRow, dxRow);
                }
                else
                    TensorPrimitives.FusedMultiplyAdd(dy.Slice(offset, channels), scale, dxRow, dxRow);
            }
    }
}
