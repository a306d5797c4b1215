using Recurrent.IO;
using Recurrent.Models.Classification;
using Recurrent.Models.Drawing;
using Recurrent.Models.Driving;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Labelling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Models.Text;
using Recurrent.Onnx.Models;
using CheckpointGraph = System.Func<
    Recurrent.IO.SafeTensorsFile,
    Recurrent.Onnx.OnnxExportOptions,
    Recurrent.Onnx.IOnnxExportable
>;

namespace Recurrent.Onnx;

/// <summary>
/// The model kinds ONNX export knows, by the name a checkpoint stores under the metadata key
/// <see cref="MetadataKey"/>. An application registers its model here: one line mapping its kind to a function that
/// rebuilds the model from the checkpoint (configuration from the metadata, weights by name) and wraps it in its
/// exporter.
/// </summary>
public static class OnnxModelKinds
{
    /// <summary>The checkpoint metadata key that names the model kind.</summary>
    public const string MetadataKey = "model";

    /// <summary>
    /// The kind of a bare recurrent layer stack (also recognised by its tensor names when the key is absent).
    /// </summary>
    public const string RecurrentStack = "recurrent-stack";

    /// <summary>The known kinds and how to load each from a checkpoint as a graph to export.</summary>
    public static IReadOnlyDictionary<string, CheckpointGraph> Known { get; } =
        new Dictionary<string, CheckpointGraph>(StringComparer.Ordinal)
        {
            [RecurrentStack] = (file, options) =>
                new RecurrentStackExport(RecurrentStackCheckpoint.Load(file))
                {
                    WithLengths = options.WithLengths,
                    WithInitialState = options.WithState,
                },
            [CharLanguageModelConfig.ModelKind] = (file, options) =>
                new CharLanguageModelExport(CharLanguageModel.Load(file)) { WithInitialState = options.WithState },
            [SequenceClassifierConfig.ModelKind] = (file, _) =>
                new SequenceClassifierExport(SequenceClassifier.Load(file)),
            // Rolling a forecast out needs the state carried from call to call, so it is always an input and an output.
            [SeriesForecasterConfig.AutoregressiveModelKind] = (file, _) => Forecaster(SeriesForecaster.Load(file)),
            [SeriesForecasterConfig.EncoderDecoderModelKind] = (file, _) => Forecaster(SeriesForecaster.Load(file)),
            [SequenceLabellerConfig.BidirectionalModelKind] = (file, _) =>
                new SequenceLabellerExport(SequenceLabeller.Load(file)),
            [SequenceLabellerConfig.PointwiseModelKind] = (file, _) =>
                new SequenceLabellerExport(SequenceLabeller.Load(file)),
            [CharSeq2SeqConfig.ModelKind] = (file, _) => new CharSeq2SeqExport(CharSeq2Seq.Load(file)),
            [KartControllerConfig.ModelKind] = (file, _) => new KartControllerExport(KartController.Load(file)),
            [DrawingModelConfig.ModelKind] = (file, _) => new DrawingModelExport(DrawingModel.Load(file)),
        };

    /// <summary>
    /// The kind of <paramref name="file"/>: <paramref name="requested"/> when given, else the metadata key, else a
    /// bare stack when the tensor names say so.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The kind is unknown or cannot be told; the message lists the known kinds.
    /// </exception>
    public static string KindOf(SafeTensorsFile file, string? requested)
    {
        ArgumentNullException.ThrowIfNull(file);
        string known = string.Join(", ", Known.Keys.Order(StringComparer.Ordinal));
        // Classifier checkpoints written before the 'model' key name only their task.
        string? kind = requested
            ?? file.Metadata.GetValueOrDefault(MetadataKey)
            ?? (
                file.Metadata.GetValueOrDefault("task") == SequenceClassifierConfig.Task
                    ? SequenceClassifierConfig.ModelKind
                    : null
            );
        if (kind is null)
        {
            if (RecurrentStackCheckpoint.Matches(file))
                return RecurrentStack;
            throw new CheckpointFormatException(
                file.FilePath,
                $"the file names no model kind (metadata key '{MetadataKey}') and is not a bare recurrent layer "
                    + $"stack; pass --kind with one of: {known}."
            );
        }
        if (!Known.ContainsKey(kind))
            throw new CheckpointFormatException(
                file.FilePath,
                $"ONNX export does not know the model kind '{kind}'; it knows: {known}."
            );
        return kind;
    }

    // The forecaster the checkpoint holds, whichever kind was asked for: its own metadata decides what was built.
    private static IOnnxExportable Forecaster(SeriesForecaster model) =>
        model switch
        {
            AutoregressiveForecaster autoregressive => new AutoregressiveForecasterExport(autoregressive),
            EncoderDecoderForecaster encoderDecoder => new EncoderDecoderForecasterExport(encoderDecoder),
            _ => throw new ArgumentException(
                $"ONNX export does not know the forecaster {model.GetType().Name}.",
                nameof(model)
            ),
        };
}
