using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// How a <see cref="CharSeq2Seq"/> learns to add, through the <see cref="Trainer{TBatch}"/>: every update sees
/// <see cref="BatchSize"/> freshly generated problems (none of the held-out ones), Adam with the learning rate decaying
/// linearly to a tenth, the gradient norm clipped at 1; every <see cref="EvaluateEvery"/> updates the validation
/// problems are scored by their teacher-forced loss and by the exact match of greedy decoding
/// (<c>val_exact_match</c>), and training stops once that reaches <see cref="Target"/>.
/// </summary>
public sealed record AdditionTraining
{
    /// <summary>Training updates.</summary>
    public int Steps { get; init; } = 8000;

    /// <summary>Problems per update.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's initial learning rate.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>
    /// The greedy exact match on the validation problems at which training stops (1: only when perfect).
    /// </summary>
    public double Target { get; init; } = 1.0;

    /// <summary>Updates between validation checks.</summary>
    public int EvaluateEvery { get; init; } = 500;

    /// <summary>
    /// Trains <paramref name="model"/> on problems drawn from <paramref name="problems"/> with
    /// <paramref name="rng"/> (which ends where the draws leave it), never on a question of
    /// <paramref name="heldOut"/>, validating on <paramref name="validation"/>. With a <paramref name="directory"/> the
    /// trainer writes <c>best.safetensors</c> (by validation loss), <c>last.safetensors</c> and <c>metrics.jsonl</c>
    /// there. <paramref name="run"/> runs the trainer (the default is <see cref="Trainer{TBatch}.Run"/>): a caller
    /// shows progress there, or resumes from a checkpoint first. <paramref name="log"/> gets a line at every
    /// validation check. The model keeps its last weights.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or the gradient norm became NaN or infinite.</exception>
    public TrainingResult Train(
        CharSeq2Seq model,
        AdditionProblems problems,
        IReadOnlySet<string> heldOut,
        IReadOnlyList<(string Question, string Answer)> validation,
        RandomGenerator rng,
        string? directory = null,
        Func<Trainer<IReadOnlyList<(string Question, string Answer)>>, TrainingResult>? run = null,
        Action<string>? log = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(EvaluateEvery, 1);
        int batchSize = BatchSize;
        var data = new DrawnBatchSource<IReadOnlyList<(string Question, string Answer)>>(
            rng,
            generator =>
            {
                var batch = new List<(string Question, string Answer)>(batchSize);
                while (batch.Count < batchSize)
                {
                    var p = problems.Next(generator);
                    if (!heldOut.Contains(p.Question))
                        batch.Add(p);
                }
                return batch;
            },
            Steps,
            validation.Count > 0 ? [validation] : [],
            batch => batch.Count
        );
        var options = new TrainerOptions
        {
            MaxSteps = Steps,
            EvaluateEvery = EvaluateEvery,
            LogEvery = Math.Max(1, Math.Min(10, Steps / 100)),
            CheckpointDirectory = directory,
            ModelConfig = model.Config.ToMetadata(),
        };
        var trainer = new Trainer<IReadOnlyList<(string Question, string Answer)>>(
            Trainable.From<IReadOnlyList<(string Question, string Answer)>>(model, (batch, _) => model.Loss(batch)),
            new Adam(model.Parameters(), LearningRate),
            data,
            options
        )
        {
            Clipper = GradientClipper.ByNorm(1.0),
            Schedule = new LinearSchedule(LearningRate, Steps, endFactor: 0.1),
            Metrics =
            [
                new("exact_match", (batch, _) => ExactMatch(model.Greedy([.. batch.Select(p => p.Question)]), batch))
                {
                    Target = Target,
                },
            ],
        };
        double lossSum = 0;
        int lossCount = 0;
        trainer.Progress += (_, p) =>
        {
            if (p.Kind == TrainingEventKind.Step)
            {
                lossSum += p.Loss;
                lossCount++;
            }
            else if (p.Kind == TrainingEventKind.Evaluation)
            {
                log?.Invoke(
                    $"step {p.Step}  loss {lossSum / Math.Max(1, lossCount):F4}  validation exact match "
                        + $"{p.ValidationMetrics[0].Value:P2}  {p.Elapsed.TotalSeconds:F0} s"
                );
                lossSum = 0;
                lossCount = 0;
            }
        };
        var result = run is null ? trainer.Run() : run(trainer);
        data.SkipTo(result.Steps);
        model.Eval();
        return result;
    }

    /// <summary>The fraction of <paramref name="problems"/> whose answer is exactly the one given.</summary>
    public static double ExactMatch(
        IReadOnlyList<string> answers,
        IReadOnlyList<(string Question, string Answer)> problems
    )
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(problems);
        return (double)answers.Zip(problems).Count(x => x.First == x.Second.Answer) / problems.Count;
    }
}
