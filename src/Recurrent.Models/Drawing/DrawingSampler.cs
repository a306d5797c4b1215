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
/// side. An ensemble (<see cref="DrawingEnsemble"/>) is sampled as the mixture it is: a member picked at random
/// draws each drawing.
/// </summary>
public sealed class DrawingSampler
{
    private readonly DrawingEnsemble _ensemble;

    /// <summary>A sampler of <paramref name="model"/>.</summary>
    public DrawingSampler(DrawingModel model)
        : this(new DrawingEnsemble([model ?? throw new ArgumentNullException(nameof(model))])) { }

    /// <summary>A sampler of the mixture of <paramref name="ensemble"/>'s members.</summary>
    public DrawingSampler(DrawingEnsemble ensemble) =>
        _ensemble = ensemble ?? throw new ArgumentNullException(nameof(ensemble));

    /// <summary>
    /// One drawing per entry of <paramref name="labels"/> (label indices; zeros for an unconditional model), sampled
    /// with bias <paramref name="bias"/> and <paramref name="temperature"/> from a generator seeded with
    /// <paramref name="seed"/>.
    /// </summary>
    public List<StrokeSequence> Sample(IReadOnlyList<int> labels, double bias, double temperature, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var config = _ensemble.Config;
        foreach (int label in labels)
            if (config.Conditional ? (uint)label >= (uint)config.Labels.Length : label != 0)
                throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    $"Label index {label} is outside the model's {Math.Max(1, config.Labels.Length)} labels."
                );
        if (labels.Count == 0)
            return [];
        var training = _ensemble.Members.Where(m => m.Training).ToArray();
        foreach (var member in training)
            member.Eval();
        using var noGrad = Tape.NoGrad();
        try
        {
            var rng = new RandomGenerator(seed);
            var members = _ensemble.Members;
            if (members.Count == 1)
                return Run(members[0], labels, bias, temperature, rng);
            var chosen = labels.Select(_ => rng.NextInt(members.Count)).ToArray();
            var drawings = new StrokeSequence[labels.Count];
            for (int k = 0; k < members.Count; k++)
            {
                int[] mine = [.. Enumerable.Range(0, labels.Count).Where(i => chosen[i] == k)];
                if (mine.Length == 0)
                    continue;
                var drawn = Run(members[k], [.. mine.Select(i => labels[i])], bias, temperature, rng);
                for (int j = 0; j < mine.Length; j++)
                    drawings[mine[j]] = drawn[j];
            }
            return [.. drawings];
        }
        finally
        {
            foreach (var member in training)
                member.Train();
        }
    }

    private static List<StrokeSequence> Run(
        DrawingModel model,
        IReadOnlyList<int> labels,
        double bias,
        double temperature,
        RandomGenerator rng
    )
    {
        var config = model.Config;
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
                var (parameters, next) = model.Forward(previous, labelIndices, initialStates: states); // [B, 1, W]
                Dispose(states);
                states = next;
                using var scores = parameters;
                var p = scores.Span;
                int w = model.Layout.Width;
                for (int b = 0; b < batch; b++)
                {
                    if (finished[b])
                        continue;
                    var point = MixtureDensitySampler.Sample(p.Slice(b * w, w), model.Layout, bias, temperature, rng);
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
