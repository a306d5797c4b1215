using Microsoft.Extensions.Logging;
using Recurrent.IO;
using Recurrent.Models.Classification;
using Recurrent.Models.Drawing;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Text;
using Recurrent.Server.Classification;
using Recurrent.Server.Drawing;
using Recurrent.Server.Forecasting;
using Recurrent.Server.Text;

namespace Recurrent.Server;

/// <summary>
/// The models of the models directory, each loaded once at start-up under the name of its file or directory. A
/// request names a model only by that name, looked up here; no request ever reaches the file system, so no name can
/// lead outside the directory.
/// </summary>
internal sealed class ModelCatalog : IDisposable
{
    private static readonly string[] RunCheckpoints = ["best.safetensors", "model.safetensors", "last.safetensors"];
    private readonly SortedDictionary<string, ServedModel> _models = new(StringComparer.Ordinal);

    private ModelCatalog() { }

    public IEnumerable<ServedModel> Models => _models.Values;

    public IEnumerable<string> Names => _models.Keys;

    /// <summary>
    /// Loads every model of <paramref name="options"/>' directory; an entry that holds no checkpoint, or one of a kind
    /// the server does not serve, is skipped with a warning.
    /// </summary>
    /// <exception cref="CheckpointFormatException">A checkpoint is damaged; the message names the file.</exception>
    public static ModelCatalog Load(ServerOptions options, ServerMetrics metrics, ILogger logger)
    {
        var catalog = new ModelCatalog();
        var directory = new DirectoryInfo(options.ModelsDirectory);
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string? checkpoint = entry switch
            {
                FileInfo file when file.Extension == ".safetensors" => file.FullName,
                DirectoryInfo run => RunCheckpoints
                    .Select(c => Path.Combine(run.FullName, c))
                    .FirstOrDefault(File.Exists)
                    ?? ClassifierEnsemble.FoldCheckpoints(run.FullName).FirstOrDefault(),
                _ => null,
            };
            if (checkpoint is null)
                continue;
            string name = entry is FileInfo f ? Path.GetFileNameWithoutExtension(f.Name) : entry.Name;
            var model = Open(name, entry.FullName, checkpoint, options, metrics);
            if (model is null)
            {
                logger.LogWarning("{Checkpoint}: a kind of model the server does not serve; skipped.", checkpoint);
                continue;
            }
            catalog._models[name] = model;
        }
        return catalog;
    }

    /// <summary>The model called <paramref name="name"/>.</summary>
    /// <exception cref="RequestRejectedException">
    /// There is no such model (404), or it is of another kind (400).
    /// </exception>
    public T Get<T>(string? name, string what)
        where T : ServedModel
    {
        if (string.IsNullOrEmpty(name))
            throw RequestRejectedException.BadRequest(
                $"The request must name a model (\"model\": NAME); the models are: {string.Join(", ", Names)}."
            );
        if (!_models.TryGetValue(name, out var model))
            throw RequestRejectedException.UnknownModel(name, Names);
        return model as T
            ?? throw RequestRejectedException.BadRequest(
                $"The model '{name}' is a {model.Kind}, not {what}; it is served by {model.Endpoint}."
            );
    }

    public void Dispose()
    {
        foreach (var model in _models.Values)
            (model as IDisposable)?.Dispose();
    }

    private static ServedModel? Open(
        string name,
        string entry,
        string checkpoint,
        ServerOptions options,
        ServerMetrics metrics
    )
    {
        var file = SafeTensorsFile.Read(checkpoint);
        var config = file
            .Metadata.Where(kv => !kv.Key.StartsWith(StateDict.TrainingStatePrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        // Classifier checkpoints written before the 'model' key name only their task.
        string? kind =
            file.Metadata.GetValueOrDefault("model")
            ?? (
                file.Metadata.GetValueOrDefault("task") == SequenceClassifierConfig.Task
                    ? SequenceClassifierConfig.ModelKind
                    : null
            );
        switch (kind)
        {
            case CharLanguageModelConfig.ModelKind:
                var model = CharLanguageModel.Load(file);
                var batcher = new TextGenerationBatcher(
                    model,
                    name,
                    options.MaxBatchSize,
                    options.MaxQueuedGenerations,
                    metrics
                );
                return new TextModel(name, config, model, batcher);
            case SequenceClassifierConfig.ModelKind:
                // A cross-validated run's directory holds one model per fold, which vote together.
                bool folds = Directory.Exists(entry) && !RunCheckpoints.Any(c => File.Exists(Path.Combine(entry, c)));
                return new ClassifierModel(name, config, ClassifierEnsemble.Load(folds ? entry : checkpoint));
            case SeriesForecasterConfig.AutoregressiveModelKind:
            case SeriesForecasterConfig.EncoderDecoderModelKind:
                try
                {
                    var transform = SeriesTransform.FromMetadata(file.Metadata);
                    return new ForecastModel(name, config, SeriesForecaster.Load(file), transform);
                }
                catch (FormatException e)
                {
                    throw new CheckpointFormatException(checkpoint, e.Message, e);
                }
            case DrawingModelConfig.ModelKind:
                return new DrawModel(name, config, DrawingModel.Load(file));
            default:
                return null;
        }
    }
}
