using Recurrent.Autograd;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Draws with a <see cref="DrawingModel"/> one point at a time: each step feeds the previous sampled point (a pen-up
/// start point first) through <see cref="DrawingModel.Forward"/> from the layers' state after the points before,
/// and samples the next point from the mixture with <see cref="MixtureDensitySampler"/> (bias b, temperature), until
/// the model ends the drawing or <see cref="DrawingModelConfig.MaxPoints"/> is reached. Many drawings run side by
/// side.
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
        int batch = labels.Count;
        var labelIndices = labels.ToArray();
        RecurrentState[]? states = null;
        using var previous = Tensor.Zeros(batch, 1, DrawingModel.PointSize);
        var points = Enumerable.Range(0, batch).Select(_ => new List<float>()).ToArray();
        var finished = new bool[batch];
        var pen = previous.Span;
        for (int b = 0; b < batch; b++)
            pen[b * 3 + 2] = 1f;
        try
        {
            for (int step = 0; step < config.MaxPoints && finished.Contains(false); step++)
            {
                var (parameters, next) = _model.Forward(previous, labelIndices, initialStates: states); // [B, 1, W]
                Dispose(states);
                states = next;
                using var scores = parameters;
                var p = scores.Span;
                int w = _model.Layout.Width;
                for (int b = 0; b < batch; b++)
                {
                    if (finished[b])
                        continue;
                    var point = MixtureDensitySampler.Sample(p.Slice(b * w, w), _model.Layout, bias, temperature, rng);
                    bool last = point.EndOfDrawing == 1f || step == config.MaxPoints - 1;
                    float eos = last ? 1f : point.EndOfStroke;
                    points[b].AddRange([point.Dx, point.Dy, eos]);
                    pen[b * 3] = point.Dx;
                    pen[b * 3 + 1] = point.Dy;
                    pen[b * 3 + 2] = eos;
                    finished[b] = last;
                }
            }
        }
        finally
        {
            Dispose(states);
        }
        return points
            .Select(
                (p, b) =>
                    new StrokeSequence([.. p], config.Conditional ? config.Labels[labels[b]].ToString() : "", "sampled")
            )
            .ToList();
    }

    private static void Dispose(RecurrentState[]? states)
    {
        foreach (var state in states ?? [])
            state.Dispose();
    }
}
