using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Losses;

public static partial class Loss
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// The negative log-likelihood of targets under a Gaussian per row whose mean and log standard deviation a model
    /// predicts: <paramref name="prediction"/> is <c>[..., 2]</c> holding <c>(mu, log sigma)</c> per row and
    /// <paramref name="targets"/> one value per row. The loss is the mean over rows of
    /// <c>log sigma + (t - mu)^2 / (2 sigma^2) + log(2 pi) / 2</c>, like
    /// <c>F.gaussian_nll_loss(mu, t, sigma^2, full=True)</c>
    /// but parameterised by log sigma, which keeps sigma positive without a constraint.
    /// </summary>
    /// <param name="prediction">The predicted <c>(mu, log sigma)</c>, <c>[..., 2]</c>.</param>
    /// <param name="targets">One target per row.</param>
    /// <param name="mask">An optional weight per row (0 for a missing target); the loss is then
    /// <c>sum(mask * nll) / sum(mask)</c>, 0 when the mask is all zero.</param>
    /// <exception cref="ShapeMismatchException">The prediction's last axis is not 2, or the targets or the mask do not
    /// have one entry per row.</exception>
    public static Tensor GaussianNegativeLogLikelihood(Tensor prediction, float[] targets, float[]? mask = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (prediction.Rank < 1 || prediction.Dim(-1) != 2)
            throw new ShapeMismatchException(
                $"GaussianNegativeLogLikelihood: the prediction must be [..., 2] (mean, log std); got prediction "
                    + $"{Shape.Format(prediction.Shape)}."
            );
        int rows = prediction.Length / 2;
        if (targets.Length != rows)
            throw new ShapeMismatchException(
                $"GaussianNegativeLogLikelihood: {targets.Length} targets for {rows} rows of prediction "
                    + $"{Shape.Format(prediction.Shape)}."
            );
        if (mask is not null && mask.Length != rows)
            throw new ShapeMismatchException(
                $"GaussianNegativeLogLikelihood: the mask has {mask.Length} entries for {rows} rows of prediction "
                    + $"{Shape.Format(prediction.Shape)}."
            );

        double weight = mask is null ? rows : mask.Sum(m => (double)m);
        float scale = weight > 0 ? (float)(1.0 / weight) : 0f;
        var loss = Tape.NewOutput();
        GaussianNllForward(loss.Span, prediction.Span, targets, mask, scale);
        if (Tape.ShouldRecord(prediction))
            Tape.Record(loss, () =>
                GaussianNllBackward(
                    Tape.GradOf(prediction).Span,
                    loss.Grad!.Span,
                    prediction.Span,
                    targets,
                    mask,
                    scale
                )
            );
        return loss;
    }

    // loss () = scale * sum_r m_r (s_r + (t_r - mu_r)^2 exp(-2 s_r) / 2 + log(2 pi) / 2) over p (R,2) = (mu, s), t (R,)
    private static void GaussianNllForward(
        Span<float> loss,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> t,
        float[]? mask,
        float scale
    )
    {
        double sum = 0;
        for (int r = 0; r < t.Length; r++)
        {
            double m = mask?[r] ?? 1.0;
            if (m == 0)
                continue;
            double mu = p[2 * r],
                s = p[2 * r + 1];
            double z = (t[r] - mu) * Math.Exp(-s);
            sum += m * (s + 0.5 * z * z + HalfLogTwoPi);
        }
        loss[0] = (float)(sum * scale);
    }

    // dmu_r += dloss * scale * m_r * -(t_r - mu_r) exp(-2 s_r) ; ds_r += dloss * scale * m_r * (1 - (t_r - mu_r)^2
    // exp(-2 s_r))
    private static void GaussianNllBackward(
        Span<float> dp,
        ReadOnlySpan<float> dloss,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> t,
        float[]? mask,
        float scale
    )
    {
        float g = scale * dloss[0];
        for (int r = 0; r < t.Length; r++)
        {
            float m = mask?[r] ?? 1f;
            if (m == 0)
                continue;
            float mu = p[2 * r],
                s = p[2 * r + 1];
            float inverseStd = MathF.Exp(-s);
            float z = (t[r] - mu) * inverseStd;
            dp[2 * r] += g * m * -z * inverseStd;
            dp[2 * r + 1] += g * m * (1f - z * z);
        }
    }
}
