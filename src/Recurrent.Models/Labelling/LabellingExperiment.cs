using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Labelling;

/// <summary>
/// Trains a <see cref="SequenceLabeller"/> on random windows of the first rows of a labelled series, keeps the
/// parameters that label a validation slice (the last training rows, never in a training window) best, and measures
/// per-step accuracy on the held-out tail, each row labelled from the window centred on it (clamped to the series;
/// the measurements around it are inputs, never labels).
/// </summary>
public static class LabellingExperiment
{
    /// <summary>
    /// Returns the accuracy on rows <c>[trainRows, T)</c>, the best validation accuracy on rows
    /// <c>[trainRows - validationRows, trainRows)</c> and the step it was reached at. <paramref name="features"/> is
    /// <c>[T, F]</c>, already scaled with training statistics. <paramref name="progress"/> gets (step, mean training
    /// loss, validation accuracy) every <paramref name="evaluateEvery"/> steps.
    /// </summary>
    /// <exception cref="ArgumentException">The training rows left after the validation slice are fewer than one window.</exception>
    public static (double Accuracy, double ValidationAccuracy, int BestStep) Run(SequenceLabeller model, float[] features, int width, int[] labels,
        int trainRows, int validationRows, int window, int steps, int batch, double learningRate, int evaluateEvery, RandomGenerator rng,
        Action<int, double, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        int rows = labels.Length, fitRows = trainRows - validationRows;
        if (fitRows < window)
            throw new ArgumentException($"too few rows for one window: {fitRows} training row(s) after the validation slice, but a window is {window} rows.");
        var optimizer = new Adam(model.Parameters(), learningRate);
        var starts = new int[batch];
        var parameters = model.Parameters().ToArray();
        var best = parameters.Select(p => p.ToArray()).ToArray();
        double sum = 0, bestValidation = -1;
        int count = 0, bestStep = 0;
        for (int step = 1; step <= steps; step++)
        {
            model.Train();
            for (int b = 0; b < batch; b++) starts[b] = rng.NextInt(fitRows - window + 1);
            var targets = new int[batch * window];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < window; t++) targets[b * window + t] = labels[starts[b] + t];
            optimizer.LearningRate = learningRate * (1 - 0.9 * (step - 1) / Math.Max(1, steps - 1));
            optimizer.ZeroGrad();
            using (var tape = new Tape())
            {
                var loss = Loss.CrossEntropy(model.Logits(Windows(features, width, starts, window)), targets);
                float value = loss.Item();
                if (!float.IsFinite(value)) throw new TrainingDivergedException(step, 0, "loss", value, optimizer.LearningRate, clipping: true);
                sum += value;
                count++;
                tape.Backward(loss);
            }
            GradientClipper.ClipGradNorm(model.Parameters(), 1.0);
            optimizer.Step();
            if (step % evaluateEvery == 0 || step == steps)
            {
                double validation = Accuracy(model, features, width, labels, fitRows, trainRows, window);
                progress?.Invoke(step, sum / count, validation);
                sum = 0;
                count = 0;
                if (validation > bestValidation)
                {
                    bestValidation = validation;
                    bestStep = step;
                    for (int p = 0; p < parameters.Length; p++) parameters[p].Span.CopyTo(best[p]);
                }
            }
        }
        for (int p = 0; p < parameters.Length; p++) best[p].CopyTo(parameters[p].Span);
        return (Accuracy(model, features, width, labels, trainRows, rows, window), bestValidation, bestStep);
    }

    /// <summary>The per-step accuracy on rows <c>[from, to)</c>, each row labelled from the window centred on it.</summary>
    public static double Accuracy(SequenceLabeller model, float[] features, int width, int[] labels, int from, int to, int window)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        model.Eval();
        int rows = labels.Length, count = to - from, correct = 0;
        var starts = new int[count];
        for (int i = 0; i < count; i++) starts[i] = Math.Clamp(from + i - window / 2, 0, rows - window);
        using (Tape.NoGrad())
        {
            using var logits = model.Logits(Windows(features, width, starts, window));
            int classes = logits.Dim(2);
            for (int i = 0; i < count; i++)
            {
                int position = from + i - starts[i];
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.Span.Slice((i * window + position) * classes, classes)) == labels[from + i]) correct++;
            }
        }
        return (double)correct / count;
    }

    private static Tensor Windows(float[] features, int width, int[] starts, int window)
    {
        var x = Tensor.Uninitialized(starts.Length, window, width);
        for (int b = 0; b < starts.Length; b++)
            features.AsSpan(starts[b] * width, window * width).CopyTo(x.Span.Slice(b * window * width, window * width));
        return x;
    }
}
