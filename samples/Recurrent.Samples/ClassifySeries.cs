using Recurrent.IO;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Samples;

/// <summary>
/// Program 1: trains the <see cref="SeriesClassifier"/> on <c>float[]</c> series with the <c>Trainer</c> (progress,
/// validation accuracy, the best checkpoint), then predicts, saves and loads.
/// </summary>
public static class ClassifySeries
{
    public static double Run(TextWriter log, string workDir)
    {
        var all = LabelledSeries.SineWaves(count: 400, seed: 1);
        LabelledSeries[] test = all[..80], seen = all[80..];

        var model = new SeriesClassifier(hiddenSize: 16, classes: 2, new RandomGenerator(7));
        // The last fifth of the seen series is the validation part; the rest is reshuffled every epoch.
        var data = new ListBatchSource<LabelledSeries>(seen, batchSize: 16, validationFraction: 0.2, seed: 1);
        var trainer = new Trainer<IReadOnlyList<LabelledSeries>>(model, new Adam(model.Parameters(), 1e-2), data,
            new TrainerOptions
            {
                MaxEpochs = 12,
                Patience = 4,
                CheckpointDirectory = Path.Combine(workDir, "run"),
                ModelConfig = model.ToMetadata(),
            })
        {
            Clipper = GradientClipper.ByNorm(1),
            // best.safetensors keeps the model of the best validation accuracy, not of the lowest loss.
            Metrics = [new("accuracy", (batch, _) => model.Accuracy(batch)) { SelectsBest = true }],
        };
        trainer.Progress += (_, p) =>
        {
            if (p.Kind == TrainingEventKind.Evaluation)
                log.WriteLine($"after epoch {p.Epoch}: loss {p.SmoothedLoss:F3}, "
                    + $"validation loss {p.ValidationLoss:F3}, accuracy {p.ValidationMetrics[0].Value:P0}");
        };
        TrainingResult result = trainer.Run();
        log.WriteLine($"{result.Reason} after {result.Steps} steps; best: {result.BestCheckpoint}");

        var best = SeriesClassifier.Load(result.BestCheckpoint!);
        int[] predicted = best.Predict(test.Select(s => s.Values).ToList());
        double accuracy = predicted.Where((label, i) => label == test[i].Label).Count() / (double)test.Length;
        log.WriteLine($"test accuracy {accuracy:P1}");

        // A weights-only file (no optimiser state) that PyTorch's load_state_dict reads as well.
        string path = Path.Combine(workDir, "classifier.safetensors");
        StateDict.Save(path, best.NamedState(), best.ToMetadata());
        var loaded = SeriesClassifier.Load(path);
        int[] again = loaded.Predict(test.Select(s => s.Values).ToList());
        log.WriteLine($"reloaded from {path}: {(again.SequenceEqual(predicted) ? "same" : "other")} predictions");
        return accuracy;
    }
}
