using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Losses;

public static partial class Loss
{
    /// <summary>
    /// Cross-entropy of class scores against class indices, log-softmax and negative log-likelihood fused and
    /// computed stably, like <c>F.cross_entropy(logits, targets, ignore_index=ignoreIndex)</c>.
    /// <paramref name="logits"/> is <c>[N, C]</c> (or <c>[..., C]</c>, whose leading axes count as N rows) and
    /// <paramref name="targets"/> holds one class index in <c>[0, C)</c> per row.
    /// </summary>
    /// <param name="logits">The unnormalised class scores, <c>[..., C]</c>.</param>
    /// <param name="targets">The target class of each row; rows whose target is <paramref name="ignoreIndex"/> count
    /// for nothing.</param>
    /// <param name="ignoreIndex">The target value that marks a row to skip (padding), -100 as in PyTorch.</param>
    /// <param name="mask">
    /// An optional weight per row (a 0/1 mask of real time steps, for example). The loss is
    /// <c>sum(mask[i] * nll[i]) / sum(mask[i])</c> over the rows not ignored; without a mask it is the mean over
    /// the rows not ignored.
    /// </param>
    /// <returns>
    /// The mean loss as a scalar tensor. When every row is ignored or masked out it is 0, with a zero gradient
    /// (PyTorch gives NaN), so that a batch made only of padding does not stop training.
    /// </returns>
    /// <exception cref="ShapeMismatchException">The targets or the mask do not have one entry per row.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is neither the ignore index nor in
    /// <c>[0, C)</c>.</exception>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, int ignoreIndex = -100, float[]? mask = null)
    {
        if (logits.Rank < 1)
            throw new ShapeMismatchException(
                $"CrossEntropy: logits must be [N, C]; got logits {Shape.Format(logits.Shape)} and targets "
                    + $"[{targets.Length}]."
            );
        int c = logits.Dim(-1);
        int n = Shape.Elements(logits.Shape[..^1]);
        if (targets.Length != n)
            throw ShapeMismatchException.For(
                "CrossEntropy",
                "targets must have one entry per row of logits [..., C]",
                "logits",
                logits.Shape,
                "targets",
                [targets.Length]
            );
        if (mask is not null && mask.Length != n)
            throw ShapeMismatchException.For(
                "CrossEntropy",
                "the mask must have one entry per row of logits [..., C]",
                "logits",
                logits.Shape,
                "mask",
                [mask.Length]
            );
        for (int i = 0; i < n; i++)
            if (targets[i] != ignoreIndex && (uint)targets[i] >= (uint)c)
                throw new ArgumentOutOfRangeException(
                    nameof(targets),
                    $"CrossEntropy: target {targets[i]} (at position {i}) is outside [0, C) for C = {c} and is not the "
                        + $"ignore index {ignoreIndex}."
                );

        var weights = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            weights[i] = targets[i] == ignoreIndex ? 0f : mask?[i] ?? 1f;
            total += weights[i];
        }
        float scale = total == 0 ? 0f : (float)(1 / total);
        var savedTargets = (int[])targets.Clone();
        var logSumExp = new float[n];

