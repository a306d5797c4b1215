using Recurrent.Tensors;

namespace Recurrent.Optimizers;

/// <summary>
/// AdamW: Adam with decoupled weight decay, with <c>torch.optim.AdamW</c>'s update: first
/// <c>p = p * (1 - lr * weight_decay)</c>, then Adam's step on the plain gradient.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>
    /// Creates the optimiser; the arguments mean what they mean to <c>torch.optim.AdamW</c> (whose defaults these are).
    /// </summary>
    public AdamW(
        IEnumerable<Tensor> parameters,
        double learningRate = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-8,
        double weightDecay = 1e-2,
        bool amsgrad = false
    )
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad) { }

    /// <inheritdoc />
    protected override bool DecoupledWeightDecay => true;
}
