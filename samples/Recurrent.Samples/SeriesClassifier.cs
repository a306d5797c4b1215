using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Training;
using System.Globalization;

namespace Recurrent.Samples;

/// <summary>
/// An LSTM that reads a series one value per step, and a linear layer that scores the classes from the mean of the
/// LSTM's outputs over the valid steps of each series. As a <see cref="Module"/> it has PyTorch's state-dict names
/// (<c>lstm.weight_ih_l0</c>, ..., <c>head.bias</c>); with a <c>Loss</c> it is what the <c>Trainer</c> trains.
/// </summary>
public sealed class SeriesClassifier : Module, ITrainable<IReadOnlyList<LabelledSeries>>
{
    public SeriesClassifier(int hiddenSize, int classes, RandomGenerator rng)
    {
        Lstm = RegisterModule("lstm", new LstmLayer(inputSize: 1, hiddenSize, rng: rng));
        Head = RegisterModule("head", new Linear(hiddenSize, classes, rng));
    }

    public LstmLayer Lstm { get; }

    public Linear Head { get; }

    // series [B, T, 1], zero after each row's length -> class scores [B, classes]
    public Tensor Forward(Tensor series, int[] lengths)
    {
        var (output, state) = Lstm.Forward(series, initialState: null, lengths);
        var mean = Ops.MeanOverSteps(output, lengths);
        var scores = Head.Forward(mean);
        // Under a tape, the tape owns these and frees them; without one, they go back to the pool here.
        if (!Tape.IsRecording)
        {
            output.Dispose();
            state.Dispose();
            mean.Dispose();
        }
        return scores;
    }

    public Tensor Loss(IReadOnlyList<LabelledSeries> batch, TrainingContext context)
    {
        var (series, lengths) = Pad(batch.Select(s => s.Values).ToList());
        var scores = Forward(series, lengths);
        var loss = Losses.Loss.CrossEntropy(scores, batch.Select(s => s.Label).ToArray());
        if (!Tape.IsRecording)
            scores.Dispose();
        return loss;
    }

    public double Accuracy(IReadOnlyList<LabelledSeries> batch)
    {
        var predicted = Predict(batch.Select(s => s.Values).ToList());
        return predicted.Where((label, i) => label == batch[i].Label).Count() / (double)batch.Count;
    }

    // The most likely class of each series.
    public int[] Predict(IReadOnlyList<float[]> series)
    {
        var (inputs, lengths) = Pad(series);
        using var scores = Forward(inputs, lengths);
        int classes = scores.Dim(1);
        return Enumerable.Range(0, series.Count)
            .Select(b => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Span.Slice(b * classes, classes)))
            .ToArray();
    }

    // Series of different lengths as one batch [B, T, 1], zero after each one's end. FromArray wraps the array: the
    // tensor is not pooled, so nothing needs disposing.
    public static (Tensor Series, int[] Lengths) Pad(IReadOnlyList<float[]> series)
    {
        int longest = series.Max(s => s.Length);
        var values = new float[series.Count * longest];
        for (int b = 0; b < series.Count; b++)
            series[b].CopyTo(values, b * longest);
        return (Tensor.FromArray(values, series.Count, longest, 1), series.Select(s => s.Length).ToArray());
    }

    // The configuration, stored in the checkpoints' metadata so that Load can rebuild the model.
    public IReadOnlyDictionary<string, string> ToMetadata() =>
        new Dictionary<string, string>
        {
            ["model"] = "series-classifier",
            ["hidden_size"] = Lstm.HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["classes"] = Head.OutFeatures.ToString(CultureInfo.InvariantCulture),
        };

    // A classifier from a file that Trainer or StateDict.Save wrote, in evaluation mode.
    public static SeriesClassifier Load(string path)
    {
        var file = SafeTensorsFile.Read(path);
        var model = new SeriesClassifier(
            int.Parse(file.Metadata["hidden_size"], CultureInfo.InvariantCulture),
            int.Parse(file.Metadata["classes"], CultureInfo.InvariantCulture),
            new RandomGenerator(0)
        );
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }
}
