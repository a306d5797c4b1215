using Recurrent.IO;
using System.Globalization;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// The shape of a <see cref="SeriesForecaster"/>, stored in its checkpoint's metadata (<see cref="ToMetadata"/>);
/// the model's <see cref="SeriesForecaster.Description"/> (the transform and scaling fitted on the training rows)
/// travels beside it.
/// </summary>
/// <param name="Kind">Autoregressive (one-step model rolled out) or encoder-decoder.</param>
/// <param name="History">H, the rows read before the origin.</param>
/// <param name="Horizon">F, the rows forecast from the origin on.</param>
/// <param name="CalendarWidth">K, the calendar features of each row (sin and cos of its position in each
/// cycle).</param>
/// <param name="CovariateWidth">E, the history-only measurements (covariates) of each row, which only the
/// encoder-decoder reads; 0 for an autoregressive forecaster.</param>
/// <param name="HiddenSize">The LSTM width.</param>
/// <param name="Layers">The stacked LSTM layers (of the encoder and of the decoder, for an encoder-decoder).</param>
public sealed record SeriesForecasterConfig(
    ForecastModelKind Kind,
    int History,
    int Horizon,
    int CalendarWidth,
    int CovariateWidth,
    int HiddenSize,
    int Layers
)
{
    /// <summary>The value of the <c>model</c> metadata key of an autoregressive forecaster's checkpoint.</summary>
    public const string AutoregressiveModelKind = "ar-forecaster";

    /// <summary>The value of the <c>model</c> metadata key of an encoder-decoder forecaster's checkpoint.</summary>
    public const string EncoderDecoderModelKind = "encoder-decoder-forecaster";

    /// <summary>The value of the <c>model</c> metadata key of this kind of forecaster.</summary>
    public string ModelKind =>
        Kind == ForecastModelKind.Autoregressive ? AutoregressiveModelKind : EncoderDecoderModelKind;

    /// <summary>The configuration as checkpoint metadata (plain keys, values in the invariant culture).</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = ModelKind,
            ["task"] = "forecasting",
            ["history"] = Text(History),
            ["horizon"] = Text(Horizon),
            ["hidden_size"] = Text(HiddenSize),
            ["num_layers"] = Text(Layers),
            ["calendar_width"] = Text(CalendarWidth),
            ["covariate_width"] = Text(CovariateWidth),
        };

    /// <summary>Reads a configuration written by <see cref="ToMetadata"/> (other keys are ignored).</summary>
    /// <exception cref="FormatException">A key is missing or malformed, or the metadata is not a forecaster's; the
    /// message names the key.</exception>
    public static SeriesForecasterConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new CheckpointMetadata(metadata, "forecaster");
        var kind = reader.Text("model") switch
        {
            AutoregressiveModelKind => ForecastModelKind.Autoregressive,
            EncoderDecoderModelKind => ForecastModelKind.EncoderDecoder,
            var other => throw new FormatException(
                $"the model kind is '{other}', not {AutoregressiveModelKind} or {EncoderDecoderModelKind}."
            ),
        };
        int covariates = reader.WholeNumber("covariate_width", minimum: 0);
        if (kind == ForecastModelKind.Autoregressive && covariates != 0)
            throw new FormatException(
                $"the metadata key 'covariate_width' is {covariates}, but an autoregressive forecaster reads no "
                    + "covariates."
            );
        return new SeriesForecasterConfig(
            kind,
            reader.WholeNumber("history"),
            reader.WholeNumber("horizon"),
            reader.WholeNumber("calendar_width", minimum: 0),
            covariates,
            reader.WholeNumber("hidden_size"),
            reader.WholeNumber("num_layers")
        );
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
