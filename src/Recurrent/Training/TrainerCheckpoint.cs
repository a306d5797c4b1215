using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using System.Globalization;

namespace Recurrent.Training;

/// <summary>
/// Everything a <see cref="Trainer{TBatch}"/> needs to resume a run beyond the model's weights, and how it is kept in a
/// safetensors file: the optimiser's buffers as <c>training/optimizer/{i}.{buffer}</c> tensors, the carried state as
/// <c>training/carried/{name}</c>, and the rest as <c>training/*</c> metadata strings (numbers written to round trip).
/// Weights and the model configuration (metadata without a prefix) sit beside it, so that the same file loads as a
/// plain state dict.
/// </summary>
public sealed record TrainerCheckpoint
{
    private const string Prefix = StateDict.TrainingStatePrefix;
    private const string OptimizerPrefix = Prefix + "optimizer/";
    private const string CarriedPrefix = Prefix + "carried/";
    private const string SchedulePrefix = Prefix + "schedule/";
    private const string MetricPrefix = Prefix + "metric/";

    /// <summary>The number of optimiser steps taken.</summary>
    public required long Step { get; init; }

    /// <summary>The current epoch, counted from 0.</summary>
    public required int Epoch { get; init; }

    /// <summary>The number of batches of the current epoch already trained on.</summary>
    public required int BatchInEpoch { get; init; }

    /// <summary>The state of the trainer's random generator.</summary>
    public required ulong[] RandomState { get; init; }

    /// <summary>The optimiser's learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>The optimiser's buffers and counters.</summary>
    public required OptimizerState Optimizer { get; init; }

    /// <summary>The type name of the learning-rate schedule; null when the run had none.</summary>
    public string? ScheduleKind { get; init; }

    /// <summary>The schedule's state, as it exported it.</summary>
    public IReadOnlyDictionary<string, string> Schedule { get; init; } = new Dictionary<string, string>();

    /// <summary>The model's carried recurrent state; empty when it carries none.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> CarriedState { get; init; } = [];

    /// <summary>The moving average of the training loss, before bias correction.</summary>
    public double SmoothedLoss { get; init; }

    /// <summary>The number of losses in <see cref="SmoothedLoss"/>.</summary>
    public long SmoothedCount { get; init; }

    /// <summary>The training loss of the last step.</summary>
    public double LastLoss { get; init; } = double.NaN;

    /// <summary>The number of evaluations in a row without a new best validation loss.</summary>
    public int BadEvaluations { get; init; }

    /// <summary>The best validation loss, if any evaluation has run.</summary>
    public double? BestValidationLoss { get; init; }

    /// <summary>The best value of the metric that selects the best model, if one does and has been measured.</summary>
    public double? BestMetric { get; init; }

    /// <summary>The last validation loss, if any evaluation has run.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The validation metrics of the last evaluation, by name.</summary>
    public IReadOnlyList<(string Name, double Value)> ValidationMetrics { get; init; } = [];

