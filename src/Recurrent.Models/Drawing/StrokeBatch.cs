using Recurrent.Datasets;
using Recurrent.Tensors;

namespace Recurrent.Models.Drawing;

/// <summary>
/// A padded batch of drawings for teacher-forced training: the input at step t is point t - 1 (a pen-up start point
/// <c>(0, 0, 1)</c> at step 0) and the target is point t with the end-of-drawing flag, which is 1 on the last point.
/// </summary>
public sealed class StrokeBatch : IDisposable
{
    /// <summary>Creates a batch; the caller has checked the sizes.</summary>
    public StrokeBatch(Tensor inputs, float[] targets, float[] mask, int[] lengths, int[] labels)
    {
        Inputs = inputs;
        Targets = targets;
        Mask = mask;
        Lengths = lengths;
        Labels = labels;
    }

    /// <summary>The inputs, <c>[B, T, 3]</c> (dx, dy, end of stroke), zero past each drawing's end.</summary>
    public Tensor Inputs { get; }

    /// <summary>The targets, <c>[B, T, 4]</c> (dx, dy, end of stroke, end of drawing).</summary>
    public float[] Targets { get; }

    /// <summary>1 at the real steps, 0 at the padding, <c>[B, T]</c>.</summary>
    public float[] Mask { get; }

    /// <summary>The number of points of each drawing.</summary>
    public int[] Lengths { get; }

    /// <summary>The index of each drawing's character (0 for an unconditional model).</summary>
    public int[] Labels { get; }

    /// <summary>The number of drawings.</summary>
    public int Count => Lengths.Length;

    /// <summary>The padded length T.</summary>
    public int Steps => Inputs.Dim(1);

    /// <summary>The number of real points (targets).</summary>
    public int Points => Lengths.Sum();

    /// <summary>
    /// Builds the batch of <paramref name="drawings"/>; <paramref name="labelOf"/> maps each to its label index. With
    /// none it is empty (a rank's share of a batch smaller than the ranks).
    /// </summary>
    public static StrokeBatch Create(IReadOnlyList<StrokeSequence> drawings, Func<StrokeSequence, int> labelOf)
    {
        ArgumentNullException.ThrowIfNull(drawings);
        ArgumentNullException.ThrowIfNull(labelOf);
        int batch = drawings.Count,
            steps = batch == 0 ? 0 : drawings.Max(d => d.Length);
        var inputs = Tensor.Zeros(batch, steps, 3);
        var x = inputs.Span;
        var targets = new float[batch * steps * 4];
        var mask = new float[batch * steps];
        var lengths = new int[batch];
        var labels = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            var d = drawings[b];
            lengths[b] = d.Length;
            labels[b] = labelOf(d);
            var p = d.Points;
            x[b * steps * 3 + 2] = 1f;
            for (int t = 0; t < d.Length; t++)
            {
                if (t + 1 < d.Length)
                    p.AsSpan(3 * t, 3).CopyTo(x.Slice((b * steps + t + 1) * 3, 3));
                int row = b * steps + t;
                p.AsSpan(3 * t, 3).CopyTo(targets.AsSpan(row * 4, 3));
                targets[row * 4 + 3] = t == d.Length - 1 ? 1f : 0f;
                mask[row] = 1f;
            }
        }
        return new StrokeBatch(inputs, targets, mask, lengths, labels);
    }

    /// <inheritdoc />
    public void Dispose() => Inputs.Dispose();
}
