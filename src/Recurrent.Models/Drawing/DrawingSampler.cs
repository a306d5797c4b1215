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
/// side. An ensemble (<see cref="DrawingEnsemble"/>) is sampled as the mean of its members' densities: every member
/// reads every point, and each point is drawn from a member picked at random.
/// </summary>
public sealed class DrawingSampler
{
    private readonly DrawingEnsemble _ensemble;

    /// <summary>A sampler of <paramref name="model"/>.</summary>
    public DrawingSampler(DrawingModel model)
        : this(new DrawingEnsemble([model ?? throw new ArgumentNullException(nameof(model))])) { }

    /// <summary>A sampler of the mean of <paramref name="ensemble"/>'s members.</summary>
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
            return Run(labels, bias, temperature, new RandomGenerator(seed));
        }
        finally
        {
            foreach (var member in training)
                member.Train();
        }
    }

    private List<StrokeSequence> Run(IReadOnlyList<int> labels, double bias, double temperature, RandomGenerator rng)
    {
        var members = _ensemble.Members;
        int batch = labels.Count,
            maxPoints = _ensemble.MaxPoints;
        var labelIndices = labels.ToArray();
        var states = new RecurrentState[]?[members.Count];
        var scores = new Tensor?[members.Count];
        using var previous = Tensor.Zeros(batch, 1, DrawingModel.PointSize);
        var points = Enumerable.Range(0, batch).Select(_ => new List<float>()).ToArray();
        var finished = new bool[batch];
        var pen = previous.Span;
        for (int b = 0; b < batch; b++)
            pen[b * 3 + 2] = 1f;
        try
        {
            for (int step = 0; step < maxPoints && finished.Contains(false); step++)
            {
                for (int k = 0; k < members.Count; k++)
                {
                    var (parameters, next) = members[k].Forward(previous, labelIndices, initialStates: states[k]);
                    Dispose(states[k]);
                    states[k] = next;
                    scores[k]?.Dispose();
                    scores[k] = parameters; // [B, 1, W_k]
                }
                for (int b = 0; b < batch; b++)
                {
                    if (finished[b])
                        continue;
                    // A lone model spends no random number on the choice, so it draws what it drew before ensembles.
                    int k = members.Count == 1 ? 0 : rng.NextInt(members.Count);
                    var layout = members[k].Layout;
                    var row = scores[k]!.Span.Slice(b * layout.Width, layout.Width);
                    var point = MixtureDensitySampler.Sample(row, layout, bias, temperature, rng);
                    bool last = point.EndOfDrawing == 1f || step == maxPoints - 1;
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
            foreach (var state in states)
                Dispose(state);
            foreach (var score in scores)
                score?.Dispose();
        }
        var config = _ensemble.Config;
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
