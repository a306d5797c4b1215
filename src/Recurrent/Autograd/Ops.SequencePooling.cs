using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// One step of each sequence: <c>[B, T, N] -> [B, N]</c>, row b taken at step <paramref name="steps"/>[b], like
    /// <c>x[arange(B), steps]</c> in PyTorch. With <c>steps[b] = lengths[b] - 1</c> it reads the last valid output of
    /// each sequence of a padded batch.
    /// </summary>
    public static Tensor SelectSteps(Tensor x, int[] steps)
    {
        var (batch, time, width) = SequenceShape(x, steps, "SelectSteps", "steps");
        for (int b = 0; b < batch; b++)
            if ((uint)steps[b] >= (uint)time)
                throw new ArgumentOutOfRangeException(
                    nameof(steps),
                    $"SelectSteps: steps[{b}] = {steps[b]} is outside 0..{time - 1} of x {Shape.Format(x.Shape)}."
                );
        var y = Tape.NewOutput(batch, width);
        SelectStepsForward(y.Span, x.Span, steps, time, width);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => SelectStepsBackward(Tape.GradOf(x).Span, y.Grad!.Span, steps, time, width));
        return y;
    }

    /// <summary>
    /// The mean over the valid steps of each sequence: <c>[B, T, N] -> [B, N]</c>, row b averaging steps
    /// <c>0..lengths[b]-1</c>, so that the padding of a batch never enters the result.
    /// </summary>
    public static Tensor MeanOverSteps(Tensor x, int[] lengths)
    {
        var (batch, time, width) = SequenceShape(x, lengths, "MeanOverSteps", "lengths");
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > time)
                throw new ArgumentOutOfRangeException(
                    nameof(lengths),
                    $"MeanOverSteps: lengths[{b}] = {lengths[b]} is outside 1..{time} of x {Shape.Format(x.Shape)}."
                );
        var y = Tape.NewOutput(batch, width);
        MeanOverStepsForward(y.Span, x.Span, lengths, time, width);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => MeanOverStepsBackward(Tape.GradOf(x).Span, y.Grad!.Span, lengths, time, width));
        return y;
    }

    private static (int Batch, int Time, int Width) SequenceShape(Tensor x, int[] perRow, string op, string what)
    {
        ArgumentNullException.ThrowIfNull(perRow);
        if (x.Rank != 3)
            throw new ShapeMismatchException($"{op}: expects x [B, T, N]; got x {Shape.Format(x.Shape)}.");
        if (perRow.Length != x.Dim(0))
            throw ShapeMismatchException.For(
                op,
                $"{what} must have one entry per row of x [B, T, N]",
                "x",
                x.Shape,
                what,
                [perRow.Length]
            );
        return (x.Dim(0), x.Dim(1), x.Dim(2));
    }

    // y (B,N) = x[b, steps[b], :] (B,T,N)
    private static void SelectStepsForward(Span<float> y, ReadOnlySpan<float> x, int[] steps, int time, int width)
    {
        for (int b = 0; b < steps.Length; b++)
            x.Slice((b * time + steps[b]) * width, width).CopyTo(y.Slice(b * width, width));
    }

    // dx[b, steps[b], :] (B,T,N) += dy (B,N)
    private static void SelectStepsBackward(Span<float> dx, ReadOnlySpan<float> dy, int[] steps, int time, int width)
    {
        for (int b = 0; b < steps.Length; b++)
        {
            var dxRow = dx.Slice((b * time + steps[b]) * width, width);
            TensorPrimitives.Add(dxRow, dy.Slice(b * width, width), dxRow);
        }
    }

    // y (B,N) = sum over t < lengths[b] of x[b, t, :] (B,T,N) / lengths[b]
    private static void MeanOverStepsForward(Span<float> y, ReadOnlySpan<float> x, int[] lengths, int time, int width)
    {
        for (int b = 0; b < lengths.Length; b++)
        {
            var yRow = y.Slice(b * width, width);
            yRow.Clear();
            for (int t = 0; t < lengths[b]; t++)
                TensorPrimitives.Add(yRow, x.Slice((b * time + t) * width, width), yRow);
            TensorPrimitives.Multiply(yRow, 1f / lengths[b], yRow);
        }
    }

    // dx[b, t, :] (B,T,N) += dy[b, :] / lengths[b] for t < lengths[b]
    private static void MeanOverStepsBackward(
        Span<float> dx,
        ReadOnlySpan<float> dy,
        int[] lengths,
        int time,
        int width
    )
    {
        for (int b = 0; b < lengths.Length; b++)
        {
            float scale = 1f / lengths[b];
            var dyRow = dy.Slice(b * width, width);
            for (int t = 0; t < lengths[b]; t++)
            {
                var dxRow = dx.Slice((b * time + t) * width, width);
                TensorPrimitives.MultiplyAdd(dyRow, scale, dxRow, dxRow);
            }
        }
    }
}
