using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Fits a <see cref="SeriesForecaster"/> on windows drawn at random from the training rows, through the
/// <see cref="Trainer{TBatch}"/>: Adam, gradient norm clipped at 1, the learning rate decaying linearly to a tenth;
/// given validation windows, it evaluates them twenty times and keeps the parameters that scored best.
/// </summary>
public static class ForecasterTraining
{
    /// <summary>
    /// Runs <paramref name="steps"/> updates on batches of <paramref name="batch"/> window origins whose rows all lie
    /// before <paramref name="trainRows"/>, drawn from <paramref name="rng"/> (which ends where the draws leave it);
    /// <paramref name="progress"/> gets (step, mean loss since the last report) ten times. With a
    /// <paramref name="directory"/>, the trainer writes <c>last.safetensors</c> and <c>metrics.jsonl</c> there.
    /// <paramref name="run"/> runs the trainer (the default is <see cref="Trainer{TBatch}.Run"/>): a caller shows
    /// progress there, or resumes from a checkpoint first. With <paramref name="validationOrigins"/> (windows whose
    /// future rows no training window reaches), the validation loss (and <paramref name="selector"/>, when given) is
    /// measured every twentieth of the steps and at the end, and the model ends with the parameters that scored best
    /// (by <paramref name="selector"/>, else by the loss), which a <paramref name="directory"/> also gets as
    /// <c>best.safetensors</c>; without validation windows the final parameters are the only candidate, and
    /// <c>best.safetensors</c> is a copy of <c>last.safetensors</c>. Returns the mean loss of the last tenth of the
    /// steps (of those taken in this session, when resumed).
    /// </summary>
    /// <exception cref="ArgumentException">The training rows hold no whole window.</exception>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public static double Fit(
        SeriesForecaster model,
        ForecastSeries series,
        int trainRows,
        int steps,
        int batch,
        double learningRate,
        RandomGenerator rng,
        Action<int, double>? progress = null,
        string? directory = null,
        Func<Trainer<int[]>, TrainingResult>? run = null,
        IReadOnlyList<int>? validationOrigins = null,
        ValidationMetric<int[]>? selector = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(rng);
        int first = series.FirstRow + model.History,
            last = trainRows - model.Horizon;
        if (last < first)
            throw new ArgumentException(
                $"too few training rows for one window: {trainRows - series.FirstRow} usable row(s), but "
                    + $"{model.History} history + {model.Horizon} future rows are needed."
            );
        var data = new DrawnBatchSource<int[]>(
            rng,
            generator =>
            {
                var origins = new int[batch];
                for (int b = 0; b < batch; b++)
                    origins[b] = first + generator.NextInt(last - first + 1);
                return origins;
            },
            steps,
            validationOrigins is { Count: > 0 } ? [[.. validationOrigins]] : [],
            origins => origins.Length
        );
        var options = new TrainerOptions
        {
            MaxSteps = steps,
            EvaluateEvery = Math.Max(1, steps / 20),
            LogEvery = Math.Max(1, steps / 100),
            CheckpointDirectory = directory,
            ModelConfig = model.ToMetadata(),
        };
        var trainer = new Trainer<int[]>(
            Trainable.From<int[]>(model, (origins, _) => model.Loss(series, origins)),
            new Adam(model.Parameters(), learningRate),
            data,
            options
        )
        {
            Clipper = GradientClipper.ByNorm(1.0),
            Schedule = new LinearSchedule(learningRate, steps, endFactor: 0.1),
            Metrics = selector is null ? [] : [selector with { SelectsBest = true }],
        };
        double sum = 0,
            lastTenth = 0;
        int count = 0,
            tenthCount = 0,
            every = Math.Max(1, steps / 10);
        var parameters = model.Parameters().ToArray();
        var best = parameters.Select(p => p.ToArray()).ToArray();
        double? bestScore = null;
        trainer.Progress += (_, p) =>
        {
            // The trainer's own rule for best.safetensors, so that the parameters kept here are the ones saved there.
            if (p.Kind == TrainingEventKind.Evaluation)
            {
                double score = selector is null ? p.ValidationLoss!.Value : p.ValidationMetrics[0].Value;
                bool improves = selector is null
                    ? bestScore is not { } b || score < b
                    : selector.Improves(score, bestScore);
                if (improves)
                {
                    bestScore = score;
                    for (int i = 0; i < parameters.Length; i++)
                        parameters[i].Span.CopyTo(best[i]);
                }
            }
            if (p.Kind != TrainingEventKind.Step)
                return;
            sum += p.Loss;
            count++;
            if (p.Step > steps - Math.Max(1, steps / 10))
            {
                lastTenth += p.Loss;
                tenthCount++;
            }
            if (p.Step % every == 0 || p.Step == steps)
            {
                progress?.Invoke((int)p.Step, sum / count);
                sum = 0;
                count = 0;
            }
        };
        var result = run is null ? trainer.Run() : run(trainer);
        data.SkipTo(result.Steps);
        if (data.ValidationBatchCount == 0)
        {
            if (result.LastCheckpoint is { } lastCheckpoint && trainer.BestCheckpointPath is { } bestPath)
                File.Copy(lastCheckpoint, bestPath, overwrite: true);
        }
        else if (result.BestCheckpoint is { } checkpoint)
            // The best of a resumed run may predate this session; the checkpoint holds it either way.
            StateDict.Load(model.NamedState(), SafeTensorsFile.Read(checkpoint));
        else if (bestScore is not null)
            for (int i = 0; i < parameters.Length; i++)
                best[i].CopyTo(parameters[i].Span);
        model.Eval();
        return lastTenth / Math.Max(1, tenthCount);
    }
}
