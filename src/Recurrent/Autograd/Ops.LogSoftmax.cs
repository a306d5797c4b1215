using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Log-softmax over the last axis, <c>x - log(sum(exp(x)))</c>, computed stably by subtracting each row's
    /// maximum first, like <c>F.log_softmax(x, dim=-1)</c>. For a classification loss use
    /// <see cref="Recurrent.Losses.Loss.CrossEntropy"/>, which fuses this with the negative log-likelihood.
    /// </summary>
    public static Tensor LogSoftmax(Tensor x)
    {
        if (x.Rank < 1)
            throw new ShapeMismatchException(
                $"LogSoftmax: expects a tensor of rank 1 or more; got x {Shape.Format(x.Shape)}."
            );
        int n = x.Dim(-1);
        int rows = Shape.Elements(x.Shape[..^1]);
        var y = Tape.NewOutput(x.Shape.ToArray());
        LogSoftmaxForward(y.Span, x.Span, rows, n);
        if (Tape.ShouldRecord(x))
            Tape.Record(y, () => LogSoftmaxBackward(Tape.GradOf(x).Span, y.Grad!.Span, y.Span, rows, n));
        return y;
    }

    /// <summary>
    /// The log of the sum of exponentials of <paramref name="row"/>, computed without overflow;
    /// <paramref name="scratch"/> (as long as the row) is overwritten.
    /// </summary>
    internal static float LogSumExp(ReadOnlySpan<float> row, Span<float> scratch)
    {
        if (row.IsEmpty)
            return float.NegativeInfinity;
        float max = TensorPrimitives.Max(row);
        if (float.IsNegativeInfinity(max))
            return max;
        TensorPrimitives.Subtract(row, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return max + MathF.Log(TensorPrimitives.Sum(scratch));
    }

    // y (R,N) = x - logsumexp(x) along each row of x (R,N)
    private static void LogSoftmaxForward(Span<float> y, ReadOnlySpan<float> x, int rows, int n)
    {
        for (int r = 0; r < rows; r++)
        {
            var yRow = y.Slice(r * n, n);
            float lse = LogSumExp(x.Slice(r * n, n), yRow);
            TensorPrimitives.Subtract(x.Slice(r * n, n), lse, yRow);
        }
    }

    // dx (R,N) += dy - exp(y) * sum(dy) along each row, with y = log_softmax(x) (R,N) saved from the forward pass
    private static void LogSoftmaxBackward(
        Span<float> dx,
        ReadOnlySpan<float> dy,
        ReadOnlySpan<float> y,
        int rows,
        int n
    )
    {
        for (int r = 0; r < rows; r++)
        {
            var dyRow = dy.Slice(r * n, n);
            var yRow = y.Slice(r * n, n);
            float total = TensorPrimitives.Sum(dyRow);
            for (int j = 0; j < n; j++)
                dx[r * n + j] += dyRow[j] - MathF.Exp(yRow[j]) * total;
        }
    }
}
