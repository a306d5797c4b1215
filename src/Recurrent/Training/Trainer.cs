using System.Diagnostics;
using System.Globalization;
using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// Trains an <see cref="ITrainable{TBatch}"/> model on batches: each step clears the gradients, computes the loss on a
/// fresh <see cref="Tape"/>, runs backward, clips, checks for NaN/Inf, sets the scheduled learning rate and steps the
/// optimiser. It evaluates on the validation part, keeps the best checkpoint, stops early on a patience, writes
/// metrics as JSON lines, and reports progress through <see cref="Progress"/>. The same seed gives the same run, and
/// a run resumed from a checkpoint continues bit for bit as if it had never stopped.
/// </summary>
/// <typeparam name="TBatch">What the batch source yields and the loss function consumes.</typeparam>
public sealed class Trainer<TBatch>
{
    private const string Prefix = StateDict.TrainingStatePrefix;
    private const string OptimizerPrefix = Prefix + "optimizer/";
    private const string CarriedPrefix = Prefix + "carried/";
    private const string SchedulePrefix = Prefix + "schedule/";
    private const string MetricPrefix = Prefix + "metric/";
    private const double SmoothingDecay = 0.95;

    private readonly (string Name, Tensor Value)[] _parameters;
    private readonly Tensor[] _tensors;
    private readonly ITrainable<TBatch> _model;
    private readonly ICarriedState? _carried;
    private readonly IBatchSource<TBatch> _data;
    private readonly TrainerOptions _options;
    private double _smoothed;
    private long _smoothedCount;
    private double _lastLoss = double.NaN;
    private double _lastNorm;
    private double? _lastValidation;
    private long _lastValidationStep = -1;
    private double? _best;
    private int _badEvaluations;
    private long _sessionStartStep;
    private readonly IReadOnlyList<ValidationMetric<TBatch>> _metrics = [];
    private (string Name, double Value)[] _lastMetrics = [];
    private bool _targetReached;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model: its named parameters and buffers, its loss, its mode and carried state.</param>
    /// <param name="optimizer">The optimiser, over the model's parameters.</param>
    /// <param name="data">The training and validation batches.</param>
    /// <param name="options">Limits, evaluation, checkpoints; at least one of the epoch, step or time limits must be set.</param>
    public Trainer(ITrainable<TBatch> model, Optimizer optimizer, IBatchSource<TBatch> data, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        _parameters = model.NamedParameters().ToArray();
        _tensors = _parameters.Select(p => p.Value).ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException("Trainer: the model has no parameters.", nameof(model));
        if (options.MaxEpochs is null && options.MaxSteps is null && options.MaxDuration is null)
            throw new ArgumentException("Trainer: set MaxEpochs, MaxSteps or MaxDuration, or the run never ends.", nameof(options));
        if (data.TrainingBatchCount < 1)
            throw new ArgumentException("Trainer: the batch source has no training batches.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegative(options.EvaluateEvery);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LogEvery, 1);
        _model = model;
        _carried = model.CarriedState;
        Optimizer = optimizer;
        _data = data;
        _options = options;
        Random = new RandomGenerator(options.Seed);
    }

    /// <summary>The model being trained.</summary>
    public ITrainable<TBatch> Model => _model;

    /// <summary>The optimiser.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The gradient clipper, if any; without one the norm is still measured and checked.</summary>
    public GradientClipper? Clipper { get; init; }

    /// <summary>The learning-rate schedule, if any; without one the optimiser's learning rate stays as set.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Quantities measured on the validation part at every evaluation beside the loss (accuracy, exact match), written
    /// to <c>metrics.jsonl</c>, the progress reports and the result.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty, not of letters, digits and underscores, or repeated.</exception>
    public IReadOnlyList<ValidationMetric<TBatch>> Metrics
    {
        get => _metrics;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var metric in value)
            {
                ArgumentNullException.ThrowIfNull(metric, nameof(value));
                if (metric.Name.Length == 0 || !metric.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                    throw new ArgumentException($"Trainer: the metric name '{metric.Name}' must be letters, digits and underscores.", nameof(value));
                if (metric.Name == "loss" || !names.Add(metric.Name))
                    throw new ArgumentException($"Trainer: the metric name '{metric.Name}' is taken (by the loss or another metric).", nameof(value));
            }
            _metrics = [.. value];
        }
    }

