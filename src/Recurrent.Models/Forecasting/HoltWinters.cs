namespace Recurrent.Models.Forecasting;

/// <summary>
/// Holt-Winters exponential smoothing: a level, an additive trend (optionally damped) and an additive or
/// multiplicative season of period m, updated by every observation, in the error-correction form of Hyndman and
/// Athanasopoulos (<i>Forecasting: Principles and Practice</i>, 8.3) that statsmodels' <c>ExponentialSmoothing</c>
/// uses. With <c>base = l + phi b</c> and <c>s</c> the factor of the observation's season:
/// <c>l' = alpha (y - s) + (1 - alpha) base</c> (<c>alpha y / s</c> for a multiplicative season),
/// <c>b' = beta (l' - l) + (1 - beta) phi b</c>, <c>s' = gamma (y - base) + (1 - gamma) s</c>
/// (<c>gamma y / base</c>), and the forecast h steps on is <c>l + (phi + ... + phi^h) b</c> plus (times) the latest
/// factor of that season. Fitting minimises the sum of squared one-step errors over the smoothing parameters and the
/// initial states (<see cref="Fit"/>), as statsmodels does, with <see cref="NelderMead"/>.
/// </summary>
public sealed class HoltWinters
{
    // statsmodels' bounds: alpha in (eps, 1 - eps), beta <= alpha, gamma <= 1 - alpha, phi in [0.8, 0.995].
    private const double Epsilon = 1.4901161193847656e-08;
    private const double PhiLow = 0.8,
        PhiHigh = 0.995;

    private readonly double _level;
    private readonly double _trend;
    private readonly double[] _seasonals;

    private HoltWinters(
        HoltWintersVariant variant,
        int period,
        HoltWintersParameters parameters,
        double[] fitted,
        double sse,
        double level,
        double trend,
        double[] seasonals
    )
    {
        Variant = variant;
        Period = period;
        Parameters = parameters;
        Fitted = fitted;
        Sse = sse;
        _level = level;
        _trend = trend;
        _seasonals = seasonals;
        int n = fitted.Length,
            k = ParameterCount;
        Aic = n * Math.Log(sse / n) + 2 * k;
        Aicc = n - k - 3 > 0 ? Aic + 2.0 * (k + 2) * (k + 3) / (n - k - 3) : double.PositiveInfinity;
    }

    /// <summary>The model form.</summary>
    public HoltWintersVariant Variant { get; }

    /// <summary>The season m (rows per cycle); 0 without a season.</summary>
    public int Period { get; }

    /// <summary>The smoothing parameters and initial states.</summary>
    public HoltWintersParameters Parameters { get; }

    /// <summary>The one-step forecast of every observation, made from the states before it.</summary>
    public double[] Fitted { get; }

    /// <summary>The sum of squared one-step errors.</summary>
    public double Sse { get; }

    /// <summary>The observations filtered.</summary>
    public int Count => Fitted.Length;

    /// <summary>
    /// The estimated quantities as statsmodels counts them for the information criteria: alpha and the initial level,
    /// beta and the initial trend, phi when damped, gamma and m - 1 free initial factors when seasonal
    /// (<c>m + 4 + damped</c> in all with a season).
    /// </summary>
    public int ParameterCount =>
        (Variant.Seasonality == HoltWintersSeasonality.None ? 0 : Period) + 2 + 2 + (Variant.Damped ? 1 : 0);

    /// <summary>Akaike's criterion from the SSE: <c>n log(SSE / n) + 2k</c>.</summary>
    public double Aic { get; }

    /// <summary>AIC corrected for small samples, <c>AIC + 2 (k + 2)(k + 3) / (n - k - 3)</c> (infinite when n is too
    /// small).</summary>
    public double Aicc { get; }

