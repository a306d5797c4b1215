using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Fits a <see cref="SeriesForecaster"/> on windows drawn at random from the training rows, through the
/// <see cref="Trainer{TBatch}"/>: Adam, gradient norm clipped at 1, the learning rate decaying linearly to a tenth.
/// </summary>
public static class ForecasterTraining
{
    /// <summary>
    /// Runs <paramref name="steps"/> updates on batches of <paramref name="batch"/> window origins whose rows all lie
    /// before <paramref name="trainRows"/>, drawn from <paramref name="rng"/> (which ends where the draws leave it);
    /// <paramref name="progress"/> gets (step, mean loss since the last report) ten times. With a
    /// <paramref name="directory"/>, the trainer writes <c>last.safetensors</c> and <c>metrics.jsonl</c> there.
    /// <paramref name="run"/> runs the trainer (the default is <see cref="Trainer{TBatch}.Run"/>): a caller shows
    /// progress there, or resumes from a checkpoint first. Returns the mean loss of the last tenth of the steps (of
    /// those taken in this session, when resumed).
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
        Func<Trainer<int[]>, TrainingResult>? run = null
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
            [],
            origins => origins.Length
        );
        var options = new TrainerOptions
        {
            MaxSteps = steps,
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
        };
        double sum = 0,
            lastTenth = 0;
        int count = 0,
            tenthCount = 0,
            every = Math.Max(1, steps / 10);
        trainer.Progress += (_, p) =>
        {
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
        model.Eval();
        return lastTenth / Math.Max(1, tenthCount);
    }
}
