using Recurrent.Autograd;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Fits a <see cref="SeriesForecaster"/> on windows drawn at random from the training rows: Adam, gradient norm
/// clipped at 1, the learning rate decaying linearly to a tenth.
/// </summary>
public static class ForecasterTraining
{
    /// <summary>
    /// Runs <paramref name="steps"/> updates on batches of <paramref name="batch"/> windows whose rows all lie before
    /// <paramref name="trainRows"/>; <paramref name="progress"/> gets (step, mean loss since the last report) ten times.
    /// Returns the mean loss of the last tenth of the steps.
    /// </summary>
    /// <exception cref="ArgumentException">The training rows hold no whole window.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public static double Fit(SeriesForecaster model, ForecastSeries series, int trainRows, int steps, int batch, double learningRate,
        RandomGenerator rng, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        int first = series.FirstRow + model.History, last = trainRows - model.Horizon;
        if (last < first)
            throw new ArgumentException(
                $"too few training rows for one window: {trainRows - series.FirstRow} usable row(s), but {model.History} history + {model.Horizon} future rows are needed.");
        model.Train();
        var optimizer = new Adam(model.Parameters(), learningRate);
        double sum = 0, lastTenth = 0;
        int count = 0, tenthCount = 0, every = Math.Max(1, steps / 10);
        var origins = new int[batch];
        for (int step = 1; step <= steps; step++)
        {
            for (int b = 0; b < batch; b++) origins[b] = first + rng.NextInt(last - first + 1);
            optimizer.LearningRate = learningRate * (1 - 0.9 * (step - 1) / Math.Max(1, steps - 1));
            optimizer.ZeroGrad();
            float loss;
            using (var tape = new Tape())
            {
                var lossTensor = model.Loss(series, origins);
                loss = lossTensor.Item();
                if (!float.IsFinite(loss))
                    throw new TrainingDivergedException(step, 0, "loss", loss, optimizer.LearningRate, clipping: true);
                tape.Backward(lossTensor);
            }
            GradientClipper.ClipGradNorm(model.Parameters(), 1.0);
            optimizer.Step();
            sum += loss;
            count++;
            if (step > steps - Math.Max(1, steps / 10)) { lastTenth += loss; tenthCount++; }
            if (step % every == 0 || step == steps)
            {
                progress?.Invoke(step, sum / count);
                sum = 0;
                count = 0;
            }
        }
        model.Eval();
        return lastTenth / Math.Max(1, tenthCount);
    }
}
