namespace Recurrent.Losses;

/// <summary>
/// Where each quantity of a mixture-density output row lives, for M bivariate Gaussians over a pen offset
/// (Graves 2013, eq. 18-22): columns <c>[0, M)</c> the mixture logits pi_hat, <c>[M, 2M)</c> the means mu_x,
/// <c>[2M, 3M)</c> the means mu_y, <c>[3M, 4M)</c> log sigma_x, <c>[4M, 5M)</c> log sigma_y, <c>[5M, 6M)</c> the
/// unsquashed correlations rho_hat, then the end-of-stroke logit e_hat at <c>6M</c>, and, when the drawing's end is
/// modelled too, its logit at <c>6M + 1</c>. A target row is <c>(dx, dy, end of stroke)</c>, plus the end-of-drawing
/// flag.
/// <para>
/// With <see cref="FlagsPerComponent"/> each Gaussian has its own flags: M end-of-stroke logits from <c>6M</c>, then
/// M end-of-drawing logits, and a point's likelihood is <c>sum_j pi_j N_j(dx, dy) Bernoulli_j(flags)</c>, so that
/// whether the pen lifts can depend on where it goes (a stroke ends after its last segment, not after any).
/// </para>
/// </summary>
/// <param name="Mixtures">The number M of Gaussians.</param>
/// <param name="EndOfDrawing">Whether a row ends with the end-of-drawing logit.</param>
/// <param name="FlagsPerComponent">Whether every Gaussian has its own flag logits (rather than one set per row).
/// </param>
public readonly record struct MixtureDensityLayout(
    int Mixtures,
    bool EndOfDrawing = false,
    bool FlagsPerComponent = false
)
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>
    /// The width of a parameter row: <c>6M + 1</c>, or <c>6M + 2</c> with the end of the drawing (with flags per
    /// component, <c>7M</c> or <c>8M</c>).
    /// </summary>
    public int Width => 6 * Mixtures + FlagLogits * (EndOfDrawing ? 2 : 1);

    /// <summary>The number of logits of each flag: M with flags per component, else 1.</summary>
    public int FlagLogits => FlagsPerComponent ? Mixtures : 1;

    /// <summary>The width of a target row: 3, or 4 with the end of the drawing.</summary>
    public int TargetWidth => EndOfDrawing ? 4 : 3;

    /// <summary>The first column of the means mu_x.</summary>
    public int MeanX => Mixtures;

    /// <summary>The first column of the means mu_y.</summary>
    public int MeanY => 2 * Mixtures;

    /// <summary>The first column of log sigma_x.</summary>
    public int LogSigmaX => 3 * Mixtures;

    /// <summary>The first column of log sigma_y.</summary>
    public int LogSigmaY => 4 * Mixtures;

    /// <summary>The first column of the correlations before tanh.</summary>
    public int RhoHat => 5 * Mixtures;

    /// <summary>The column of the end-of-stroke logit (of the first Gaussian's, with flags per component).</summary>
    public int EndOfStroke => 6 * Mixtures;

    /// <summary>The column of the end-of-drawing logit (of the first Gaussian's, with flags per component; only
    /// meaningful with <see cref="EndOfDrawing"/>).</summary>
    public int EndOfDrawingColumn => 6 * Mixtures + FlagLogits;

    /// <summary>
    /// The negative log-likelihood of one target row under one parameter row, split into the offset term
    /// <c>-log sum_j pi_j N_j</c> and the flag terms (end of stroke, and end of drawing when modelled).
    /// <paramref name="logWeightedDensity"/> (M entries) receives <c>log(pi_j N_j)</c>, which the backward pass reuses.
    /// With <see cref="FlagsPerComponent"/> the flags cannot be told apart from the offsets: the whole
    /// <c>-log sum_j pi_j N_j Bernoulli_j</c> is the offset term, the flag term is 0, and
    /// <paramref name="logWeightedDensity"/> receives <c>log(pi_j N_j Bernoulli_j)</c>.
    /// </summary>
    public (double Offsets, double Flags) RowNegativeLogLikelihood(
        ReadOnlySpan<float> row,
        ReadOnlySpan<float> target,
        Span<double> logWeightedDensity
    )
    {
        int k = Mixtures;
        double piMax = double.NegativeInfinity;
        for (int j = 0; j < k; j++)
            piMax = Math.Max(piMax, row[j]);
        double piSum = 0;
        for (int j = 0; j < k; j++)
            piSum += Math.Exp(row[j] - piMax);
        double logPiNorm = piMax + Math.Log(piSum);
        double x1 = target[0],
            x2 = target[1];
        for (int j = 0; j < k; j++)
        {
            double logS1 = row[LogSigmaX + j],
                logS2 = row[LogSigmaY + j];
            double rhoHat = row[RhoHat + j];
            double rho = Math.Tanh(rhoHat);
            double oneMinusRho2 = OneMinusTanhSquared(rhoHat);
            double z1 = (x1 - row[MeanX + j]) * Math.Exp(-logS1),
                z2 = (x2 - row[MeanY + j]) * Math.Exp(-logS2);
            double zz = z1 * z1 + z2 * z2 - 2 * rho * z1 * z2;
            double logN = -LogTwoPi - logS1 - logS2 - 0.5 * LogOneMinusTanhSquared(rhoHat) - zz / (2 * oneMinusRho2);
            logWeightedDensity[j] = row[j] - logPiNorm + logN;
            if (FlagsPerComponent)
                logWeightedDensity[j] -= FlagNegativeLogLikelihood(row, target, j);
        }
        double offsets = -LogSumExp(logWeightedDensity);
        return (offsets, FlagsPerComponent ? 0 : FlagNegativeLogLikelihood(row, target, 0));
    }

    // -log of the flags' probability under the flag logits at offset `component` (0 when one set is shared).
    private double FlagNegativeLogLikelihood(ReadOnlySpan<float> row, ReadOnlySpan<float> target, int component)
    {
        double flags = BernoulliNegativeLogLikelihood(row[EndOfStroke + component], target[2]);
        if (EndOfDrawing)
            flags += BernoulliNegativeLogLikelihood(row[EndOfDrawingColumn + component], target[3]);
        return flags;
    }

    /// <summary><c>log sum exp(values)</c>, computed from the largest value so that nothing overflows.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (var v in values)
            max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max))
            return max;
        double sum = 0;
        foreach (var v in values)
            sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>The logistic sigmoid.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary><c>1 - tanh(x)^2 = 1 / cosh(x)^2</c>, which stays positive where tanh rounds to 1.</summary>
    public static double OneMinusTanhSquared(double x) => Math.Exp(LogOneMinusTanhSquared(x));

    /// <summary><c>log(1 - tanh(x)^2) = -2 log cosh(x)</c>, computed without overflow.</summary>
    public static double LogOneMinusTanhSquared(double x)
    {
        double a = Math.Abs(x);
        return -2 * (a + Math.Log(1 + Math.Exp(-2 * a)) - Math.Log(2));
    }

    // -log p(flag | logit) for p = sigmoid(logit): softplus(-logit) for a 1, softplus(logit) for a 0 (and a mix
    // between).
    private static double BernoulliNegativeLogLikelihood(double logit, double flag) =>
        flag * Softplus(-logit) + (1 - flag) * Softplus(logit);

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}
