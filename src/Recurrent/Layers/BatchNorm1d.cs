using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// Batch normalisation over the channels of batch-first sequences <c>[B, T, C]</c>, after PyTorch's
/// <c>nn.BatchNorm1d(C)</c> on the transposed input (see <see cref="Ops.BatchNorm"/>): in training mode it
/// normalises with the statistics of the batch's valid steps and moves the running statistics towards them; in
/// evaluation mode it normalises with the running statistics. The parameters <c>weight</c> (1) and <c>bias</c> (0)
/// and the buffers <c>running_mean</c> (0), <c>running_var</c> (1) and <c>num_batches_tracked</c> (0) have
/// PyTorch's names and starting values, so state dicts move between the two unchanged.
/// </summary>
public sealed class BatchNorm1d : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="channels">C, the size of the last axis of the input.</param>
    /// <param name="momentum">How far one training batch moves the running statistics, in (0, 1].</param>
    /// <param name="epsilon">Added to the variance, for numerical stability.</param>
    public BatchNorm1d(int channels, float momentum = 0.1f, float epsilon = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (!(momentum > 0f && momentum <= 1f))
            throw new ArgumentOutOfRangeException(
                nameof(momentum),
                $"BatchNorm1d: the momentum must be in (0, 1]; got {momentum}."
            );
        if (!(epsilon > 0f))
            throw new ArgumentOutOfRangeException(
                nameof(epsilon),
                $"BatchNorm1d: epsilon must be positive; got {epsilon}."
            );
        Channels = channels;
        Momentum = momentum;
        Epsilon = epsilon;
        Weight = Parameter("weight", channels);
        Weight.Span.Fill(1f);
        Bias = Parameter("bias", channels);
        RunningMean = Buffer("running_mean", channels);
        RunningVariance = Buffer("running_var", channels);
        RunningVariance.Span.Fill(1f);
        BatchesTracked = Buffer("num_batches_tracked");
    }

    /// <summary>C, the number of channels.</summary>
    public int Channels { get; }

    /// <summary>How far one training batch moves the running statistics.</summary>
    public float Momentum { get; }

    /// <summary>Added to the variance, for numerical stability.</summary>
    public float Epsilon { get; }

    /// <summary>The scale, <c>[C]</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The shift, <c>[C]</c>.</summary>
    public Tensor Bias { get; }

    /// <summary>The running mean, <c>[C]</c>.</summary>
    public Tensor RunningMean { get; }

    /// <summary>The running (unbiased) variance, <c>[C]</c>.</summary>
    public Tensor RunningVariance { get; }

    /// <summary>The number of training batches seen, a scalar (an int64 in PyTorch, a float here).</summary>
    public Tensor BatchesTracked { get; }

    /// <summary>
    /// Normalises <paramref name="x"/> <c>[B, T, C]</c>; with <paramref name="lengths"/>, only the valid steps count
    /// and the steps past them give zero. In training mode the running statistics are updated.
    /// </summary>
    public Tensor Forward(Tensor x, int[]? lengths = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || x.Dim(2) != Channels)
            throw ShapeMismatchException.For(
                "BatchNorm1d",
                "the input must be [B, T, C]",
                "input",
                x.Shape,
                "weight",
                Weight.Shape
            );
        var y = Ops.BatchNorm(x, lengths, RunningMean, RunningVariance, Weight, Bias, Training, Momentum, Epsilon);
        if (Training)
            BatchesTracked.Span[0] += 1f;
        return y;
    }

    /// <summary>Normalises <paramref name="input"/> <c>[B, T, C]</c>, every step valid.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);
}