        var loss = Tape.NewOutput();
        CrossEntropyForward(loss, logSumExp, logits, savedTargets, weights, n, c, scale);
        if (Tape.ShouldRecord(logits))
            Tape.Record(loss, () =>
                CrossEntropyBackward(
                    Tape.GradOf(logits),
                    loss.Grad!.Span[0],
                    logits,
                    logSumExp,
                    savedTargets,
                    weights,
                    n,
                    c,
                    scale
                )
            );
        return loss;
    }

    // Rows per block of the loss's parallel passes; the forward sums each block apart and adds the blocks in order,
    // so that the loss does not depend on how the blocks fell to the threads.
    private const int CrossEntropyBlockRows = 64;

    // loss () = scale * sum_i w_i * (lse_i - logits[i, t_i]) over logits (N,C), targets t (N,), weights w (N,);
    // lse (N,) = logsumexp of each row, saved for the backward pass. Rows of weight 0 are skipped.
    private static void CrossEntropyForward(
        Tensor loss,
        float[] lse,
        Tensor logits,
        int[] targets,
        float[] weights,
        int n,
        int c,
        float scale
    )
    {
        int blocks = (n + CrossEntropyBlockRows - 1) / CrossEntropyBlockRows;
        var rows = new CrossEntropyRows
        {
            Logits = logits,
            LogSumExp = lse,
            Targets = targets,
            Weights = weights,
            Rows = n,
            Classes = c,
            BlockSums = new double[blocks],
        };
        ParallelLoop.For(blocks, ref rows, CrossEntropyGrain(c));
        double sum = 0;
        foreach (double blockSum in rows.BlockSums)
            sum += blockSum;
        loss.Span[0] = (float)(sum * scale);
    }

    // dlogits (N,C) += dloss * scale * w_i * (softmax(logits[i]) - onehot(t_i)), softmax = exp(logits - lse)
    private static void CrossEntropyBackward(
        Tensor dlogits,
        float dloss,
        Tensor logits,
        float[] lse,
        int[] targets,
        float[] weights,
        int n,
        int c,
        float scale
    )
    {
        var rows = new CrossEntropyGradientRows
        {
            Gradient = dlogits,
            Logits = logits,
            LogSumExp = lse,
            Targets = targets,
            Weights = weights,
            Rows = n,
            Classes = c,
            Scale = dloss * scale,
        };
        ParallelLoop.For((n + CrossEntropyBlockRows - 1) / CrossEntropyBlockRows, ref rows, CrossEntropyGrain(c));
    }

    // Blocks per thread worth waking a second thread for: about 64k logits.
    private static int CrossEntropyGrain(int classes) => Math.Max(1, 65536 / (CrossEntropyBlockRows * classes));

    private struct CrossEntropyRows : IParallelBody
    {
        public Tensor Logits;
        public float[] LogSumExp,
            Weights;
        public int[] Targets;
        public double[] BlockSums;
        public int Rows,
            Classes;

        public readonly void Run(int start, int end)
        {
            var logits = Logits.Span;
            var scratch = new float[Classes];
            for (int block = start; block < end; block++)
            {
                double sum = 0;
                int last = Math.Min(Rows, (block + 1) * CrossEntropyBlockRows);
                for (int i = block * CrossEntropyBlockRows; i < last; i++)
                {
                    if (Weights[i] == 0f)
                        continue;
                    var row = logits.Slice(i * Classes, Classes);
                    LogSumExp[i] = Ops.LogSumExp(row, scratch);
                    sum += Weights[i] * (double)(LogSumExp[i] - row[Targets[i]]);
                }
                BlockSums[block] = sum;
            }
        }
    }

    private struct CrossEntropyGradientRows : IParallelBody
    {
        public Tensor Gradient,
            Logits;
        public float[] LogSumExp,
            Weights;
        public int[] Targets;
        public int Rows,
            Classes;
        public float Scale;

        public readonly void Run(int start, int end)
        {
            var dlogits = Gradient.Span;
            var logits = Logits.Span;
            var probabilities = new float[Classes];
            int last = Math.Min(Rows, end * CrossEntropyBlockRows);
            for (int i = start * CrossEntropyBlockRows; i < last; i++)
            {
                if (Weights[i] == 0f)
                    continue;
                float g = Scale * Weights[i];
                var dRow = dlogits.Slice(i * Classes, Classes);
                TensorPrimitives.Subtract(logits.Slice(i * Classes, Classes), LogSumExp[i], probabilities);
                TensorPrimitives.Exp(probabilities, probabilities);
                TensorPrimitives.FusedMultiplyAdd(probabilities, g, dRow, dRow);
                dRow[Targets[i]] -= g;
            }
        }
    }
}