    /// <summary>The point forecasts of the <paramref name="horizon"/> rows after the last observation.</summary>
    public double[] Forecast(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        var forecast = new double[horizon];
        double phi = Parameters.Phi,
            damping = 0,
            power = 1;
        for (int h = 1; h <= horizon; h++)
        {
            power *= phi;
            damping += power;
            double value = _level + damping * _trend;
            forecast[h - 1] = Variant.Seasonality switch
            {
                HoltWintersSeasonality.Additive => value + _seasonals[(Count + h - 1) % Period],
                HoltWintersSeasonality.Multiplicative => value * _seasonals[(Count + h - 1) % Period],
                _ => value,
            };
        }
        return forecast;
    }

    /// <summary>Runs the recursions over <paramref name="series"/> from the given parameters and initial
    /// states.</summary>
    /// <exception cref="ArgumentException">The season count does not match <paramref name="period"/>, or a parameter is
    /// out of range.</exception>
    public static HoltWinters Filter(
        ReadOnlySpan<double> series,
        int period,
        HoltWintersVariant variant,
        HoltWintersParameters parameters
    )
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int m = Season(period, variant);
        if (parameters.Seasonals.Count != m)
            throw new ArgumentException(
                $"A {variant.Name} model of period {period} needs {m} initial seasonal factors; "
                    + $"{parameters.Seasonals.Count} were given."
            );
        if (!variant.Damped && parameters.Phi != 1)
            throw new ArgumentException($"An undamped trend has phi = 1, not {parameters.Phi}.");
        CheckSeries(series);
        var seasonals = parameters.Seasonals.ToArray();
        var fitted = new double[series.Length];
        double sse = Recur(
            series,
            variant.Seasonality,
            m,
            parameters.Alpha,
            parameters.Beta,
            parameters.Gamma,
            parameters.Phi,
            parameters.Level,
            parameters.Trend,
            seasonals,
            fitted,
            out double level,
            out double trend
        );
        return new HoltWinters(variant, m, parameters, fitted, sse, level, trend, seasonals);
    }

    /// <summary>
    /// The variants that <paramref name="series"/> supports: damped or not, and with a season of
    /// <paramref name="period"/> when there are two whole cycles to start it from, multiplicative only when every value
    /// is positive; without a season otherwise.
    /// </summary>
    public static IReadOnlyList<HoltWintersVariant> Variants(ReadOnlySpan<double> series, int period)
    {
        var seasons = new List<HoltWintersSeasonality>();
        if (period >= 2 && series.Length >= 2 * period)
        {
            seasons.Add(HoltWintersSeasonality.Additive);
            bool positive = true;
            foreach (double v in series)
                positive &= v > 0;
            if (positive)
                seasons.Add(HoltWintersSeasonality.Multiplicative);
        }
        else
            seasons.Add(HoltWintersSeasonality.None);
        return
        [
            .. seasons.SelectMany(s => new[] { new HoltWintersVariant(false, s), new HoltWintersVariant(true, s) }),
        ];
    }

    /// <summary>Fits every variant <see cref="Variants"/> allows and keeps the one with the smallest AICc (AIC when n
    /// is too small for AICc).</summary>
    /// <exception cref="ArgumentException">Fewer than 4 observations, or a value that is not finite.</exception>
    public static HoltWinters FitBest(ReadOnlySpan<double> series, int period)
    {
        HoltWinters? best = null;
        foreach (var variant in Variants(series, period))
        {
            var model = Fit(series, period, variant);
            if (best is null || Better(model, best))
                best = model;
        }
        return best!;

        static bool Better(HoltWinters a, HoltWinters b) =>
            double.IsFinite(a.Aicc) || double.IsFinite(b.Aicc) ? a.Aicc < b.Aicc : a.Aic < b.Aic;
    }

    /// <summary>
    /// Fits <paramref name="variant"/> by least squares: the smoothing parameters (within statsmodels' bounds) and the
    /// initial states minimise the SSE of the one-step forecasts. The search starts from the usual heuristic states
    /// (level and trend from the first two cycles, factors from the first cycle's deviations), the best of a grid of
    /// smoothing parameters, and refines everything with <see cref="NelderMead"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Too few observations for the variant, or a value that is not
    /// finite.</exception>
    public static HoltWinters Fit(ReadOnlySpan<double> series, int period, HoltWintersVariant variant)
    {
        int m = Season(period, variant);
        CheckSeries(series);
        int n = series.Length;
        if (n < Math.Max(4, 2 * m))
            throw new ArgumentException(
                $"Holt-Winters ({variant.Name}) needs at least {Math.Max(4, 2 * m)} observations; the series has {n}."
            );
        if (variant.Seasonality == HoltWintersSeasonality.Multiplicative)
            foreach (double v in series)
                if (v <= 0)
                    throw new ArgumentException($"A multiplicative season needs positive values; the series has {v}.");

        var y = series.ToArray();
        var (level0, trend0, seasonals0) = HeuristicStates(y, m, variant.Seasonality);
        double scale = 0;
        for (int t = 1; t < n; t++)
            scale += Math.Abs(y[t] - y[t - 1]);
        scale = Math.Max(scale / (n - 1), 1e-8 * Math.Max(1, y.Max(Math.Abs)));

        // The vector searched: alpha*, beta*, [gamma*], [phi*] in [0, 1], then level, trend, [m factors].
        bool seasonal = variant.Seasonality != HoltWintersSeasonality.None;
        bool multiplicative = variant.Seasonality == HoltWintersSeasonality.Multiplicative;
        int gammaAt = seasonal ? 2 : -1,
            phiAt = variant.Damped ? (seasonal ? 3 : 2) : -1;
        int levelAt = 2 + (seasonal ? 1 : 0) + (variant.Damped ? 1 : 0),
            size = levelAt + 2 + m;
        var scratch = new double[m];
        var (lower, upper, steps) = (new double[size], new double[size], new double[size]);
        for (int i = 0; i < size; i++)
            (lower[i], upper[i], steps[i]) = (double.NegativeInfinity, double.PositiveInfinity, scale);
        for (int i = 0; i < levelAt; i++)
            (lower[i], upper[i], steps[i]) = (0, 1, 0.1);
        if (multiplicative)
            lower[levelAt] = 0;
        steps[levelAt + 1] = scale / Math.Max(m, 1);
        for (int i = levelAt + 2; i < size; i++)
        {
            if (multiplicative)
                (lower[i], steps[i]) = (0, 0.05);
        }

        (double Alpha, double Beta, double Gamma, double Phi) Smoothing(double[] x)
        {
            double alpha = Epsilon + (1 - 2 * Epsilon) * x[0];
            double gamma = gammaAt >= 0 ? (1 - alpha) * x[gammaAt] : 0;
            return (alpha, alpha * x[1], gamma, phiAt >= 0 ? PhiLow + (PhiHigh - PhiLow) * x[phiAt] : 1);
        }
        double Objective(double[] x)
        {
            var (alpha, beta, gamma, phi) = Smoothing(x);
            x.AsSpan(levelAt + 2, m).CopyTo(scratch);
            return Recur(
                y,
                variant.Seasonality,
                m,
                alpha,
                beta,
                gamma,
                phi,
                x[levelAt],
                x[levelAt + 1],
                scratch,
                [],
                out _,
                out _
            );
        }

        var start = new double[size];
        start[levelAt] = level0;
        start[levelAt + 1] = trend0;
        seasonals0.CopyTo(start, levelAt + 2);
        if (phiAt >= 0)
            start[phiAt] = (0.98 - PhiLow) / (PhiHigh - PhiLow);
        double[] grid = [0.05, 0.2, 0.4, 0.6, 0.8, 0.95];
        var starts = new List<(double Value, double[] Point)>();
        foreach (double a in grid)
            foreach (double b in grid)
                foreach (double g in seasonal ? grid : [0.0])
                {
                    var point = (double[])start.Clone();
                    (point[0], point[1]) = (a, b);
                    if (gammaAt >= 0)
                        point[gammaAt] = g;
                    starts.Add((Objective(point), point));
                }
        double[]? best = null;
        double bestValue = double.PositiveInfinity;
        foreach (var (_, point) in starts.OrderBy(s => s.Value).Take(3))
        {
            var (x, value, _) = NelderMead.Minimize(
                Objective,
                point,
                steps,
                lower,
                upper,
                tolerance: 1e-10,
                maxEvaluations: 400 * size
            );
            if (best is null || value < bestValue)
                (best, bestValue) = (x, value);
        }
        var (bestAlpha, bestBeta, bestGamma, bestPhi) = Smoothing(best!);
        var parameters = new HoltWintersParameters(
            bestAlpha,
            bestBeta,
            bestGamma,
            bestPhi,
            best![levelAt],
            best[levelAt + 1],
            best.AsSpan(levelAt + 2, m).ToArray()
        );
        return Filter(series, period, variant, parameters);
    }

    private static int Season(int period, HoltWintersVariant variant)
    {
        if (variant.Seasonality == HoltWintersSeasonality.None)
            return 0;
        if (period < 2)
            throw new ArgumentException(
                $"A {variant.Name} model needs a season of at least 2 rows; the period is {period}."
            );
        return period;
    }

    private static void CheckSeries(ReadOnlySpan<double> series)
    {
        if (series.Length < 2)
            throw new ArgumentException($"Holt-Winters needs at least 2 observations; the series has {series.Length}.");
        for (int t = 0; t < series.Length; t++)
            if (!double.IsFinite(series[t]))
                throw new ArgumentException($"Holt-Winters needs finite values; row {t} of the series is {series[t]}.");
    }

    // Level and trend from the means of the first two cycles, factors from the first cycle around that line.
    private static (double Level, double Trend, double[] Seasonals) HeuristicStates(
        double[] y,
        int m,
        HoltWintersSeasonality seasonality
    )
    {
        if (m == 0)
            return (y[0], y[1] - y[0], []);
        double first = y.AsSpan(0, m).ToArray().Average(),
            second = y.AsSpan(m, m).ToArray().Average();
        double trend = (second - first) / m,
            level = first - trend * (m + 1) / 2.0;
        var seasonals = new double[m];
        for (int i = 0; i < m; i++)
        {
            double line = first + trend * (i - (m - 1) / 2.0);
            seasonals[i] = seasonality == HoltWintersSeasonality.Multiplicative ? y[i] / line : y[i] - line;
        }
        return (level, trend, seasonals);
    }

    // The recursions; seasonals (m factors, oldest first) are updated in place as a ring. Returns the SSE.
    private static double Recur(
        ReadOnlySpan<double> y,
        HoltWintersSeasonality seasonality,
        int m,
        double alpha,
        double beta,
        double gamma,
        double phi,
        double level,
        double trend,
        double[] seasonals,
        Span<double> fitted,
        out double finalLevel,
        out double finalTrend
    )
    {
        double sse = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double baseline = level + phi * trend,
                next;
            switch (seasonality)
            {
                case HoltWintersSeasonality.Additive:
                    {
                        ref double s = ref seasonals[t % m];
                        double prediction = baseline + s;
                        if (!fitted.IsEmpty)
                            fitted[t] = prediction;
                        sse += (y[t] - prediction) * (y[t] - prediction);
                        next = alpha * (y[t] - s) + (1 - alpha) * baseline;
                        s = gamma * (y[t] - baseline) + (1 - gamma) * s;
                        break;
                    }
                case HoltWintersSeasonality.Multiplicative:
                    {
                        ref double s = ref seasonals[t % m];
                        double prediction = baseline * s;
                        if (!fitted.IsEmpty)
                            fitted[t] = prediction;
                        sse += (y[t] - prediction) * (y[t] - prediction);
                        next = alpha * y[t] / s + (1 - alpha) * baseline;
                        s = gamma * y[t] / baseline + (1 - gamma) * s;
                        break;
                    }
                default:
                    {
                        if (!fitted.IsEmpty)
                            fitted[t] = baseline;
                        sse += (y[t] - baseline) * (y[t] - baseline);
                        next = alpha * y[t] + (1 - alpha) * baseline;
                        break;
                    }
            }
            trend = beta * (next - level) + (1 - beta) * phi * trend;
            level = next;
        }
        finalLevel = level;
        finalTrend = trend;
        return double.IsFinite(sse) ? sse : double.PositiveInfinity;
    }
}