    /// <summary>
    /// Writes <paramref name="weights"/> (parameters and buffers under their state-dict names),
    /// <paramref name="configuration"/> as metadata and this training state to <paramref name="path"/>, atomically.
    /// </summary>
    public void Write(
        string path,
        IEnumerable<(string Name, Tensor Value)> weights,
        IReadOnlyDictionary<string, string>? configuration
    )
    {
        ArgumentNullException.ThrowIfNull(weights);
        var tensors = new List<(string, Tensor)>(weights);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (configuration is not null)
            foreach (var (key, value) in configuration)
                metadata[key] = value;

        foreach (var (key, buffer) in Optimizer.Buffers)
            tensors.Add((OptimizerPrefix + key, Tensor.FromArray(buffer, buffer.Length)));
        metadata[Prefix + "optimizer"] = Optimizer.Kind;
        metadata[Prefix + "optimizer_steps"] = Text(Optimizer.StepCount);
        metadata[Prefix + "learning_rate"] = Text(LearningRate);
        foreach (var (key, value) in Optimizer.Counters)
            metadata[OptimizerPrefix + key] = Text(value);

        if (ScheduleKind is not null)
        {
            metadata[Prefix + "schedule"] = ScheduleKind;
            foreach (var (key, value) in Schedule)
                metadata[SchedulePrefix + key] = value;
        }
        foreach (var (name, value) in CarriedState)
            tensors.Add((CarriedPrefix + name, value));

        metadata[Prefix + "step"] = Text(Step);
        metadata[Prefix + "epoch"] = Text(Epoch);
        metadata[Prefix + "batch_in_epoch"] = Text(BatchInEpoch);
        metadata[Prefix + "rng"] = string.Join(',', RandomState.Select(w => w.ToString(CultureInfo.InvariantCulture)));
        metadata[Prefix + "smoothed_loss"] = Text(SmoothedLoss);
        metadata[Prefix + "smoothed_count"] = Text(SmoothedCount);
        metadata[Prefix + "last_loss"] = Text(LastLoss);
        metadata[Prefix + "bad_evaluations"] = Text(BadEvaluations);
        if (BestValidationLoss is { } best)
            metadata[Prefix + "best_val_loss"] = Text(best);
        if (ValidationLoss is { } validation)
            metadata[Prefix + "val_loss"] = Text(validation);
        if (BestMetric is { } bestMetric)
            metadata[Prefix + "best_metric"] = Text(bestMetric);
        foreach (var (name, value) in ValidationMetrics)
            metadata[MetricPrefix + name] = Text(value);
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Reads the training state of <paramref name="file"/> (its weights are left to <see cref="StateDict"/>).
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file lacks training state (it holds weights only) or a value is malformed; the message names the file.
    /// </exception>
    public static TrainerCheckpoint Read(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string path = file.FilePath;
        var meta = file.Metadata;
        CheckpointFormatException Bad(string key, string what) =>
            new(path, $"the training state '{key}' is not {what}: '{meta[key]}'.");
        string Required(string key) =>
            meta.TryGetValue(key, out var v)
                ? v
                : throw new CheckpointFormatException(
                    path,
                    $"the training state '{key}' is missing; this file holds weights only and cannot resume a run."
                );
        long Integer(string key) =>
            long.TryParse(Required(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
                ? v
                : throw Bad(key, "an integer");
        int Count(string key) =>
            Integer(key) is >= 0 and <= int.MaxValue and var v
                ? (int)v
                : throw Bad(key, $"a count between 0 and {int.MaxValue}");
        double Real(string key) =>
            double.TryParse(Required(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                ? v
                : throw Bad(key, "a number");
        double? Optional(string key) => meta.ContainsKey(key) ? Real(key) : null;

        long step = Integer(Prefix + "step");
        if (step < 0)
            throw new CheckpointFormatException(path, $"the training state '{Prefix}step' is negative: {step}.");
        var words = Required(Prefix + "rng").Split(',');
        var rng = new ulong[words.Length];
        for (int i = 0; i < words.Length; i++)
            if (!ulong.TryParse(words[i], NumberStyles.None, CultureInfo.InvariantCulture, out rng[i]))
                throw new CheckpointFormatException(
                    path,
                    $"the random generator state '{meta[Prefix + "rng"]}' is malformed."
                );

        var optimizer = new OptimizerState(Required(Prefix + "optimizer"), Integer(Prefix + "optimizer_steps"));
        foreach (var e in file.Entries)
            if (e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                optimizer.Buffers[e.Name[OptimizerPrefix.Length..]] = file.ReadFloats(e.Name);
        foreach (var key in meta.Keys)
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                optimizer.Counters[key[OptimizerPrefix.Length..]] = Integer(key);

        return new TrainerCheckpoint
        {
            Step = step,
            Epoch = Count(Prefix + "epoch"),
            BatchInEpoch = Count(Prefix + "batch_in_epoch"),
            RandomState = rng,
            LearningRate = Real(Prefix + "learning_rate"),
            Optimizer = optimizer,
            ScheduleKind = meta.GetValueOrDefault(Prefix + "schedule"),
            Schedule = meta.Where(kv => kv.Key.StartsWith(SchedulePrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[SchedulePrefix.Length..], kv => kv.Value, StringComparer.Ordinal),
            CarriedState = file
                .Entries.Where(e => e.Name.StartsWith(CarriedPrefix, StringComparison.Ordinal))
                .Select(e => (e.Name[CarriedPrefix.Length..], file.ReadTensor(e.Name)))
                .ToList(),
            SmoothedLoss = Real(Prefix + "smoothed_loss"),
            SmoothedCount = Integer(Prefix + "smoothed_count"),
            LastLoss = Real(Prefix + "last_loss"),
            BadEvaluations = Count(Prefix + "bad_evaluations"),
            BestValidationLoss = Optional(Prefix + "best_val_loss"),
            ValidationLoss = Optional(Prefix + "val_loss"),
            BestMetric = Optional(Prefix + "best_metric"),
            ValidationMetrics = meta
                .Keys.Where(k => k.StartsWith(MetricPrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(k => (k[MetricPrefix.Length..], Real(k)))
                .ToList(),
        };
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