    /// <summary>The validation metrics of the last evaluation, by name, in the order of <see cref="Metrics"/>.</summary>
    public IReadOnlyList<(string Name, double Value)> ValidationMetrics => _lastMetrics;

    /// <summary>The trainer's random generator, handed to the loss function and saved in checkpoints.</summary>
    public RandomGenerator Random { get; }

    /// <summary>The number of optimiser steps taken.</summary>
    public long Step { get; private set; }

    /// <summary>The current epoch, counted from 0.</summary>
    public int Epoch { get; private set; }

    /// <summary>The number of batches of the current epoch already trained on.</summary>
    public int BatchInEpoch { get; private set; }

    /// <summary>The best validation loss so far, if any evaluation has run.</summary>
    public double? BestValidationLoss => _best;

    /// <summary>Where the best checkpoint goes, when a checkpoint directory is set.</summary>
    public string? BestCheckpointPath => _options.CheckpointDirectory is { } d ? Path.Combine(d, "best.safetensors") : null;

    /// <summary>Where the last checkpoint goes, when a checkpoint directory is set.</summary>
    public string? LastCheckpointPath => _options.CheckpointDirectory is { } d ? Path.Combine(d, "last.safetensors") : null;

    /// <summary>Where the metrics go, when a checkpoint directory is set.</summary>
    public string? MetricsPath => _options.CheckpointDirectory is { } d ? Path.Combine(d, "metrics.jsonl") : null;

    /// <summary>Raised after every step, evaluation, epoch and checkpoint.</summary>
    public event EventHandler<TrainingProgress>? Progress;

    /// <summary>
    /// Trains until a limit, the patience or <paramref name="cancellation"/> stops it, then writes
    /// <c>last.safetensors</c> (also on cancellation, which is how Ctrl-C saves).
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var stepClock = new Stopwatch();
        long items = 0;
        _sessionStartStep = Step;
        MetricsLog? metrics = MetricsPath is { } mp ? MetricsLog.Open(mp, Step) : null;
        _model.Train();

        StopReason? reason = Limit(clock.Elapsed, cancellation);
        while (reason is null)
        {
            if (BatchInEpoch == 0)
                _carried?.ResetCarriedState();
            var batch = _data.TrainingBatch(Epoch, BatchInEpoch);
            stepClock.Start();
            TrainStep(batch);
            stepClock.Stop();
            items += _data.ItemCount(batch);

            bool epochEnded = ++BatchInEpoch == _data.TrainingBatchCount;
            if (epochEnded)
            {
                Epoch++;
                BatchInEpoch = 0;
            }

            double itemsPerSecond = items / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9);
            if (Step % _options.LogEvery == 0)
                metrics?.Append(("kind", "train"), ("step", Step), ("epoch", Epoch), ("loss", _lastLoss), ("lr", Optimizer.LearningRate),
                    ("grad_norm", _lastNorm), ("items_per_s", itemsPerSecond));
            Report(TrainingEventKind.Step, clock, itemsPerSecond);
            if (epochEnded)
                Report(TrainingEventKind.EpochEnd, clock, itemsPerSecond);

            bool evaluate = _options.EvaluateEvery > 0 ? Step % _options.EvaluateEvery == 0 : epochEnded;
            if (evaluate && _data.ValidationBatchCount > 0)
                EvaluateAndKeepBest(metrics, clock, itemsPerSecond);

