using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using System.Diagnostics;

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
    private const double SmoothingDecay = 0.95;
    private const string TrainedPrefix = StateDict.TrainingStatePrefix + "trained/";

    private readonly (string Name, Tensor Value)[] _parameters;
    private readonly Tensor[] _tensors;
    private readonly ITrainable<TBatch> _model;
    private readonly ICarriedState? _carried;
    private readonly IBatchSource<TBatch> _data;
    private readonly TrainerOptions _options;
    private readonly DataParallelExchange? _exchange;
    private readonly float[][]? _average;
    private readonly float[] _swap = [];
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
    private double? _bestMetric;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model: its named parameters and buffers, its loss, its mode and carried state.</param>
    /// <param name="optimizer">The optimiser, over the model's parameters.</param>
    /// <param name="data">The training and validation batches.</param>
    /// <param name="options">Limits, evaluation, checkpoints; at least one of the epoch, step or time limits must be
    /// set.</param>
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
            throw new ArgumentException(
                "Trainer: set MaxEpochs, MaxSteps or MaxDuration, or the run never ends.",
                nameof(options)
            );
        if (data.TrainingBatchCount < 1)
            throw new ArgumentException("Trainer: the batch source has no training batches.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegative(options.EvaluateEvery);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LogEvery, 1);
        if (options.EmaDecay is { } decay)
        {
            if (!(decay > 0 && decay < 1))
                throw new ArgumentException($"Trainer: EmaDecay must be in (0, 1); got {decay}.", nameof(options));
            _average = _tensors.Select(p => p.Span.ToArray()).ToArray();
            _swap = new float[_tensors.Max(p => p.Length)];
        }
        _model = model;
        _carried = model.CarriedState;
        Optimizer = optimizer;
        _data = data;
        _options = options;
        if (options.World is { Size: > 1 } world)
            _exchange = new DataParallelExchange(world, _tensors);
        Random = new RandomGenerator(
            _exchange is null ? options.Seed : DataParallelExchange.RankSeed(options.Seed, _exchange.Rank)
        );
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
    /// <exception cref="ArgumentException">
    /// A name is empty, not of letters, digits and underscores, or repeated; more than one metric selects the best.
    /// </exception>
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
                    throw new ArgumentException(
                        $"Trainer: the metric name '{metric.Name}' must be letters, digits and underscores.",
                        nameof(value)
                    );
                if (metric.Name == "loss" || !names.Add(metric.Name))
                    throw new ArgumentException(
                        $"Trainer: the metric name '{metric.Name}' is taken (by the loss or another metric).",
                        nameof(value)
                    );
            }
            if (value.Count(m => m.SelectsBest) > 1)
                throw new ArgumentException("Trainer: at most one metric may select the best model.", nameof(value));
            _metrics = [.. value];
        }
    }

    /// <summary>
    /// The validation metrics of the last evaluation, by name, in the order of <see cref="Metrics"/>.
    /// </summary>
    public IReadOnlyList<(string Name, double Value)> ValidationMetrics => _lastMetrics;

    /// <summary>
    /// The trainer's random generator, handed to the loss function and saved in checkpoints; with a
    /// <see cref="TrainerOptions.World"/> of several ranks each rank draws from its own, seeded from the seed and the
    /// rank (rank 0's is the seed's).
    /// </summary>
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
    public string? BestCheckpointPath =>
        _options.CheckpointDirectory is { } d ? Path.Combine(d, "best.safetensors") : null;

    /// <summary>Where the last checkpoint goes, when a checkpoint directory is set.</summary>
    public string? LastCheckpointPath =>
        _options.CheckpointDirectory is { } d ? Path.Combine(d, "last.safetensors") : null;

    /// <summary>Where the metrics go, when a checkpoint directory is set.</summary>
    public string? MetricsPath => _options.CheckpointDirectory is { } d ? Path.Combine(d, "metrics.jsonl") : null;

    /// <summary>
    /// Whether this process writes the checkpoints and metrics and raises <see cref="Progress"/>: true but on the ranks
    /// other than 0 of a <see cref="TrainerOptions.World"/>.
    /// </summary>
    public bool WritesFiles => _exchange is null || _exchange.Rank == 0;

    /// <summary>Raised after every step, evaluation, epoch and checkpoint (on rank 0 alone in a distributed
    /// run).</summary>
    public event EventHandler<TrainingProgress>? Progress;

    /// <summary>
    /// Trains until a limit, the patience or <paramref name="cancellation"/> stops it, then writes
    /// <c>last.safetensors</c> (also on cancellation, which is how Ctrl-C saves). With
    /// <see cref="TrainerOptions.EmaDecay"/> the model ends with the averaged parameters (a resume from
    /// <c>last.safetensors</c> still continues the trained ones).
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public TrainingResult Run(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var stepClock = new Stopwatch();
        long items = 0;
        _sessionStartStep = Step;
        MetricsLog? metrics = WritesFiles && MetricsPath is { } mp ? MetricsLog.Open(mp, Step) : null;
        // At the start and after a resume every rank takes rank 0's parameters, so that they step in lockstep.
        _exchange?.BroadcastParameters();
        // The average starts from the parameters every rank now shares (a resumed run has its own in the checkpoint).
        if (Step == 0)
            StartAverage();
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
            // The ranks train on equal shares, so the job's throughput is this rank's times their number.
            items += (long)_data.ItemCount(batch) * (_exchange?.Size ?? 1);

            bool epochEnded = ++BatchInEpoch == _data.TrainingBatchCount;
            if (epochEnded)
            {
                Epoch++;
                BatchInEpoch = 0;
            }

            double itemsPerSecond = items / Math.Max(stepClock.Elapsed.TotalSeconds, 1e-9);
            if (Step % _options.LogEvery == 0)
                metrics?.Append(
                    ("kind", "train"),
                    ("step", Step),
                    ("epoch", Epoch),
                    ("loss", _lastLoss),
                    ("lr", Optimizer.LearningRate),
                    ("grad_norm", _lastNorm),
                    ("items_per_s", itemsPerSecond)
                );
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
        // As Keras does with use_ema: the model leaves training with the parameters its evaluations scored.
        if (_average is not null)
            for (int i = 0; i < _tensors.Length; i++)
                _average[i].CopyTo(_tensors[i].Span);
        return new TrainingResult(
            reason.Value,
            Step,
            Epoch,
            _lastLoss,
            _lastValidation,
            _best,
            finalRate,
            clock.Elapsed,
            LastCheckpointPath is { } l && File.Exists(l) ? l : null,
            BestCheckpointPath is { } b && File.Exists(b) ? b : null
        )
        {
            ValidationMetrics = _lastMetrics,
            BestValidationMetric = _bestMetric,
        };
    }

    private StopReason? Limit(TimeSpan elapsed, CancellationToken cancellation)
    {
        bool cancelled = cancellation.IsCancellationRequested;
        // A time-bounded run makes at least one step, so a tiny budget on a busy machine still leaves a model
        // (and a best checkpoint) rather than nothing.
        bool timeUp = _options.MaxDuration is { } maxDuration && elapsed >= maxDuration && Step > _sessionStartStep;
        if (_exchange is not null && (cancellation.CanBeCanceled || _options.MaxDuration is not null))
        {
            // Each rank reads its own clock and its own Ctrl-C, a moment apart; a rank that stopped alone would leave
            // the others waiting in the next all-reduce for ever. So the ranks stop when any of them would.
            Span<double> flags = [cancelled ? 1 : 0, timeUp ? 1 : 0];
            _exchange.Sum(flags);
            cancelled = flags[0] > 0;
            timeUp = flags[1] > 0;
        }
        if (cancelled)
            return StopReason.Cancelled;
        if (_options.MaxSteps is { } maxSteps && Step >= maxSteps)
            return StopReason.Completed;
        if (_options.MaxEpochs is { } maxEpochs && Epoch >= maxEpochs)
            return StopReason.Completed;
        if (_options.Patience is { } patience && _badEvaluations >= patience)
            return StopReason.EarlyStopped;
        if (_targetReached)
            return StopReason.TargetReached;
        return timeUp ? StopReason.TimeLimit : null;
    }

    private void TrainStep(TBatch batch)
    {
        if (Schedule is not null)
            Optimizer.LearningRate = Schedule.LearningRate(Step, Epoch);
        foreach (var p in _tensors)
            p.Grad?.Span.Clear();

        double loss = 0;
        // A rank whose share of a batch is empty (the last, smaller batch of an epoch) adds nothing but its zeros.
        int items = _exchange is null ? 1 : _data.ItemCount(batch);
        if (items > 0)
        {
            using var tape = new Tape();
            var lossTensor = _model.Loss(batch, new TrainingContext(true, Step, Epoch, Random));
            loss = lossTensor.Item();
            // Under data parallelism every rank must see the same divergence: a rank that stopped alone would leave
            // the others waiting in the all-reduce. The averaged loss carries one rank's NaN to all of them.
            if (!double.IsFinite(loss) && _exchange is null)
                throw Diverged("loss", loss);
            tape.Backward(lossTensor);
        }
        if (_exchange is not null)
            loss = _exchange.AverageGradients(loss, items);
        if (!double.IsFinite(loss))
            throw Diverged("loss", loss);

        double norm = Clipper?.Clip(_tensors) ?? GradientClipper.GlobalNorm(_tensors);
        if (!double.IsFinite(norm))
            throw Diverged("gradient norm", norm);
        Optimizer.Step();
        UpdateAverage();
        Step++;
        _lastLoss = loss;
        _lastNorm = norm;
        _smoothedCount++;
        _smoothed = SmoothingDecay * _smoothed + (1 - SmoothingDecay) * loss;
    }

    // The moving average of the parameters, with the warm-up that lets it leave the initial weights quickly.
    private void UpdateAverage()
    {
        if (_average is null)
            return;
        float decay = (float)Math.Min(_options.EmaDecay!.Value, (1.0 + Step) / (10.0 + Step));
        for (int i = 0; i < _tensors.Length; i++)
            System.Numerics.Tensors.TensorPrimitives.Lerp(_average[i], _tensors[i].Span, 1 - decay, _average[i]);
    }

    // The moving average, if one is kept, set to the parameters as they are.
    private void StartAverage()
    {
        if (_average is null)
            return;
        for (int i = 0; i < _tensors.Length; i++)
            _tensors[i].Span.CopyTo(_average[i]);
    }

    // Exchanges the parameters with their moving average; twice restores them.
    private void SwapAverage()
    {
        if (_average is null)
            return;
        for (int i = 0; i < _tensors.Length; i++)
        {
            var parameter = _tensors[i].Span;
            var scratch = _swap.AsSpan(0, parameter.Length);
            parameter.CopyTo(scratch);
            _average[i].CopyTo(parameter);
            scratch.CopyTo(_average[i]);
        }
    }

    private TrainingDivergedException Diverged(string quantity, double value) =>
        new(Step + 1, Epoch, quantity, value, Optimizer.LearningRate, Clipper is not null);

    /// <summary>
    /// The validation loss and <see cref="Metrics"/>: their means over the validation batches, weighted by the batches'
    /// item counts, without a tape, in evaluation mode, from a reset carried state, of the averaged parameters when
    /// <see cref="TrainerOptions.EmaDecay"/> keeps an average. The training state, parameters and mode are
    /// restored afterwards. With a <see cref="TrainerOptions.World"/> of several ranks every rank must call it: each
    /// scores the validation batches its source gives it, and the sums are added over the ranks.
    /// </summary>
    public (double Loss, IReadOnlyList<(string Name, double Value)> Metrics) Evaluate()
    {
        if (_data.ValidationBatchCount == 0)
            throw new InvalidOperationException("Trainer.Evaluate: the batch source has no validation part.");
        var saved = _carried?.SaveCarriedState();
        _carried?.ResetCarriedState();
        _model.Eval();
        SwapAverage();
        double sum = 0;
        var metricSums = new double[_metrics.Count];
        long count = 0;
        try
        {
            using var noGrad = Tape.NoGrad();
            // Validation draws from a generator of its own, so that evaluating more or less often never changes
            // the random numbers that training sees.
            var context = new TrainingContext(
                false,
                Step,
                Epoch,
                new RandomGenerator(_options.Seed ^ 0x5EED5EED5EED5EEDUL)
            );
            for (int i = 0; i < _data.ValidationBatchCount; i++)
            {
                var batch = _data.ValidationBatch(i);
                int n = _data.ItemCount(batch);
                // A rank's share of a small batch may be empty; it scores nothing.
                if (n == 0)
                    continue;
                using (var loss = _model.Loss(batch, context))
                    sum += loss.Item() * n;
                for (int m = 0; m < _metrics.Count; m++)
                    metricSums[m] += _metrics[m].Measure(batch, context) * n;
                count += n;
            }
        }
        finally
        {
            SwapAverage();
            _model.Train();
            // A model that has carried nothing yet (an evaluation before the first step) is left with nothing.
            if (saved is { Count: > 0 })
                _carried!.LoadCarriedState(saved);
            else
                _carried?.ResetCarriedState();
        }
        if (_exchange is not null)
        {
            // Each rank scored its own share of the validation part; the sums over all of them give the means.
            var sums = new double[metricSums.Length + 2];
            (sums[0], sums[^1]) = (sum, count);
            metricSums.CopyTo(sums, 1);
            _exchange.Sum(sums);
            (sum, count) = (sums[0], (long)sums[^1]);
            sums.AsSpan(1, metricSums.Length).CopyTo(metricSums);
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
        bool lowerLoss = _best is null || validation < _best;
        if (lowerLoss)
            _best = validation;
        int selector = _lastMetrics.Length == _metrics.Count ? _metrics.ToList().FindIndex(m => m.SelectsBest) : -1;
        bool improved =
            selector < 0 ? lowerLoss : _metrics[selector].Improves(_lastMetrics[selector].Value, _bestMetric);
        if (improved)
        {
            if (selector >= 0)
                _bestMetric = _lastMetrics[selector].Value;
            _badEvaluations = 0;
        }
        else if (!closing)
            _badEvaluations++;
        if (!closing)
        {
            Schedule?.ReportValidationLoss(validation);
            _targetReached = TargetReached();
        }
        metrics?.Append([
            ("kind", "val"),
            ("step", Step),
            ("epoch", Epoch),
            ("val_loss", validation),
            ("best_val_loss", _best),
            .. _lastMetrics.Select(m => ("val_" + m.Name, (object?)m.Value)),
        ]);
        Report(TrainingEventKind.Evaluation, clock, itemsPerSecond);
        if (improved && BestCheckpointPath is { } best)
        {
            SaveCheckpoint(best);
            Report(TrainingEventKind.Checkpoint, clock, itemsPerSecond, best);
        }
    }

    private void Report(TrainingEventKind kind, Stopwatch clock, double itemsPerSecond, string? checkpoint = null)
    {
        if (Progress is null || !WritesFiles)
            return;
        long? total = TotalSteps();
        TimeSpan elapsed = clock.Elapsed;
        TimeSpan? eta = null;
        if (total is { } t && Step > 0)
            eta = TimeSpan.FromSeconds(
                elapsed.TotalSeconds / Math.Max(1, Step - _sessionStartStep) * Math.Max(0, t - Step)
            );
        if (_options.MaxDuration is { } budget)
        {
            var left = budget - elapsed;
            if (left < TimeSpan.Zero)
                left = TimeSpan.Zero;
            eta = eta is null || left < eta ? left : eta;
        }
        Progress(
            this,
            new TrainingProgress
            {
                Kind = kind,
                Step = Step,
                TotalSteps = total,
                Epoch = Epoch,
                BatchInEpoch = BatchInEpoch,
                BatchesPerEpoch = _data.TrainingBatchCount,
                Loss = _lastLoss,
                SmoothedLoss =
                    _smoothedCount == 0 ? double.NaN : _smoothed / (1 - Math.Pow(SmoothingDecay, _smoothedCount)),
                ValidationLoss = _lastValidation,
                BestValidationLoss = _best,
                ValidationMetrics = _lastMetrics,
                GradientNorm = _lastNorm,
                LearningRate = Optimizer.LearningRate,
                ItemsPerSecond = itemsPerSecond,
                Elapsed = elapsed,
                Eta = eta,
                CheckpointPath = checkpoint,
            }
        );
    }

    private bool TargetReached() => _lastMetrics.Select((m, i) => _metrics[i].Reaches(m.Value)).Any(reached => reached);

    private long? TotalSteps()
    {
        long? bySteps = _options.MaxSteps;
        long? byEpochs = _options.MaxEpochs is { } e ? (long)e * _data.TrainingBatchCount : null;
        return bySteps is null ? byEpochs
            : byEpochs is null ? bySteps
            : Math.Min(bySteps.Value, byEpochs.Value);
    }

    /// <summary>
    /// Writes a checkpoint atomically: the parameters and buffers under their names, the model configuration in
    /// <c>__metadata__</c>, and everything a resume needs as a <see cref="TrainerCheckpoint"/> (optimiser buffers and
    /// counters, schedule, random generator, step, epoch, position in the epoch, best validation loss, carried state).
    /// With <see cref="TrainerOptions.EmaDecay"/> the parameters' names hold the averaged parameters and the trained
    /// ones are training state.
    /// With a <see cref="TrainerOptions.World"/> of several ranks every rank must call it: the ranks' carried states
    /// are gathered into one, as one process would carry it, and rank 0 alone writes.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        var carried = _carried?.SaveCarriedState() ?? [];
        if (_exchange is not null)
            carried = _exchange.GatherRows(carried);
        if (!WritesFiles)
            return;
        var optimizer = Optimizer.ExportState();
        var state = new TrainerCheckpoint
        {
            Step = Step,
            Epoch = Epoch,
            BatchInEpoch = BatchInEpoch,
            RandomState = Random.State,
            LearningRate = Optimizer.LearningRate,
            Optimizer = optimizer,
            ScheduleKind = Schedule?.GetType().Name,
            Schedule = Schedule?.ExportState() ?? new Dictionary<string, string>(),
            CarriedState = carried,
            SmoothedLoss = _smoothed,
            SmoothedCount = _smoothedCount,
            LastLoss = _lastLoss,
            BadEvaluations = _badEvaluations,
            BestValidationLoss = _best,
            ValidationLoss = _lastValidation,
            ValidationMetrics = _lastMetrics,
            BestMetric = _bestMetric,
        };
        SwapAverage();
        try
        {
            var trained = _average is null
                ? []
                : _parameters.Select(
                    (p, i) => (TrainedPrefix + p.Name, Tensor.FromArray(_average[i], [.. p.Value.Shape]))
                );
            state.Write(path, _parameters.Concat(_model.NamedBuffers()).Concat(trained), _options.ModelConfig);
        }
        finally
        {
            SwapAverage();
        }
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
        var state = TrainerCheckpoint.Read(file);
        if (state.BatchInEpoch >= _data.TrainingBatchCount)
            throw new CheckpointFormatException(
                path,
                $"the training position (step {state.Step}, epoch {state.Epoch}, batch {state.BatchInEpoch}) does not "
                    + $"fit a data source of {_data.TrainingBatchCount} batches per epoch."
            );
        if (Schedule is not null && state.ScheduleKind != Schedule.GetType().Name)
            throw new CheckpointFormatException(
                path,
                $"the run used schedule '{state.ScheduleKind ?? "none"}', not {Schedule.GetType().Name}."
            );
        if (_carried is null && state.CarriedState.Count > 0)
            throw new CheckpointFormatException(
                path,
                "the checkpoint carries recurrent state but this model carries no state (it is no ICarriedState)."
            );
        var carried = state.CarriedState;
        if (_exchange is not null)
        {
            try
            {
                carried = _exchange.ScatterRows(carried);
            }
            catch (ArgumentException e)
            {
                throw new CheckpointFormatException(path, e.Message, e);
            }
        }
        var metrics = _metrics
            .Select(m => state.ValidationMetrics.FirstOrDefault(s => s.Name == m.Name))
            .Where(s => s.Name is not null)
            .ToArray();

        var trained = _parameters
            .Select(p => file.Contains(TrainedPrefix + p.Name) ? file.ReadTensor(TrainedPrefix + p.Name) : null)
            .ToArray();
        if (trained.Any(t => t is null) && trained.Any(t => t is not null))
            throw new CheckpointFormatException(
                path,
                "the checkpoint holds the trained values of only some parameters."
            );
        for (int i = 0; i < trained.Length; i++)
        {
            if (trained[i] is { } t && !t.Shape.SequenceEqual(_tensors[i].Shape))
                throw new CheckpointFormatException(
                    path,
                    $"the trained values of '{_parameters[i].Name}' have the shape {Shape.Format(t.Shape)}, but the "
                        + $"parameter has {Shape.Format(_tensors[i].Shape)}."
                );
        }
        StateDict.Load(_parameters.Concat(_model.NamedBuffers()), file, strict: true);
        // The names hold the average of a run that kept one (whose trained parameters go on training), or the
        // trained parameters of a run that kept none (from which the average starts).
        StartAverage();
        if (trained.All(t => t is not null))
            for (int i = 0; i < _tensors.Length; i++)
                trained[i]!.Span.CopyTo(_tensors[i].Span);
        try
        {
            Optimizer.ImportState(state.Optimizer);
            Optimizer.LearningRate = state.LearningRate;
            Schedule?.ImportState(state.Schedule);
            Random.State = _exchange?.RankState(state.RandomState) ?? state.RandomState;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CheckpointFormatException(path, $"the training state does not fit this trainer: {e.Message}", e);
        }
        if (_carried is not null)
        {
            if (carried.Count > 0)
                _carried.LoadCarriedState(carried);
            else
                _carried.ResetCarriedState();
        }
        (Step, Epoch, BatchInEpoch) = (state.Step, state.Epoch, state.BatchInEpoch);
        (_smoothed, _smoothedCount, _lastLoss) = (state.SmoothedLoss, state.SmoothedCount, state.LastLoss);
        (_badEvaluations, _best) = (state.BadEvaluations, state.BestValidationLoss);
        _lastValidation = state.ValidationLoss;
        _lastValidationStep = state.ValidationLoss is null ? -1 : state.Step;
        _lastMetrics = metrics.Length == _metrics.Count ? metrics : [];
        _bestMetric = state.BestMetric;
        _targetReached = TargetReached();
    }
}
