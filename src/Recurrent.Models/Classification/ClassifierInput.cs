using Recurrent.Data;

namespace Recurrent.Models.Classification;

/// <summary>
/// Turns raw series into what a <see cref="SequenceClassifier"/> reads: scaled with the training set's statistics,
/// missing values set to 0 (the training mean once standardised), and <see cref="SequenceClassifierConfig.Frame"/>
/// consecutive steps joined into one step (the tail padded with zeros).
/// </summary>
public static class ClassifierInput
{
    /// <summary>Prepares <paramref name="data"/> for a model of <paramref name="config"/>.</summary>
    /// <exception cref="InvalidDataException">The series have another number of channels than the model; the message
    /// names the file and line.</exception>
    public static TimeSeriesDataset Prepare(TimeSeriesDataset data, SequenceClassifierConfig config)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        data.EnsureChannels(config.Channels);
        var scaled = config.Scaler.Transform(data).WithMissingFilled(0f);
        return config.Frame == 1 ? scaled : Framed(scaled, config.Frame);
    }

    /// <summary>
    /// Checks that every series of <paramref name="data"/> has at least one value and no infinite one. Isolated
    /// missing values are fine (<see cref="Prepare"/> fills them in), but a series with none has nothing to classify.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A series has no value that is not missing, or an infinite value; the message names the file and line.
    /// </exception>
    public static void EnsureObserved(TimeSeriesDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (int i = 0; i < data.Count; i++)
        {
            var series = data.Series[i];
            bool observed = false;
            for (int j = 0; j < series.Length; j++)
            {
                if (float.IsInfinity(series[j]))
                    throw new InvalidDataException(
                        $"{data.Locate(i)}: value {j / data.Channels + 1} of dimension {j % data.Channels + 1} "
                            + "is infinite; write '?' for a missing value."
                    );
                observed |= !float.IsNaN(series[j]);
            }
            if (!observed)
                throw new InvalidDataException(
                    $"{data.Locate(i)}: every value of the series is missing ('?' or NaN); "
                        + "a series needs at least one value (isolated missing values are filled in)."
                );
        }
    }

    private static TimeSeriesDataset Framed(TimeSeriesDataset data, int frame)
    {
        int channels = data.Channels,
            width = frame * channels;
        var series = new float[data.Count][];
        for (int i = 0; i < data.Count; i++)
        {
            int steps = (data.Length(i) + frame - 1) / frame;
            // Row-major [T, C] read in blocks of F steps is already [ceil(T/F), F*C]; only the tail needs zeros.
            var framed = new float[steps * width];
            data.Series[i].CopyTo(framed, 0);
            series[i] = framed;
        }
        return new TimeSeriesDataset(
            data.Source,
            width,
            series,
            [.. data.Labels],
            Enumerable.Range(0, data.Count).Select(data.SourceLine).ToArray(),
            data.DeclaredLabels,
            data.RecordKind
        );
    }
}
