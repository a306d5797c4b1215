using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Text;
using Recurrent.Tensors;
using Recurrent.Tests.Drawing;

namespace Recurrent.Tests.Browser;

/// <summary>
/// One small untrained model of each use the page has, written as checkpoints into a models directory, so the real
/// server loads them as it would a user's: what they write is noise, but it is real sampling, streamed and drawn.
/// </summary>
public static class TinyServedModels
{
    /// <summary>The character model's name (file <c>tiny-text.safetensors</c>).</summary>
    public const string Text = "tiny-text";

    /// <summary>The drawing model's name; it draws <see cref="DrawingLabels"/>.</summary>
    public const string Drawing = "tiny-drawing";

    /// <summary>The classifier's name; its classes are <see cref="ClassLabels"/>.</summary>
    public const string Classifier = "tiny-classifier";

    /// <summary>The forecaster's name; it reads <see cref="ForecastHistory"/> values and forecasts
    /// <see cref="ForecastHorizon"/>.</summary>
    public const string Forecaster = "tiny-forecaster";

    /// <summary>The values the forecaster reads before each forecast.</summary>
    public const int ForecastHistory = 8;

    /// <summary>The values the forecaster forecasts.</summary>
    public const int ForecastHorizon = 4;

    /// <summary>The characters the drawing model knows.</summary>
    public const string DrawingLabels = "ab";

    /// <summary>The text model's characters: the letters, digits, space, newline and some marks.</summary>
    public const string Vocabulary = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \n.,;:!?'-";

    /// <summary>The classifier's labels, in output order.</summary>
    public static readonly string[] ClassLabels = ["falling", "flat", "rising"];

    /// <summary>Writes the models into <paramref name="directory"/>.</summary>
    public static void Write(string directory)
    {
        var text = new CharLanguageModel(
            new CharLanguageModelConfig(CharVocabulary.Build(Vocabulary), CellKind.Lstm, 16, 1, 8, 0f),
            seed: 3
        );
        StateDict.Save(Path.Combine(directory, Text + ".safetensors"), text.NamedState(), text.Config.ToMetadata());

        var drawing = TinyDrawingModel.Create(DrawingLabels);
        StateDict.Save(
            Path.Combine(directory, Drawing + ".safetensors"),
            drawing.NamedState(),
            drawing.Config.ToMetadata()
        );

        float[][] examples = [[1, 2, 3, 4], [4, 3, 2, 1], [2, 2, 2, 2]];
        var scaler = ChannelScaler.Fit(examples, channels: 1, ScalingKind.Standardize);
        var config = new SequenceClassifierConfig(
            CellKind.Gru,
            Channels: 1,
            HiddenSize: 8,
            Layers: 1,
            Bidirectional: false,
            SequencePooling.Last,
            Dropout: 0f,
            Frame: 1,
            new LabelSet(ClassLabels),
            scaler
        );
        var classifier = new SequenceClassifier(config, new RandomGenerator(7));
        StateDict.Save(
            Path.Combine(directory, Classifier + ".safetensors"),
            classifier.NamedState(),
            config.ToMetadata()
        );

        var forecaster = SeriesForecaster.Create(
            new SeriesForecasterConfig(
                ForecastModelKind.Autoregressive,
                ForecastHistory,
                ForecastHorizon,
                CalendarWidth: 0,
                CovariateWidth: 0,
                HiddenSize: 6,
                Layers: 1
            ),
            new RandomGenerator(6)
        );
        // The transform training records beside the weights: here none (no log, no differencing, unit scale).
        forecaster.Description["z_log1p"] = "false";
        forecaster.Description["z_season_lag"] = "0";
        forecaster.Description["z_mean"] = "0";
        forecaster.Description["z_scale"] = "1";
        forecaster.Save(Path.Combine(directory, Forecaster + ".safetensors"));
    }
}
