namespace Recurrent.Models.Forecasting;

/// <summary>
/// Turns a raw series <c>x</c> into what a forecaster models, <c>z</c>, and back: optionally <c>y = log(1 + x)</c>
/// (multiplicative seasonality becomes additive), optionally the seasonal difference <c>d_t = y_t - y_{t-m}</c>
/// (the model then predicts the change from the same season a year before, so that the seasonal-naive forecast is
/// <c>d = 0</c>), optionally the first difference of that, <c>d_t - d_{t-1}</c> (the change in the yearly change,
/// Box and Jenkins' differencing for a trending seasonal series: the forecast <c>0</c> keeps the latest growth), then
/// standardisation with the mean and spread of the result on the training rows only.
/// </summary>
public sealed class SeriesTransform
{
    private SeriesTransform(bool log, int seasonLag, bool firstDifference, double mean, double scale)
    {
        Log = log;
        SeasonLag = seasonLag;
        FirstDifference = firstDifference;
        Mean = mean;
        Scale = scale;
    }

    /// <summary>Whether <c>y = log(1 + x)</c> (values must be above -1).</summary>
    public bool Log { get; }

    /// <summary>The lag m of the seasonal difference; 0 for none.</summary>
    public int SeasonLag { get; }

    /// <summary>Whether <c>d_t - d_{t-1}</c> is modelled instead of <c>d_t</c>.</summary>
    public bool FirstDifference { get; }

    /// <summary>The mean of <c>d</c> over the training rows.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation of <c>d</c> over the training rows (1 when it has none).</summary>
    public double Scale { get; }

    /// <summary>The first row with a defined <c>z</c> (the seasonal lag, plus one with the first difference).</summary>
    public int FirstRow => SeasonLag + (FirstDifference ? 1 : 0);

    /// <summary>Fits the standardisation on rows <c>[0, trainRows)</c> of <paramref name="raw"/>.</summary>
    /// <exception cref="ArgumentException">A value is not above -1 under <paramref name="log"/>, or the training rows
    /// are too few.</exception>
    public static SeriesTransform Fit(float[] raw, int trainRows, bool log, int seasonLag, bool firstDifference = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seasonLag);
        if (log && raw.Any(v => v <= -1f))
            throw new ArgumentException($"--log needs every value above -1; the series has {raw.Min()}.");
        int lost = seasonLag + (firstDifference ? 1 : 0);
        if (trainRows - lost < 2)
            throw new ArgumentException(
                $"The training part has {trainRows} rows; differencing it "
                    + $"(lag {seasonLag}{(firstDifference ? " and 1" : "")}) needs at least {lost + 2}."
            );
        var probe = new SeriesTransform(log, seasonLag, firstDifference, 0, 1);
        var d = probe.Differences(raw, trainRows);
        double mean = d.Average();
        double spread = Math.Sqrt(d.Select(v => (v - mean) * (v - mean)).Average());
        return new SeriesTransform(log, seasonLag, firstDifference, mean, spread > 0 ? spread : 1);
    }

    /// <summary>
    /// Reads the transform back from a forecaster checkpoint's metadata (the <c>z_log1p</c>, <c>z_season_lag</c>,
    /// <c>z_first_difference</c>, <c>z_mean</c> and <c>z_scale</c> keys that training writes), so that a loaded model
    /// forecasts new history the way it was trained.
    /// </summary>
    /// <exception cref="FormatException">A key is missing or malformed; the message names it.</exception>
    public static SeriesTransform FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new Recurrent.IO.CheckpointMetadata(metadata, "forecaster");
        bool log = reader.Flag("z_log1p");
        int lag = reader.WholeNumber("z_season_lag", minimum: 0);
        bool firstDifference = reader.Optional("z_first_difference", reader.Flag, false);
        double scale = reader.RealNumber("z_scale");
        return scale > 0
            ? new SeriesTransform(log, lag, firstDifference, reader.RealNumber("z_mean"), scale)
            : throw new FormatException($"the metadata key 'z_scale' is {scale}, not positive.");
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
        for (int t = FirstRow; t < raw.Length; t++)
            z[t] = (float)((d[t - FirstRow] - Mean) / Scale);
        return z;
    }

    /// <summary>
    /// The levels <c>y</c> of a future path: <paramref name="z"/> holds <c>z</c> for rows
    /// <c>origin, origin + 1, ...</c>
    /// and <paramref name="raw"/> the observed rows before <paramref name="origin"/>. Each level adds the difference to
    /// the level a season before, observed or itself forecast (with the first difference, the difference is first
    /// rebuilt by adding each change to the one before, starting from the last observed one).
    /// </summary>
    public double[] Levels(ReadOnlySpan<float> z, float[] raw, int origin)
    {
        var y = new double[z.Length];
        double previous = FirstDifference ? Change(raw, origin - 1) : 0;
        for (int k = 0; k < z.Length; k++)
        {
            double d = z[k] * Scale + Mean;
            if (FirstDifference)
                previous = d = previous + d;
            if (SeasonLag == 0)
            {
                y[k] = d;
                continue;
            }
            int back = k - SeasonLag;
            y[k] = d + (back >= 0 ? y[back] : Level(raw[origin + back]));
        }
        return y;
    }

    // y_t - y_{t - lag} (y_t for lag 0) of an observed row.
    private double Change(float[] raw, int t) => Level(raw[t]) - (SeasonLag > 0 ? Level(raw[t - SeasonLag]) : 0);

    // What is standardised, for rows [FirstRow, rows).
    private double[] Differences(float[] raw, int rows)
    {
        var d = new double[rows - FirstRow];
        for (int t = FirstRow; t < rows; t++)
            d[t - FirstRow] = Change(raw, t) - (FirstDifference ? Change(raw, t - 1) : 0);
        return d;
    }
}
