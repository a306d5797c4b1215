using Recurrent.Autograd;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Draws with a <see cref="DrawingModel"/> one point at a time: each step feeds the previous sampled point (a pen-up
/// start point first) through the LSTM layers' allocation-free <see cref="RecurrentLayer.Step"/>, reads the mixture
/// from the head and samples the next point with <see cref="MixtureDensitySampler"/> (bias b, temperature), until the
/// model ends the drawing or <see cref="DrawingModelConfig.MaxPoints"/> is reached. Many drawings run side by side.
/// </summary>
public sealed class DrawingSampler(DrawingModel model)
{
    private readonly DrawingModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// One drawing per entry of <paramref name="labels"/> (label indices; zeros for an unconditional model), sampled
    /// with bias <paramref name="bias"/> and <paramref name="temperature"/> from a generator seeded with
    /// <paramref name="seed"/>.
    /// </summary>
    public List<StrokeSequence> Sample(IReadOnlyList<int> labels, double bias, double temperature, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var config = _model.Config;
        foreach (int label in labels)
            if (config.Conditional ? (uint)label >= (uint)config.Labels.Length : label != 0)
                throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    $"Label index {label} is outside the model's {Math.Max(1, config.Labels.Length)} labels."
                );
        if (labels.Count == 0)
            return [];
        bool wasTraining = _model.Training;
        _model.Eval();
        using var noGrad = Tape.NoGrad();
        try
        {
            return Run(labels, bias, temperature, new RandomGenerator(seed));
        }
        finally
        {
            if (wasTraining)
                _model.Train();
        }
    }

    private List<StrokeSequence> Run(IReadOnlyList<int> labels, double bias, double temperature, RandomGenerator rng)
    {
        var config = _model.Config;
        var layers = _model.Layers;
        int batch = labels.Count,
            hidden = config.HiddenSize,
            embedding = config.Conditional ? config.EmbeddingSize : 0;
        int baseWidth = DrawingModel.PointSize + embedding;
        var states = layers.Select(l => l.ZeroState(batch)).ToArray();
        var inputs = layers.Select((l, i) => Tensor.Zeros(batch, l.InputSize)).ToArray();
        var outputs = layers.Select(_ => Tensor.Zeros(batch, hidden)).ToArray();
        using var skip = Tensor.Zeros(batch, layers.Count * hidden);
        var previous = new float[batch * DrawingModel.PointSize];
        var points = Enumerable.Range(0, batch).Select(_ => new List<float>()).ToArray();
        var finished = new bool[batch];
        for (int b = 0; b < batch; b++)
            previous[b * 3 + 2] = 1f;
        try
        {
            for (int step = 0; step < config.MaxPoints && finished.Contains(false); step++)
            {
                for (int l = 0; l < layers.Count; l++)
                {
                    var x = inputs[l].Span;
                    int width = layers[l].InputSize;
                    for (int b = 0; b < batch; b++)
                    {
                        var row = x.Slice(b * width, width);
                        previous.AsSpan(b * 3, 3).CopyTo(row);
                        if (_model.Embedding is { } table)
                            table.Weight.Span.Slice(labels[b] * embedding, embedding).CopyTo(row[3..]);
                        if (l > 0)
                            outputs[l - 1].Span.Slice(b * hidden, hidden).CopyTo(row[baseWidth..]);
                    }
                    layers[l].Step(inputs[l], states[l], outputs[l]);
                    var s = skip.Span;
                    for (int b = 0; b < batch; b++)
                        outputs[l]
                            .Span.Slice(b * hidden, hidden)
                            .CopyTo(s.Slice(b * layers.Count * hidden + l * hidden, hidden));
                }
                using var parameters = _model.Head.Forward(skip);
                var p = parameters.Span;
                int w = _model.Layout.Width;
                for (int b = 0; b < batch; b++)
                {
                    if (finished[b])
                        continue;
                    var point = MixtureDensitySampler.Sample(p.Slice(b * w, w), _model.Layout, bias, temperature, rng);
                    bool last = point.EndOfDrawing == 1f || step == config.MaxPoints - 1;
                    float eos = last ? 1f : point.EndOfStroke;
                    points[b].AddRange([point.Dx, point.Dy, eos]);
                    previous[b * 3] = point.Dx;
                    previous[b * 3 + 1] = point.Dy;
                    previous[b * 3 + 2] = eos;
                    finished[b] = last;
                }
            }
        }
        finally
        {
            foreach (var s in states)
                s.Dispose();
            foreach (var t in inputs.Concat(outputs))
                t.Dispose();
        }
        return points
            .Select(
                (p, b) =>
                    new StrokeSequence([.. p], config.Conditional ? config.Labels[labels[b]].ToString() : "", "sampled")
            )
            .ToList();
    }
}
