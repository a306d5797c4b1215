using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Training;
using System.Globalization;

namespace Recurrent.Models.Classification;

/// <summary>
/// One point of a <see cref="ClassifierSearchSpace"/>: the model for a training file (its architecture, with the
/// file's channels, labels and scaling) and how it is trained. A fold's model is <see cref="Model"/> with the scaler
/// refitted on that fold's training part (<see cref="ConfigFor"/>). Every architecture setting of
/// <see cref="SequenceClassifierConfig"/> is part of a candidate, and its description is read from the checkpoint
/// metadata, so a new setting of the configuration needs no change here.
/// </summary>
/// <param name="Model">The architecture, with the training file's channels, labels and scaler.</param>
/// <param name="Augmentation">The random variation of the training series.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
public sealed record ClassifierCandidate(
    SequenceClassifierConfig Model,
    ClassifierAugmentation Augmentation,
    double LearningRate
)
{
    // What the data fixes rather than the candidate: the same for every candidate of one search.
    private static readonly HashSet<string> DataKeys = new(StringComparer.Ordinal)
    {
        "model",
        "task",
        "input_channels",
        "labels",
        "scaler",
    };

    /// <summary>
    /// The settings that tell candidates apart, as (name, value): the architecture's metadata keys, then
    /// <c>shift</c>, <c>jitter</c> and <c>lr</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings =>
        [
            .. Model.ToMetadata().Where(kv => !DataKeys.Contains(kv.Key)),
            new("shift", Augmentation.Shift.ToString(CultureInfo.InvariantCulture)),
            new("jitter", Augmentation.Jitter.ToString("R", CultureInfo.InvariantCulture)),
            new("lr", LearningRate.ToString("R", CultureInfo.InvariantCulture)),
        ];

    /// <summary>The settings on one line: <c>cell=gru hidden_size=64 ... lr=0.003</c>.</summary>
    public string Describe() => string.Join(' ', Settings.Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>
    /// The configuration of a model trained on <paramref name="fit"/>: <see cref="Model"/> with its scaler fitted on
    /// <paramref name="fit"/> alone.
    /// </summary>
    public SequenceClassifierConfig ConfigFor(TimeSeriesDataset fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Model with { Scaler = ChannelScaler.Fit(fit, Model.Scaler.Kind) };
    }

    /// <summary>
    /// The training recipe of this candidate with <paramref name="batchSize"/> series per batch and the run limits of
    /// <paramref name="limits"/>.
    /// </summary>
    public ClassifierTraining Recipe(int batchSize, TrainerOptions limits) =>
        new()
        {
            BatchSize = batchSize,
            LearningRate = LearningRate,
            Shift = Augmentation.Shift,
            Jitter = Augmentation.Jitter,
            Limits = limits,
        };
}
