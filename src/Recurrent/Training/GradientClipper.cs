using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// Keeps exploding gradients in check, as RNNs need: by global norm (PyTorch's <c>clip_grad_norm_</c>: the L2 norm
/// of all gradients together, scaled by <c>max_norm / (norm + 1e-6)</c> when it exceeds <c>max_norm</c>) or by value
/// (each element clamped to <c>[-clip, clip]</c>, as char-rnn does).
/// </summary>
public sealed class GradientClipper
{
    private const int NormBlock = 1024;

    private GradientClipper(double? maxNorm, double? clipValue)
    {
        MaxNorm = maxNorm;
        ClipValue = clipValue;
    }

    /// <summary>The largest global norm allowed, when clipping by norm.</summary>
    public double? MaxNorm { get; }

    /// <summary>The largest absolute element allowed, when clipping by value.</summary>
    public double? ClipValue { get; }

    /// <summary>
    /// A clipper that rescales all gradients together when their global L2 norm exceeds <paramref name="maxNorm"/>.
    /// </summary>
    public static GradientClipper ByNorm(double maxNorm)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
            throw new ArgumentOutOfRangeException(
                nameof(maxNorm),
                $"GradientClipper: the maximum norm must be positive and finite; got {maxNorm}."
            );
        return new GradientClipper(maxNorm, null);
    }

    /// <summary>A clipper that clamps every gradient element to <c>[-clipValue, clipValue]</c>.</summary>
    public static GradientClipper ByValue(double clipValue)
    {
        if (!(clipValue > 0) || !double.IsFinite(clipValue))
            throw new ArgumentOutOfRangeException(
                nameof(clipValue),
                $"GradientClipper: the clip value must be positive and finite; got {clipValue}."
            );
        return new GradientClipper(null, clipValue);
    }

    /// <summary>
    /// Clips the gradients of <paramref name="parameters"/> in place and returns their global norm before clipping.
    /// </summary>
    public float Clip(IEnumerable<Tensor> parameters)
    {
        var list = parameters as IReadOnlyList<Tensor> ?? parameters.ToList();
        if (MaxNorm is { } maxNorm)
            return ClipGradNorm(list, maxNorm);
        float norm = GlobalNorm(list);
        ClipGradValue(list, ClipValue!.Value);
        return norm;
    }

    /// <summary>
    /// The L2 norm of all gradients of <paramref name="parameters"/> taken together (parameters without a gradient
    /// count as zero).
    /// </summary>
    public static float GlobalNorm(IEnumerable<Tensor> parameters)
    {
        double sum = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is null)
                continue;
            // Vector sums in float over short blocks, the blocks added in double: as fast as one float pass, and
            // millions of squares do not lose their small terms to a large running total.
            var g = p.Grad.Span;
            for (int start = 0; start < g.Length; start += NormBlock)
                sum += System.Numerics.Tensors.TensorPrimitives.SumOfSquares(
                    g.Slice(start, Math.Min(NormBlock, g.Length - start))
                );
        }
        return (float)Math.Sqrt(sum);
    }

    /// <summary>
    /// PyTorch's <c>torch.nn.utils.clip_grad_norm_</c>: when the global norm exceeds <paramref name="maxNorm"/>,
    /// multiplies every gradient by <c>maxNorm / (norm + 1e-6)</c>. Returns the norm before clipping.
    /// </summary>
    public static float ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        var list = parameters as IReadOnlyList<Tensor> ?? parameters.ToList();
        float norm = GlobalNorm(list);
        float coefficient = (float)maxNorm / (norm + 1e-6f);
        if (coefficient < 1f)
            foreach (var p in list)
                if (p.Grad is not null)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(p.Grad.Span, coefficient, p.Grad.Span);
        return norm;
    }

    /// <summary>
    /// PyTorch's <c>torch.nn.utils.clip_grad_value_</c>: clamps every gradient element to
    /// <c>[-clipValue, clipValue]</c>.
    /// </summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        float c = (float)clipValue;
        foreach (var p in parameters)
        {
            if (p.Grad is null)
                continue;
            var g = p.Grad.Span;
            for (int i = 0; i < g.Length; i++)
                g[i] = Math.Clamp(g[i], -c, c);
        }
    }
}