            reason = Limit(clock.Elapsed, cancellation);
        }

        double finalRate = items / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9);
        // The last checkpoint is written before the closing evaluation, which a longer run would not have made at
        // this step, so that resuming from it gives exactly the longer run.
        if (LastCheckpointPath is { } last && Step > 0)
        {
            SaveCheckpoint(last);
            Report(TrainingEventKind.Checkpoint, clock, finalRate, last);
        }
        if (reason != StopReason.Cancelled && _data.ValidationBatchCount > 0 && _lastValidationStep != Step && Step > 0)
            EvaluateAndKeepBest(metrics, clock, finalRate, closing: true);
        return new TrainingResult(reason.Value, Step, Epoch, _lastLoss, _lastValidation, _best, finalRate, clock.Elapsed,
            LastCheckpointPath is { } l && File.Exists(l) ? l : null, BestCheckpointPath is { } b && File.Exists(b) ? b : null)
        {
            ValidationMetrics = _lastMetrics,
        };
    }

    private StopReason? Limit(TimeSpan elapsed, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested) return StopReason.Cancelled;
        if (_options.MaxSteps is { } maxSteps && Step >= maxSteps) return StopReason.Completed;
        if (_options.MaxEpochs is { } maxEpochs && Epoch >= maxEpochs) return StopReason.Completed;
        if (_options.Patience is { } patience && _badEvaluations >= patience) return StopReason.EarlyStopped;
        if (_targetReached) return StopReason.TargetReached;
        if (_options.MaxDuration is { } maxDuration && elapsed >= maxDuration) return StopReason.TimeLimit;
        return null;
    }

    private void TrainStep(TBatch batch)
    {
        if (Schedule is not null)
            Optimizer.LearningRate = Schedule.LearningRate(Step, Epoch);
        foreach (var p in _tensors)
            p.Grad?.Span.Clear();

        double loss;
        using (var tape = new Tape())
        {
            var lossTensor = _model.Loss(batch, new TrainingContext(true, Step, Epoch, Random));
            loss = lossTensor.Item();
            if (!double.IsFinite(loss))
                throw new TrainingDivergedException(Step + 1, Epoch, "loss", loss, Optimizer.LearningRate, Clipper is not null);
            tape.Backward(lossTensor);
        }

        double norm = Clipper?.Clip(_tensors) ?? GradientClipper.GlobalNorm(_tensors);
        if (!double.IsFinite(norm))
            throw new TrainingDivergedException(Step + 1, Epoch, "gradient norm", norm, Optimizer.LearningRate, Clipper is not null);
        Optimizer.Step();
        Step++;
        _lastLoss = loss;
        _lastNorm = norm;
        _smoothedCount++;
        _smoothed = SmoothingDecay * _smoothed + (1 - SmoothingDecay) * loss;
    }

    /// <summary>
    /// The validation loss and <see cref="Metrics"/>: their means over the validation batches, weighted by the batches'
    /// item counts, without a tape, in evaluation mode, from a reset carried state. The training state and mode are
    /// restored afterwards.
    /// </summary>
    public (double Loss, IReadOnlyList<(string Name, double Value)> Metrics) Evaluate()
    {
        if (_data.ValidationBatchCount == 0)
            throw new InvalidOperationException("Trainer.Evaluate: the batch source has no validation part.");
        var saved = _carried?.SaveCarriedState();
        _carried?.ResetCarriedState();
        _model.Eval();
        double sum = 0;
        var metricSums = new double[_metrics.Count];
        long count = 0;
        try
        {
            using var noGrad = Tape.NoGrad();
            // Validation draws from a generator of its own, so that evaluating more or less often never changes
            // the random numbers that training sees.
            var context = new TrainingContext(false, Step, Epoch, new RandomGenerator(_options.Seed ^ 0x5EED5EED5EED5EEDUL));
            for (int i = 0; i < _data.ValidationBatchCount; i++)
            {
                var batch = _data.ValidationBatch(i);
                int n = _data.ItemCount(batch);
                using (var loss = _model.Loss(batch, context))
                    sum += loss.Item() * n;
                for (int m = 0; m < _metrics.Count; m++)
                    metricSums[m] += _metrics[m].Measure(batch, context) * n;
                count += n;
            }
        }
        finally
        {
            _model.Train();
            if (saved is not null)
                _carried!.LoadCarriedState(saved);
        }
        var metrics = new (string Name, double Value)[_metrics.Count];
        for (int m = 0; m < _metrics.Count; m++)
            metrics[m] = (_metrics[m].Name, count == 0 ? double.NaN : metricSums[m] / count);
        return (count == 0 ? double.NaN : sum / count, metrics);
    }

    // A closing evaluation records the loss and may save the best model, but does not count towards the patience or
    // the plateau schedule, which only the regular evaluations drive.
    private void EvaluateAndKeepBest(MetricsLog? metrics, Stopwatch clock, double itemsPerSecond, bool closing = false)
    {
        var (validation, measured) = Evaluate();
        _lastValidation = validation;
        _lastMetrics = [.. measured];
        _lastValidationStep = Step;
        bool improved = _best is null || validation < _best;
        if (improved)
        {
            _best = validation;
            _badEvaluations = 0;
        }
        else if (!closing)
            _badEvaluations++;
        if (!closing)
        {
            Schedule?.ReportValidationLoss(validation);
            _targetReached = TargetReached();
        }
        metrics?.Append([("kind", "val"), ("step", Step), ("epoch", Epoch), ("val_loss", validation), ("best_val_loss", _best),
            .. _lastMetrics.Select(m => ("val_" + m.Name, (object?)m.Value))]);
        Report(TrainingEventKind.Evaluation, clock, itemsPerSecond);
        if (improved && BestCheckpointPath is { } best)
        {
            SaveCheckpoint(best);
            Report(TrainingEventKind.Checkpoint, clock, itemsPerSecond, best);
        }
    }

    private void Report(TrainingEventKind kind, Stopwatch clock, double itemsPerSecond, string? checkpoint = null)
    {
        if (Progress is null) return;
        long? total = TotalSteps();
        TimeSpan elapsed = clock.Elapsed;
        TimeSpan? eta = null;
        if (total is { } t && Step > 0)
            eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / Math.Max(1, Step - _sessionStartStep) * Math.Max(0, t - Step));
        if (_options.MaxDuration is { } budget)
        {
            var left = budget - elapsed;
            if (left < TimeSpan.Zero) left = TimeSpan.Zero;
            eta = eta is null || left < eta ? left : eta;
        }
        Progress(this, new TrainingProgress
        {
            Kind = kind,
            Step = Step,
            TotalSteps = total,
            Epoch = Epoch,
            BatchInEpoch = BatchInEpoch,
            BatchesPerEpoch = _data.TrainingBatchCount,
            Loss = _lastLoss,
            SmoothedLoss = _smoothedCount == 0 ? double.NaN : _smoothed / (1 - Math.Pow(SmoothingDecay, _smoothedCount)),
            ValidationLoss = _lastValidation,
            BestValidationLoss = _best,
            ValidationMetrics = _lastMetrics,
            GradientNorm = _lastNorm,
            LearningRate = Optimizer.LearningRate,
            ItemsPerSecond = itemsPerSecond,
            Elapsed = elapsed,
            Eta = eta,
            CheckpointPath = checkpoint,
        });
    }

    private bool TargetReached() =>
        _lastMetrics.Select((m, i) => _metrics[i].Reaches(m.Value)).Any(reached => reached);

    private long? TotalSteps()
    {
        long? bySteps = _options.MaxSteps;
        long? byEpochs = _options.MaxEpochs is { } e ? (long)e * _data.TrainingBatchCount : null;
        return bySteps is null ? byEpochs : byEpochs is null ? bySteps : Math.Min(bySteps.Value, byEpochs.Value);
    }

    /// <summary>
    /// Writes a checkpoint atomically: the parameters (and the model's buffers) under their names, the model
    /// configuration in <c>__metadata__</c>, and under the <c>training/</c> prefix everything a resume needs (optimiser
    /// buffers and counters, schedule, random generator, step, epoch, position in the epoch, best validation loss,
    /// carried state).
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        var tensors = new List<(string, Tensor)>(_parameters);
        tensors.AddRange(_model.NamedBuffers());
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_options.ModelConfiguration is { } config)
            foreach (var (key, value) in config)
                metadata[key] = value;

        var optimizer = Optimizer.ExportState();
        foreach (var (key, buffer) in optimizer.Buffers)
            tensors.Add((OptimizerPrefix + key, Tensor.FromArray(buffer, buffer.Length)));
        metadata[Prefix + "optimizer"] = optimizer.Kind;
        metadata[Prefix + "optimizer_steps"] = Text(optimizer.StepCount);
        metadata[Prefix + "learning_rate"] = Text(Optimizer.LearningRate);
        foreach (var (key, value) in optimizer.Counters)
            metadata[OptimizerPrefix + key] = Text(value);

        if (Schedule is not null)
        {
            metadata[Prefix + "schedule"] = Schedule.GetType().Name;
            foreach (var (key, value) in Schedule.ExportState())
                metadata[SchedulePrefix + key] = value;
        }
        if (_carried is not null)
            foreach (var (name, value) in _carried.SaveCarriedState())
                tensors.Add((CarriedPrefix + name, value));

        metadata[Prefix + "step"] = Text(Step);
        metadata[Prefix + "epoch"] = Text(Epoch);
        metadata[Prefix + "batch_in_epoch"] = Text(BatchInEpoch);
        metadata[Prefix + "rng"] = string.Join(',', Random.State.Select(w => w.ToString(CultureInfo.InvariantCulture)));
        metadata[Prefix + "smoothed_loss"] = Text(_smoothed);
        metadata[Prefix + "smoothed_count"] = Text(_smoothedCount);
        metadata[Prefix + "last_loss"] = Text(_lastLoss);
        metadata[Prefix + "bad_evaluations"] = Text(_badEvaluations);
        if (_best is { } best) metadata[Prefix + "best_val_loss"] = Text(best);
        if (_lastValidation is { } lastValidation) metadata[Prefix + "val_loss"] = Text(lastValidation);
        foreach (var (name, value) in _lastMetrics)
            metadata[MetricPrefix + name] = Text(value);
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Restores the parameters and the whole training state from a checkpoint written by <see cref="SaveCheckpoint"/>,
    /// so that <see cref="Run"/> continues exactly where that run was.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is damaged, lacks training state, or does not fit this model, optimiser or schedule. Everything is
    /// parsed before anything is changed, but a state that parses and still does not fit the optimiser or schedule may
    /// leave the trainer half loaded; start from fresh objects after this exception.
    /// </exception>
    public void LoadCheckpoint(string path)
    {
        var file = SafeTensorsFile.Read(path);
        var meta = file.Metadata;
        string Required(string key) => meta.TryGetValue(key, out var v) ? v
            : throw new CheckpointFormatException(path, $"the training state '{key}' is missing; this file holds weights only and cannot resume a run.");
        long Integer(string key) => long.TryParse(Required(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v
            : throw new CheckpointFormatException(path, $"the training state '{key}' is not an integer: '{meta[key]}'.");
        int Count(string key) => Integer(key) is >= 0 and <= int.MaxValue and var v ? (int)v
            : throw new CheckpointFormatException(path, $"the training state '{key}' is not a count between 0 and {int.MaxValue}: '{meta[key]}'.");
        double Real(string key) => double.TryParse(Required(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : throw new CheckpointFormatException(path, $"the training state '{key}' is not a number: '{meta[key]}'.");

        long step = Integer(Prefix + "step");
        int epoch = Count(Prefix + "epoch");
        int batchInEpoch = Count(Prefix + "batch_in_epoch");
        if (step < 0 || batchInEpoch >= _data.TrainingBatchCount)
            throw new CheckpointFormatException(path, $"the training position (step {step}, epoch {epoch}, batch {batchInEpoch}) does not fit a data source of {_data.TrainingBatchCount} batches per epoch.");
        var words = Required(Prefix + "rng").Split(',');
        var rng = new ulong[words.Length];
        for (int i = 0; i < words.Length; i++)
            if (!ulong.TryParse(words[i], NumberStyles.None, CultureInfo.InvariantCulture, out rng[i]))
                throw new CheckpointFormatException(path, $"the random generator state '{meta[Prefix + "rng"]}' is malformed.");

        var optimizer = new OptimizerState(Required(Prefix + "optimizer"), Integer(Prefix + "optimizer_steps"));
        foreach (var e in file.Entries)
            if (e.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                optimizer.Buffers[e.Name[OptimizerPrefix.Length..]] = file.ReadFloats(e.Name);
        foreach (var key in meta.Keys)
            if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                optimizer.Counters[key[OptimizerPrefix.Length..]] = Integer(key);

        var schedule = meta.Where(kv => kv.Key.StartsWith(SchedulePrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[SchedulePrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        if (Schedule is not null && meta.GetValueOrDefault(Prefix + "schedule") != Schedule.GetType().Name)
            throw new CheckpointFormatException(path, $"the run used schedule '{meta.GetValueOrDefault(Prefix + "schedule") ?? "none"}', not {Schedule.GetType().Name}.");
        var carried = file.Entries.Where(e => e.Name.StartsWith(CarriedPrefix, StringComparison.Ordinal))
            .Select(e => (e.Name[CarriedPrefix.Length..], file.ReadTensor(e.Name))).ToList();
        if (_carried is null && carried.Count > 0)
            throw new CheckpointFormatException(path, "the checkpoint carries recurrent state but this model carries no state (it is no ICarriedState).");

        double learningRate = Real(Prefix + "learning_rate");
        double smoothed = Real(Prefix + "smoothed_loss"), lastLoss = Real(Prefix + "last_loss");
        long smoothedCount = Integer(Prefix + "smoothed_count");
        int badEvaluations = Count(Prefix + "bad_evaluations");
        double? best = meta.ContainsKey(Prefix + "best_val_loss") ? Real(Prefix + "best_val_loss") : null;
        double? lastValidation = meta.ContainsKey(Prefix + "val_loss") ? Real(Prefix + "val_loss") : null;
        var lastMetrics = _metrics.Where(m => meta.ContainsKey(MetricPrefix + m.Name))
            .Select(m => (m.Name, Real(MetricPrefix + m.Name))).ToArray();
        if (lastMetrics.Length != _metrics.Count)
            lastMetrics = [];

        StateDict.Load(_parameters.Concat(_model.NamedBuffers()), file, strict: true);
        try
        {
            Optimizer.ImportState(optimizer);
            Optimizer.LearningRate = learningRate;
            Schedule?.ImportState(schedule);
            Random.State = rng;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CheckpointFormatException(path, $"the training state does not fit this trainer: {e.Message}", e);
        }
        if (_carried is not null)
        {
            if (carried.Count > 0) _carried.LoadCarriedState(carried);
            else _carried.ResetCarriedState();
        }
        (Step, Epoch, BatchInEpoch) = (step, epoch, batchInEpoch);
        (_smoothed, _smoothedCount, _lastLoss, _badEvaluations, _best, _lastValidation) = (smoothed, smoothedCount, lastLoss, badEvaluations, best, lastValidation);
        _lastValidationStep = lastValidation is null ? -1 : step;
        _lastMetrics = lastMetrics;
        _targetReached = TargetReached();
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
