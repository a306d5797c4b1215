namespace Recurrent.Models.Forecasting;

/// <summary>
/// Turns a raw series <c>x</c> into what a forecaster models, <c>z</c>, and back: optionally <c>y = log(1 + x)</c>
/// (multiplicative seasonality becomes additive), optionally the seasonal difference <c>d_t = y_t - y_{t-m}</c>
/// (the model then predicts the change from the same season a year before, so that the seasonal-naive forecast is
/// <c>d = 0</c>), then standardisation with the mean and spread of <c>d</c> on the training rows only.
/// </summary>
public sealed class SeriesTransform
{
    private SeriesTransform(bool log, int seasonLag, double mean, double scale)
    {
        Log = log;
        SeasonLag = seasonLag;
        Mean = mean;
        Scale = scale;
    }

    /// <summary>Whether <c>y = log(1 + x)</c> (values must be above -1).</summary>
    public bool Log { get; }

    /// <summary>The lag m of the seasonal difference; 0 for none.</summary>
    public int SeasonLag { get; }

    /// <summary>The mean of <c>d</c> over the training rows.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation of <c>d</c> over the training rows (1 when it has none).</summary>
    public double Scale { get; }

    /// <summary>The first row with a defined <c>z</c> (the seasonal lag).</summary>
    public int FirstRow => SeasonLag;

    /// <summary>Fits the standardisation on rows <c>[0, trainRows)</c> of <paramref name="raw"/>.</summary>
    /// <exception cref="ArgumentException">A value is not above -1 under <paramref name="log"/>, or the training rows are too few.</exception>
    public static SeriesTransform Fit(float[] raw, int trainRows, bool log, int seasonLag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seasonLag);
        if (log && raw.Any(v => v <= -1f))
            throw new ArgumentException($"--log needs every value above -1; the series has {raw.Min()}.");
        if (trainRows - seasonLag < 2)
            throw new ArgumentException($"The training part has {trainRows} rows; a seasonal difference of lag {seasonLag} needs at least {seasonLag + 2}.");
        var probe = new SeriesTransform(log, seasonLag, 0, 1);
        var d = probe.Differences(raw, trainRows);
        double mean = d.Average();
        double spread = Math.Sqrt(d.Select(v => (v - mean) * (v - mean)).Average());
        return new SeriesTransform(log, seasonLag, mean, spread > 0 ? spread : 1);
    }

    /// <summary>The level <c>y</c> of a raw value.</summary>
    public double Level(double x) => Log ? Math.Log(1 + x) : x;

    /// <summary>The raw value of a level <c>y</c>.</summary>
    public double Raw(double y) => Log ? Math.Exp(y) - 1 : y;

    /// <summary><c>z</c> for every row of <paramref name="raw"/>; rows before <see cref="FirstRow"/> are 0.</summary>
    public float[] Forward(float[] raw)
    {
        var z = new float[raw.Length];
        var d = Differences(raw, raw.Length);
        for (int t = SeasonLag; t < raw.Length; t++) z[t] = (float)((d[t - SeasonLag] - Mean) / Scale);
        return z;
    }

    /// <summary>
    /// The levels <c>y</c> of a future path: <paramref name="z"/> holds <c>z</c> for rows <c>origin, origin + 1, ...</c>
    /// and <paramref name="raw"/> the observed rows before <paramref name="origin"/>. Each level adds the difference to
    /// the level a season before, observed or itself forecast.
    /// </summary>
    public double[] Levels(ReadOnlySpan<float> z, float[] raw, int origin)
    {
        var y = new double[z.Length];
        for (int k = 0; k < z.Length; k++)
        {
            double d = z[k] * Scale + Mean;
            if (SeasonLag == 0) { y[k] = d; continue; }
            int back = k - SeasonLag;
            y[k] = d + (back >= 0 ? y[back] : Level(raw[origin + back]));
        }
        return y;
    }

    private double[] Differences(float[] raw, int rows)
    {
        var d = new double[rows - SeasonLag];
        for (int t = SeasonLag; t < rows; t++)
            d[t - SeasonLag] = Level(raw[t]) - (SeasonLag > 0 ? Level(raw[t - SeasonLag]) : 0);
        return d;
    }
}
