using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Losses;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Labelling;

/// <summary>
/// Trains a <see cref="SequenceLabeller"/> through the <see cref="Trainer{TBatch}"/> on random windows of the first
/// rows of a labelled series (Adam, the learning rate decaying linearly to a tenth, the gradient norm clipped at 1),
/// keeps the parameters that label a validation slice (the last training rows, never in a training window) best
/// (<c>val_accuracy</c>), and measures per-step accuracy on the held-out tail, each row labelled from the window
/// centred on it (clamped to the series; the measurements around it are inputs, never labels).
/// </summary>
public static class LabellingExperiment
{
    /// <summary>
    /// Returns the accuracy on rows <c>[trainRows, T)</c>, the best validation accuracy on rows
    /// <c>[trainRows - validationRows, trainRows)</c> and the step it was reached at. <paramref name="features"/> is
    /// <c>[T, F]</c>, already scaled with training statistics. The training windows are drawn from
    /// <paramref name="rng"/>; dropout masks from the trainer's generator, seeded with <paramref name="seed"/>.
    /// <paramref name="progress"/> gets (step, mean training loss, validation accuracy) every
    /// <paramref name="evaluateEvery"/> steps. With a <paramref name="directory"/> the trainer writes
    /// <c>best.safetensors</c> (by validation accuracy), <c>last.safetensors</c> and <c>metrics.jsonl</c> there;
    /// <paramref name="run"/> runs the trainer (the default is <see cref="Trainer{TBatch}.Run"/>): a caller shows
    /// progress there, or resumes from a checkpoint first.
    /// </summary>
    /// <exception cref="ArgumentException">The training rows left after the validation slice are fewer than one
    /// window.</exception>
    public static (double Accuracy, double ValidationAccuracy, int BestStep) Run(
        SequenceLabeller model,
        float[] features,
        int width,
        int[] labels,
        int trainRows,
        int validationRows,
        int window,
        int steps,
        int batch,
        double learningRate,
        int evaluateEvery,
        RandomGenerator rng,
        Action<int, double, double>? progress = null,
        ulong seed = 0,
        string? directory = null,
        Func<Trainer<int[]>, TrainingResult>? run = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rng);
        int rows = labels.Length,
            fitRows = trainRows - validationRows;
        if (fitRows < window)
            throw new ArgumentException(
                $"too few rows for one window: {fitRows} training row(s) after the validation slice, but a window is "
                    + $"{window} rows."
            );
        var data = new DrawnBatchSource<int[]>(
            rng,
            generator =>
            {
                var starts = new int[batch];
                for (int b = 0; b < batch; b++)
                    starts[b] = generator.NextInt(fitRows - window + 1);
                return starts;
            },
            steps,
            [Centred(fitRows, trainRows, rows, window)],
            starts => starts.Length
        );
        var trainable = Trainable.From<int[]>(model, (starts, context) =>
        {
            var targets = new int[starts.Length * window];
            for (int b = 0; b < starts.Length; b++)
                for (int t = 0; t < window; t++)
                    targets[b * window + t] = labels[starts[b] + t];
            return Loss.CrossEntropy(model.Forward(Windows(features, width, starts, window), context.Random), targets);
        });
        var options = new TrainerOptions
        {
            MaxSteps = steps,
            EvaluateEvery = evaluateEvery,
            LogEvery = Math.Max(1, Math.Min(10, steps / 100)),
            Seed = seed,
            CheckpointDirectory = directory,
            ModelConfig = model.ToMetadata(),
        };
        var trainer = new Trainer<int[]>(trainable, new Adam(model.Parameters(), learningRate), data, options)
        {
            Clipper = GradientClipper.ByNorm(1.0),
            Schedule = new LinearSchedule(learningRate, steps, endFactor: 0.1),
            Metrics =
            [
                new("accuracy", (starts, _) => Accuracy(model, features, width, labels, fitRows, starts, window))
                {
                    SelectsBest = true,
                },
            ],
        };
        var parameters = model.Parameters().ToArray();
        var best = parameters.Select(p => p.ToArray()).ToArray();
        double sum = 0,
            bestValidation = -1;
        int count = 0,
            bestStep = 0;
        trainer.Progress += (_, p) =>
        {
            if (p.Kind == TrainingEventKind.Step)
            {
                sum += p.Loss;
                count++;
            }
            else if (p.Kind == TrainingEventKind.Evaluation)
            {
                double validation = p.ValidationMetrics[0].Value;
                progress?.Invoke((int)p.Step, sum / count, validation);
                sum = 0;
                count = 0;
                if (validation > bestValidation)
                {
                    bestValidation = validation;
                    bestStep = (int)p.Step;
                    for (int i = 0; i < parameters.Length; i++)
                        parameters[i].Span.CopyTo(best[i]);
                }
            }
        };
        var result = run is null ? trainer.Run() : run(trainer);
        data.SkipTo(result.Steps);
        if (result.BestCheckpoint is { } checkpoint)
        {
            // The best of a resumed run may predate this session; the checkpoint holds it either way.
            var file = SafeTensorsFile.Read(checkpoint);
            StateDict.Load(model.NamedState(), file);
            bestValidation = result.BestValidationMetric ?? bestValidation;
            bestStep = (int)TrainerCheckpoint.Read(file).Step;
        }
        else
            for (int i = 0; i < parameters.Length; i++)
                best[i].CopyTo(parameters[i].Span);
        return (Accuracy(model, features, width, labels, trainRows, rows, window), bestValidation, bestStep);
    }

    /// <summary>
    /// The per-step accuracy on rows <c>[from, to)</c>, each row labelled from the window centred on it.
    /// </summary>
    public static double Accuracy(
        SequenceLabeller model,
        float[] features,
        int width,
        int[] labels,
        int from,
        int to,
        int window
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        return Accuracy(model, features, width, labels, from, Centred(from, to, labels.Length, window), window);
    }

    // The accuracy on rows [from, from + starts.Length), row from + i read from the window at starts[i].
    private static double Accuracy(
        SequenceLabeller model,
        float[] features,
        int width,
        int[] labels,
        int from,
        int[] starts,
        int window
    )
    {
        model.Eval();
        int count = starts.Length,
            correct = 0;
        using (Tape.NoGrad())
        {
            using var logits = model.Forward(Windows(features, width, starts, window));
            int classes = logits.Dim(2);
            for (int i = 0; i < count; i++)
            {
                int position = from + i - starts[i];
                if (
                    System.Numerics.Tensors.TensorPrimitives.IndexOfMax(
                        logits.Span.Slice((i * window + position) * classes, classes)
                    ) == labels[from + i]
                )
                    correct++;
            }
        }
        return (double)correct / count;
    }

    // The starts of the windows centred on rows [from, to), clamped to the series of `rows` rows.
    private static int[] Centred(int from, int to, int rows, int window)
    {
        var starts = new int[to - from];
        for (int i = 0; i < starts.Length; i++)
            starts[i] = Math.Clamp(from + i - window / 2, 0, rows - window);
        return starts;
    }

    private static Tensor Windows(float[] features, int width, int[] starts, int window)
    {
        var x = Tensor.Uninitialized(starts.Length, window, width);
        for (int b = 0; b < starts.Length; b++)
            features.AsSpan(starts[b] * width, window * width).CopyTo(x.Span.Slice(b * window * width, window * width));
        return x;
    }
}
