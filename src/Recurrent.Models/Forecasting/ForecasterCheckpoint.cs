using Recurrent.IO;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Saves a trained <see cref="SeriesForecaster"/> with its architecture and <see cref="SeriesForecaster.Description"/>
/// (transform, scaling, calendar) as metadata, and rebuilds it from such a file, for <c>recurrent export</c>.
/// </summary>
public static class ForecasterCheckpoint
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, SeriesForecaster model)
    {
        ArgumentNullException.ThrowIfNull(model);
        StateDict.Save(path, model.NamedState(), model.ToMetadata());
    }

    /// <summary>Rebuilds the forecaster a checkpoint describes and loads its weights, in evaluation mode.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a forecaster, a key is missing or malformed, or the weights do not fit; the message names the file.</exception>
    public static SeriesForecaster Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var metadata = file.Metadata;
        var reader = CheckpointMetadata.Of(file, "forecaster");
        string Get(string key) => reader.Text(key);
        int Number(string key, int minimum) => reader.WholeNumber(key, minimum);
        int history = Number("history", 1), horizon = Number("horizon", 1), hidden = Number("hidden_size", 1), layers = Number("num_layers", 1);
        int calendar = Number("calendar_width", 0), covariates = Number("covariate_width", 0);
        var rng = new RandomGenerator(0);
        SeriesForecaster model = Get("model") switch
        {
            AutoregressiveForecaster.Kind => new AutoregressiveForecaster(history, horizon, calendar, hidden, layers, rng),
            EncoderDecoderForecaster.Kind => new EncoderDecoderForecaster(history, horizon, calendar, covariates, hidden, layers, rng),
            var other => throw new CheckpointFormatException(file.FilePath,
                $"the model kind is '{other}', not {AutoregressiveForecaster.Kind} or {EncoderDecoderForecaster.Kind}."),
        };
        StateDict.Load(model.NamedState(), file);
        var architecture = model.ToMetadata();
        foreach (var (key, value) in metadata)
            if (!architecture.ContainsKey(key) && !key.StartsWith(StateDict.TrainingStatePrefix, StringComparison.Ordinal))
                model.Description[key] = value;
        model.Eval();
        return model;
    }
}
