using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Text;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Tests.Drawing;

namespace Recurrent.Tests.Server;

/// <summary>
/// A models directory with one small model of each kind the server serves, made with fixed weights (untrained: the
/// tests check the plumbing, not the quality): <c>text</c> (a run directory with best.safetensors), <c>gestures</c>
/// (a classifier checkpoint), <c>airline</c> (an autoregressive forecaster, seasonal lag 4) and <c>letters</c> (a
/// drawing model checkpoint).
/// </summary>
public sealed class ServedModels : IDisposable
{
    /// <summary>The text the character model's vocabulary is made from.</summary>
    public const string Corpus = "the quick brown fox jumps over the lazy dog.\nTHE END!\n";

    private readonly TemporaryDirectory _directory = new();

    public ServedModels()
    {
        Directory.CreateDirectory(In("text"));
        var text = TextModel();
        StateDict.Save(In("text", "best.safetensors"), text.NamedState(), text.Config.ToMetadata());
        var classifier = Classifier();
        StateDict.Save(In("gestures.safetensors"), classifier.NamedState(), classifier.Config.ToMetadata());
        var drawing = TinyDrawingModel.Create("ab");
        StateDict.Save(In("letters.safetensors"), drawing.NamedState(), drawing.Config.ToMetadata());
        Forecaster().Save(In("airline.safetensors"));
        File.WriteAllText(In("notes.txt"), "not a model");
    }

    /// <summary>The directory.</summary>
    public string Path => _directory.Path;

    /// <summary>The character model saved as <c>text</c>, rebuilt with the same weights.</summary>
    public static CharLanguageModel TextModel()
    {
        var config = new CharLanguageModelConfig(CharVocabulary.Build(Corpus), CellKind.Lstm, 24, 2, 8, 0f);
        var model = new CharLanguageModel(config, seed: 3);
        model.Eval();
        return model;
    }

    /// <summary>The classifier saved as <c>gestures</c>: two channels, labels circle, swipe, tap.</summary>
    public static SequenceClassifier Classifier() =>
        new(
            new SequenceClassifierConfig(
                CellKind.Gru,
                Channels: 2,
                HiddenSize: 6,
                Layers: 1,
                Bidirectional: false,
                SequencePooling.Last,
                Dropout: 0f,
                Frame: 1,
                new LabelSet(["circle", "swipe", "tap"]),
                ChannelScaler.Fit([new float[] { 0, 0, 1, 2, -1, 1 }], 2, ScalingKind.Standardize)
            ),
            new RandomGenerator(4)
        );

    /// <summary>
    /// The forecaster saved as <c>airline</c>: reads 8 rows, forecasts 4, on log(1 + x) differenced at lag 4.
    /// </summary>
    public static SeriesForecaster Forecaster()
    {
        var model = SeriesForecaster.Create(
            new SeriesForecasterConfig(ForecastModelKind.Autoregressive, 8, 4, 0, 0, 6, 1),
            new RandomGenerator(6)
        );
        model.Description["z_log1p"] = "true";
        model.Description["z_season_lag"] = "4";
        model.Description["z_mean"] = "0.01";
        model.Description["z_scale"] = "0.05";
        return model;
    }

    private string In(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => _directory.Dispose();
}
