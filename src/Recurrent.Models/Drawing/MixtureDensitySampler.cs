using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Draws a pen offset and its flags from one row of mixture-density parameters (<see cref="MixtureDensityLayout"/>),
/// with Graves's sampling bias b (2013, section 5.4): <c>pi = softmax(pi_hat * (1 + b))</c> and
/// <c>sigma = exp(sigma_hat - b)</c>, so that a larger b keeps to the likelier, steadier strokes; b = 0 samples the
/// model as trained. The bias sharpens the two flags' logits by the same 1 + b as the mixture's (each flag is a
/// choice between two outcomes, like the choice of a component; Graves left the pen-up alone), so a biased pen lifts
/// where the model is sure it does. The temperature tau then divides the logits (mixture and flags) and scales the
/// variances by tau, as in sketch-rnn; tau = 1 leaves them alone.
/// <para>
/// With flags per Gaussian (<see cref="MixtureDensityLayout.FlagsPerComponent"/>) the flags are those of the Gaussian
/// drawn. Both flags are read from one uniform draw, so that the end of the drawing comes only with a pen-up whenever
/// the model gives the end no more probability than the pen-up, as every training drawing ends with its pen lifted.
/// Each flag keeps the probability the model gives it; drawn independently, the two disagreed: a digit written in one
/// stroke got a pen-up in the middle, or stopped in the middle of its stroke, every time the model was unsure at
/// which of a few points the stroke (and with it the drawing) ends.
/// </para>
/// </summary>
public static class MixtureDensitySampler
{
    /// <summary>
    /// One sampled point: the offset and the flags (each 0 or 1; the end of the drawing is always 0 when not modelled).
    /// </summary>
    /// <param name="Dx">The horizontal offset.</param>
    /// <param name="Dy">The vertical offset.</param>
    /// <param name="EndOfStroke">1 when the pen lifts after this point.</param>
    /// <param name="EndOfDrawing">1 when the drawing ends after this point.</param>
    public readonly record struct Point(float Dx, float Dy, float EndOfStroke, float EndOfDrawing);

    /// <summary>Samples one point from <paramref name="row"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bias is negative or the temperature is not
    /// positive.</exception>
    public static Point Sample(
        ReadOnlySpan<float> row,
        MixtureDensityLayout layout,
        double bias,
        double temperature,
        RandomGenerator rng
    )
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (bias < 0 || double.IsNaN(bias))
            throw new ArgumentOutOfRangeException(nameof(bias), $"The sampling bias must be 0 or more; got {bias}.");
        if (!(temperature > 0))
            throw new ArgumentOutOfRangeException(
                nameof(temperature),
                $"The temperature must be positive; got {temperature}."
            );
        if (row.Length != layout.Width)
            throw new ShapeMismatchException(
                $"MixtureDensitySampler: a row of {layout.Mixtures} Gaussians has {layout.Width} values; got "
                    + $"{row.Length}."
            );

        int k = layout.Mixtures;
        double sharpen = (1 + bias) / temperature;
        double max = double.NegativeInfinity;
        for (int j = 0; j < k; j++)
            max = Math.Max(max, row[j] * sharpen);
        Span<double> weights = k <= 64 ? stackalloc double[k] : new double[k];
        double total = 0;
        for (int j = 0; j < k; j++)
            total += weights[j] = Math.Exp(row[j] * sharpen - max);
        double u = rng.NextDouble() * total;
        int chosen = k - 1;
        for (int j = 0; j < k; j++)
        {
            u -= weights[j];
            if (u < 0)
            {
                chosen = j;
                break;
            }
        }

        double spread = Math.Sqrt(temperature);
        double s1 = Math.Exp(row[layout.LogSigmaX + chosen] - bias) * spread;
        double s2 = Math.Exp(row[layout.LogSigmaY + chosen] - bias) * spread;
        double rho = Math.Tanh(row[layout.RhoHat + chosen]);
        double g1 = rng.NextGaussian(),
            g2 = rng.NextGaussian();
        double dx = row[layout.MeanX + chosen] + s1 * g1;
        double dy = row[layout.MeanY + chosen] + s2 * (rho * g1 + Math.Sqrt(Math.Max(0, 1 - rho * rho)) * g2);
        double flag = rng.NextDouble();
        int flags = layout.FlagsPerComponent ? chosen : 0;
        float eos = flag < MixtureDensityLayout.Sigmoid(row[layout.EndOfStroke + flags] * sharpen) ? 1f : 0f;
        float end =
            layout.EndOfDrawing
            && flag < MixtureDensityLayout.Sigmoid(row[layout.EndOfDrawingColumn + flags] * sharpen)
                ? 1f
                : 0f;
        return new Point((float)dx, (float)dy, eos, end);
    }
}
