using Recurrent.Data;
using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Per-channel scaling <c>x' = (x - shift[c]) / scale[c]</c>, fitted on training data only and stored with the model
/// (<see cref="Serialize"/>) so that validation, test and new data are scaled with the training statistics.
/// Missing values (NaN) are ignored when fitting and stay NaN. A channel with no spread gets scale 1.
/// </summary>
public sealed class ChannelScaler
{
    private const string FormatTag = "channel-scaler-v1";
    private readonly float[] _shift;
    private readonly float[] _scale;

    private ChannelScaler(ScalingKind kind, float[] shift, float[] scale)
    {
        Kind = kind;
        _shift = shift;
        _scale = scale;
    }

    /// <summary>Standardisation or min-max.</summary>
    public ScalingKind Kind { get; }

    /// <summary>The number of channels.</summary>
    public int Channels => _shift.Length;

    /// <summary>What is subtracted per channel: the mean, or the minimum.</summary>
    public IReadOnlyList<float> Shift => _shift;

    /// <summary>What the difference is divided by per channel: the standard deviation, or the range.</summary>
    public IReadOnlyList<float> Scale => _scale;

    /// <summary>Fits the statistics of every step of every case of a training set.</summary>
    public static ChannelScaler Fit(TimeSeriesDataset train, ScalingKind kind = ScalingKind.Standardize) =>
        Fit(train.Series, train.Channels, kind, $"{train.Source}");

    /// <summary>Fits the statistics of blocks of <c>[rows, C]</c> row-major values.</summary>
    /// <exception cref="InvalidDataException">A channel has no value that is not missing.</exception>
    public static ChannelScaler Fit(
        IEnumerable<float[]> blocks,
        int channels,
        ScalingKind kind,
        string source = "the training data"
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var count = new long[channels];
        var sum = new double[channels];
        var sumSquares = new double[channels];
        var min = Enumerable.Repeat(double.PositiveInfinity, channels).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, channels).ToArray();
        var mean = new double[channels];
        foreach (var block in blocks)
        {
            if (block.Length % channels != 0)
                throw new ArgumentException(
                    $"A block of {block.Length} values is not whole steps of {channels} channels."
                );
            for (int i = 0; i < block.Length; i++)
            {
                float x = block[i];
                if (float.IsNaN(x))
                    continue;
                int c = i % channels;
                count[c]++;
                sum[c] += x;
                min[c] = Math.Min(min[c], x);
                max[c] = Math.Max(max[c], x);
            }
        }
        for (int c = 0; c < channels; c++)
        {
            if (count[c] == 0)
                throw new InvalidDataException(
                    $"Cannot fit scaling: channel {c} of {source} has no values (all missing)."
                );
            mean[c] = sum[c] / count[c];
        }
        if (kind == ScalingKind.Standardize)
        {
            // A second pass over the data, because the one-pass formula loses precision on large offsets (CO2 near
            // 400).
            foreach (var block in blocks)
                for (int i = 0; i < block.Length; i++)
                {
                    float x = block[i];
                    if (float.IsNaN(x))
                        continue;
                    int c = i % channels;
                    double d = x - mean[c];
                    sumSquares[c] += d * d;
                }
        }
        var shift = new float[channels];
        var scale = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double spread = kind == ScalingKind.Standardize ? Math.Sqrt(sumSquares[c] / count[c]) : max[c] - min[c];
            shift[c] = (float)(kind == ScalingKind.Standardize ? mean[c] : min[c]);
            scale[c] = spread > 0 ? (float)spread : 1f;
        }
        return new ChannelScaler(kind, shift, scale);
    }

    /// <summary>Scales <c>[rows, C]</c> row-major values in place.</summary>
    public void Transform(Span<float> values)
    {
        CheckWhole(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            int c = i % Channels;
            values[i] = (values[i] - _shift[c]) / _scale[c];
        }
    }

    /// <summary>A copy of <paramref name="data"/> with every step scaled.</summary>
    /// <exception cref="InvalidDataException">
    /// The data has another number of channels; the message names its file.
    /// </exception>
    public TimeSeriesDataset Transform(TimeSeriesDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Channels != Channels)
            throw new InvalidDataException(
                $"{data.Source}: the scaler has {Channels} channels, the series {data.Channels}."
            );
        return data.Transform(Transform);
    }

    /// <summary>Undoes <see cref="Transform(Span{float})"/> in place on <c>[rows, C]</c> row-major values.</summary>
    public void InverseTransform(Span<float> values)
    {
        CheckWhole(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            int c = i % Channels;
            values[i] = values[i] * _scale[c] + _shift[c];
        }
    }

    /// <summary>
    /// Undoes <see cref="Transform(Span{float})"/> in place on values of one channel only (for example a forecast of
    /// it).
    /// </summary>
    public void InverseTransform(Span<float> values, int channel)
    {
        float shift = _shift[channel],
            scale = _scale[channel];
        for (int i = 0; i < values.Length; i++)
            values[i] = values[i] * scale + shift;
    }

    /// <summary>The scaler as one line of text for checkpoint metadata (values round-trip exactly).</summary>
    public string Serialize() =>
        $"{FormatTag} {(Kind == ScalingKind.Standardize ? "standardize" : "minmax")} "
        + $"shift={string.Join(',', _shift.Select(Format))} scale={string.Join(',', _scale.Select(Format))}";

    /// <summary>Reads a scaler written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a serialised scaler.</exception>
    public static ChannelScaler Parse(string serialized)
    {
        var parts = serialized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (
            parts.Length != 4
            || parts[0] != FormatTag
            || !parts[2].StartsWith("shift=", StringComparison.Ordinal)
            || !parts[3].StartsWith("scale=", StringComparison.Ordinal)
        )
            throw new FormatException(
                $"A serialised channel scaler reads '{FormatTag} standardize|minmax shift=a,b,... scale=a,b,...'."
            );
        var kind = parts[1] switch
        {
            "standardize" => ScalingKind.Standardize,
            "minmax" => ScalingKind.MinMax,
            _ => throw new FormatException($"Unknown scaling '{parts[1]}' (standardize or minmax)."),
        };
        var shift = ParseList(parts[2]["shift=".Length..]);
        var scale = ParseList(parts[3]["scale=".Length..]);
        if (shift.Length != scale.Length)
            throw new FormatException($"The serialised scaler has {shift.Length} shifts but {scale.Length} scales.");
        if (scale.Any(s => !(s > 0) || float.IsInfinity(s)))
            throw new FormatException("Every scale of a serialised scaler must be positive and finite.");
        return new ChannelScaler(kind, shift, scale);
    }

    private static string Format(float x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static float[] ParseList(string text) =>
        text.Split(',')
            .Select(s =>
                float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
                    ? v
                    : throw new FormatException($"'{s}' in a serialised scaler is not a finite number.")
            )
            .ToArray();

    private void CheckWhole(int length)
    {
        if (length % Channels != 0)
            throw new ArgumentException($"{length} values are not whole steps of {Channels} channels.");
    }
}
