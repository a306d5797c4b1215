using Recurrent.Autograd;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Samples;

/// <summary>
/// Program 4: trains the <see cref="SeriesClassifier"/> with a loop of one's own, as in PyTorch: zero the gradients,
/// forward on a tape, backward, clip, step. The <c>Trainer</c> runs the same step, with checkpoints around it.
/// </summary>
public static class TrainWithTape
{
    public static double Run(TextWriter log)
    {
        var all = LabelledSeries.SineWaves(count: 400, seed: 4);
        LabelledSeries[] test = all[..80], training = all[80..];
        var model = new SeriesClassifier(hiddenSize: 16, classes: 2, new RandomGenerator(5));
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-2);
        var shuffle = new Random(6);
        const int batchSize = 16;

        model.Train();
        for (int epoch = 0; epoch < 12; epoch++)
        {
            shuffle.Shuffle(training);
            double lossSum = 0;
            for (int start = 0; start < training.Length; start += batchSize)
            {
                var batch = training[start..Math.Min(start + batchSize, training.Length)];
                var (series, lengths) = SeriesClassifier.Pad(batch.Select(s => s.Values).ToList());

                optimizer.ZeroGrad();                              // optimizer.zero_grad()
                using (var tape = new Tape())                      // records every operation until disposed
                {
                    var scores = model.Forward(series, lengths);   // scores = model(series)
                    var loss = Losses.Loss.CrossEntropy(scores, batch.Select(s => s.Label).ToArray());
                    lossSum += loss.Item() * batch.Length;
                    tape.Backward(loss);                           // loss.backward()
                }                                                  // the tape's tensors go back to the pool
                GradientClipper.ClipGradNorm(model.Parameters(), maxNorm: 1);  // clip_grad_norm_(..., 1)
                optimizer.Step();                                  // optimizer.step()
            }
            log.WriteLine($"epoch {epoch}: training loss {lossSum / training.Length:F3}");
        }

        model.Eval();
        int[] predicted = model.Predict(test.Select(s => s.Values).ToList());
        double accuracy = predicted.Where((label, i) => label == test[i].Label).Count() / (double)test.Length;
        log.WriteLine($"test accuracy {accuracy:P1}");
        return accuracy;
    }
}
