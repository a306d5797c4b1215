using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Losses;

public static partial class Loss
{
    /// <summary>
    /// The negative log-likelihood of pen offsets under a mixture-density output, as in Graves (2013), "Generating
    /// Sequences With Recurrent Neural Networks", section 4.1. Each row of <paramref name="parameters"/> holds, for
    /// <c>M</c> = <paramref name="mixtures"/> bivariate Gaussians, the unnormalised mixture weights, the means, the
    /// log standard deviations and the unsquashed correlations, then the end-of-stroke logit (see
    /// <see cref="MixtureDensityLayout"/>); with <paramref name="endOfDrawing"/> one more logit follows, for the end of
    /// the whole drawing. Each row of <paramref name="targets"/> is <c>(dx, dy, end of stroke)</c>, plus
    /// <c>end of drawing</c> with <paramref name="endOfDrawing"/>, flags 0 or 1. The loss is the mean over rows of
    /// <c>-log sum_j pi_j N(dx, dy | mu_j, sigma_j, rho_j) - log Bernoulli(eos | e)</c> (and the end-of-drawing term),
    /// with <c>pi = softmax(pi_hat)</c>, <c>sigma = exp(sigma_hat)</c>, <c>rho = tanh(rho_hat)</c>,
    /// <c>e = sigmoid(e_hat)</c>; the sum over the mixture is a log-sum-exp, so it stays finite however far a target
    /// lies from every component.
    /// </summary>
    /// <param name="parameters">The mixture parameters, <c>[..., 6M + 1]</c> (or <c>6M + 2</c>).</param>
    /// <param name="mixtures">The number M of Gaussians.</param>
    /// <param name="targets">One row of 3 (or 4) values per row of parameters.</param>
    /// <param name="mask">An optional weight per row (0 for padding); the loss is then
    /// <c>sum(mask * nll) / sum(mask)</c>, 0 when the mask is all zero.</param>
    /// <param name="endOfDrawing">Whether the rows carry the end-of-drawing logit and target.</param>
    /// <exception cref="ShapeMismatchException">The last axis is not <c>6M + 1</c> (or <c>6M + 2</c>), or the targets
    /// or the mask do not have one row per row.</exception>
    public static Tensor MixtureDensityNegativeLogLikelihood(
        Tensor parameters,
        int mixtures,
        float[] targets,
        float[]? mask = null,
        bool endOfDrawing = false
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mixtures, 1);
        return MixtureDensityNegativeLogLikelihood(
            parameters,
            new MixtureDensityLayout(mixtures, endOfDrawing),
            targets,
            mask
        );
    }

    /// <summary>
    /// As <see cref="MixtureDensityNegativeLogLikelihood(Tensor, int, float[], float[], bool)"/> for any
    /// <paramref name="layout"/>: with <see cref="MixtureDensityLayout.FlagsPerComponent"/> each row's loss is
    /// <c>-log sum_j pi_j N_j(dx, dy) Bernoulli(eos | e_j) [Bernoulli(end | q_j)]</c>.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The last axis is not <see cref="MixtureDensityLayout.Width"/>, or
    /// the targets or the mask do not have one row per row.</exception>
    public static Tensor MixtureDensityNegativeLogLikelihood(
        Tensor parameters,
        MixtureDensityLayout layout,
        float[] targets,
        float[]? mask = null
    )
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(layout.Mixtures, 1);
        if (parameters.Rank < 1 || parameters.Dim(-1) != layout.Width)
            throw new ShapeMismatchException(
                $"MixtureDensityNegativeLogLikelihood: {layout.Mixtures} "
                    + $"Gaussians{(layout.EndOfDrawing ? " and an end-of-drawing flag" : "")}"
                    + $"{(layout.FlagsPerComponent ? " (flags per Gaussian)" : "")} need parameters [..., "
                    + $"{layout.Width}]; got parameters {Shape.Format(parameters.Shape)}."
            );
        int rows = parameters.Length / layout.Width;
        if (targets.Length != rows * layout.TargetWidth)
            throw new ShapeMismatchException(
                $"MixtureDensityNegativeLogLikelihood: {targets.Length} target values for {rows} rows of parameters "
                    + $"{Shape.Format(parameters.Shape)}; expected {layout.TargetWidth} per row."
            );
        if (mask is not null && mask.Length != rows)
            throw new ShapeMismatchException(
                $"MixtureDensityNegativeLogLikelihood: the mask has {mask.Length} entries for {rows} rows of "
                    + $"parameters {Shape.Format(parameters.Shape)}."
            );

        double weight = mask is null ? rows : mask.Sum(m => (double)m);
        double scale = weight > 0 ? 1.0 / weight : 0.0;
        var loss = Tape.NewOutput();
        MixtureDensityForward(loss.Span, parameters.Span, targets, mask, layout, scale);
        if (Tape.ShouldRecord(parameters))
            Tape.Record(loss, () =>
                MixtureDensityBackward(
                    Tape.GradOf(parameters).Span,
                    loss.Grad!.Span,
                    parameters.Span,
                    targets,
                    mask,
                    layout,
                    scale
                )
            );
        return loss;
    }

    // loss () = scale * sum_r m_r nll_r over p (R, layout.Width), t (R, 3[+1]); nll_r as in
    // MixtureDensityLayout.RowNegativeLogLikelihood
    private static void MixtureDensityForward(
        Span<float> loss,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> t,
        float[]? mask,
        MixtureDensityLayout layout,
        double scale
    )
    {
        int rows = t.Length / layout.TargetWidth;
        var logDensity = new double[layout.Mixtures];
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            double m = mask?[r] ?? 1.0;
            if (m == 0)
                continue;
            var (offsets, flags) = layout.RowNegativeLogLikelihood(
                p.Slice(r * layout.Width, layout.Width),
                t.Slice(r * layout.TargetWidth, layout.TargetWidth),
                logDensity
            );
            sum += m * (offsets + flags);
        }
        loss[0] = (float)(sum * scale);
    }

    // dp (R, layout.Width) += dloss * scale * m_r * d nll_r / dp_r, with gamma_j = the posterior weight of Gaussian j
    // (of pi_j N_j, or of pi_j N_j Bernoulli_j with flags per component):
    //   d/d pi_hat_j = pi_j - gamma_j
    // d/d mu1_j = -gamma_j (z1 - rho z2) / (s1 (1 - rho^2)) ; d/d log s1_j = -gamma_j (z1 (z1 - rho z2) / (1 - rho^2) -
    // 1) (and 2 alike)
    // d/d rho_hat_j = -gamma_j (rho + z1 z2 - rho Z / (1 - rho^2)) (rho_hat through tanh: d rho = (1 - rho^2) d
    // rho_hat)
    //   d/d e_hat = sigmoid(e_hat) - eos ; d/d q_hat = sigmoid(q_hat) - end (per component: times gamma_j)
    private static void MixtureDensityBackward(
        Span<float> dp,
        ReadOnlySpan<float> dloss,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> t,
        float[]? mask,
        MixtureDensityLayout layout,
        double scale
    )
    {
        int rows = t.Length / layout.TargetWidth,
            k = layout.Mixtures;
        var logDensity = new double[k];
        double g = scale * dloss[0];
        for (int r = 0; r < rows; r++)
        {
            double m = mask?[r] ?? 1.0;
            if (m == 0)
                continue;
            var row = p.Slice(r * layout.Width, layout.Width);
            var target = t.Slice(r * layout.TargetWidth, layout.TargetWidth);
            var grad = dp.Slice(r * layout.Width, layout.Width);
            double gr = g * m;
            layout.RowNegativeLogLikelihood(row, target, logDensity);
            // logDensity now holds log(pi_j N_j); the log of their sum normalises them into posteriors.
            double total = MixtureDensityLayout.LogSumExp(logDensity);
            double piMax = double.NegativeInfinity;
            for (int j = 0; j < k; j++)
                piMax = Math.Max(piMax, row[j]);
            double piSum = 0;
            for (int j = 0; j < k; j++)
                piSum += Math.Exp(row[j] - piMax);
            double x1 = target[0],
                x2 = target[1];
            for (int j = 0; j < k; j++)
            {
                double gamma = Math.Exp(logDensity[j] - total);
                double pi = Math.Exp(row[j] - piMax) / piSum;
                double s1 = Math.Exp(row[layout.LogSigmaX + j]),
                    s2 = Math.Exp(row[layout.LogSigmaY + j]);
                double rho = Math.Tanh(row[layout.RhoHat + j]);
                double oneMinusRho2 = MixtureDensityLayout.OneMinusTanhSquared(row[layout.RhoHat + j]);
                double z1 = (x1 - row[layout.MeanX + j]) / s1,
                    z2 = (x2 - row[layout.MeanY + j]) / s2;
                double zz = z1 * z1 + z2 * z2 - 2 * rho * z1 * z2;
                grad[j] += (float)(gr * (pi - gamma));
                grad[layout.MeanX + j] += (float)(gr * -gamma * (z1 - rho * z2) / (s1 * oneMinusRho2));
                grad[layout.MeanY + j] += (float)(gr * -gamma * (z2 - rho * z1) / (s2 * oneMinusRho2));
                grad[layout.LogSigmaX + j] += (float)(gr * -gamma * (z1 * (z1 - rho * z2) / oneMinusRho2 - 1));
                grad[layout.LogSigmaY + j] += (float)(gr * -gamma * (z2 * (z2 - rho * z1) / oneMinusRho2 - 1));
                grad[layout.RhoHat + j] += (float)(gr * -gamma * (rho + z1 * z2 - rho * zz / oneMinusRho2));
                if (layout.FlagsPerComponent)
                    FlagGradients(grad, row, target, layout, j, gr * gamma);
            }
            if (!layout.FlagsPerComponent)
                FlagGradients(grad, row, target, layout, 0, gr);
        }
    }

    // d nll / d (flag logits of component j) = weight * (sigmoid(logit) - flag), for both flags.
    private static void FlagGradients(
        Span<float> grad,
        ReadOnlySpan<float> row,
        ReadOnlySpan<float> target,
        MixtureDensityLayout layout,
        int j,
        double weight
    )
    {
        int eos = layout.EndOfStroke + j;
        grad[eos] += (float)(weight * (MixtureDensityLayout.Sigmoid(row[eos]) - target[2]));
        if (!layout.EndOfDrawing)
            return;
        int end = layout.EndOfDrawingColumn + j;
        grad[end] += (float)(weight * (MixtureDensityLayout.Sigmoid(row[end]) - target[3]));
    }
}
