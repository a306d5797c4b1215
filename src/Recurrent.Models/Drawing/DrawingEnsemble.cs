using Recurrent.Datasets;
using Recurrent.Losses;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Several drawing models trained alike (by <c>draw train</c> with different seeds) read as one model, their mixture:
/// the density of a drawing is the mean of the members' densities of it, <c>p(x) = (1/K) sum_k p_k(x)</c>, as if a
/// member were picked at random for each drawing. That is again a model that writes one point at a time (the next
/// point's density is the members' densities weighted by how likely each found the points before), so it is scored
/// as one (<see cref="NegativeLogLikelihood"/>) and sampled as one (<see cref="DrawingSampler"/> picks a member for
/// each drawing and lets it draw). Each member's mistakes are partly its own, so the mixture gives unusual hands more
/// probability than any one member does, and every sample is a whole drawing of one member, as legible as its own.
/// </summary>
public sealed class DrawingEnsemble
{
    private readonly DrawingModel[] _members;

    /// <summary>An ensemble of <paramref name="members"/> (one member is that model alone).</summary>
    /// <exception cref="ArgumentException">There are no members, or they draw different characters or were trained
    /// on differently simplified strokes.</exception>
    public DrawingEnsemble(IReadOnlyList<DrawingModel> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
            throw new ArgumentException("An ensemble needs at least one drawing model.", nameof(members));
        _members = [.. members];
        var first = _members[0].Config;
        for (int k = 1; k < _members.Length; k++)
        {
            var config = _members[k].Config;
            if (config.Labels != first.Labels)
                throw new ArgumentException(
                    $"The models of an ensemble must draw the same characters; model 1 draws '{first.Labels}' and "
                        + $"model {k + 1} '{config.Labels}'.",
                    nameof(members)
                );
            if (config.Simplify != first.Simplify)
                throw new ArgumentException(
                    $"The models of an ensemble must be trained on strokes simplified alike; model 1 used --simplify "
                        + $"{first.Simplify} and model {k + 1} {config.Simplify}.",
                    nameof(members)
                );
        }
    }

    /// <summary>Loads the checkpoints at <paramref name="paths"/> (each written by <c>recurrent draw train</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="IO.CheckpointFormatException">A file is damaged or holds another kind of model.</exception>
    /// <exception cref="ArgumentException">The models cannot form an ensemble (see the constructor).</exception>
    public static DrawingEnsemble Load(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new DrawingEnsemble([.. paths.Select(DrawingModel.Load)]);
    }

    /// <summary>The models, in the order given.</summary>
    public IReadOnlyList<DrawingModel> Members => _members;

    /// <summary>
    /// The first member's configuration: the characters, the data and the simplification every member shares.
    /// </summary>
    public DrawingModelConfig Config => _members[0].Config;

    /// <summary>
    /// The negative log-likelihood per point of <paramref name="drawings"/> under the mixture (that of every drawing,
    /// summed, over the number of points), as <see cref="DrawingModel.NegativeLogLikelihood"/> reports it for one
    /// model (which it equals for one member): the offsets and end-of-stroke flags, and separately the end-of-drawing
    /// flag.
    /// </summary>
    public (double PerPoint, double EndOfDrawingPerPoint, long Points) NegativeLogLikelihood(
        IReadOnlyList<StrokeSequence> drawings,
        int batchSize = 128
    )
    {
        ArgumentNullException.ThrowIfNull(drawings);
        var perMember = _members.Select(m => m.PointNegativeLogLikelihoods(drawings, batchSize)).ToArray();
        if (perMember.Length == 1)
            return DrawingModel.MeanPerPoint(perMember[0].Strokes, perMember[0].Full);
        var lengths = perMember[0].Lengths;
        // Each member's log-likelihood of the drawing, so that the mixture's is their log-mean-exp.
        var memberStrokes = new double[_members.Length];
        var memberFull = new double[_members.Length];
        double strokes = 0,
            ends = 0;
        long points = 0;
        foreach (int length in lengths)
        {
            for (int k = 0; k < _members.Length; k++)
            {
                memberStrokes[k] = -Sum(perMember[k].Strokes, points, length);
                memberFull[k] = -Sum(perMember[k].Full, points, length);
            }
            double drawing = MixtureNegativeLogLikelihood(memberStrokes);
            strokes += drawing;
            ends += MixtureNegativeLogLikelihood(memberFull) - drawing;
            points += length;
        }
        return (strokes / points, ends / points, points);
    }

    private static double Sum(double[] values, long start, int count)
    {
        double sum = 0;
        for (long i = start; i < start + count; i++)
            sum += values[i];
        return sum;
    }

    // -log((1/K) sum_k exp(log p_k)) by log-sum-exp: a drawing's likelihood under one member underflows a double
    // after a few dozen points.
    private static double MixtureNegativeLogLikelihood(double[] logLikelihoods) =>
        Math.Log(logLikelihoods.Length) - MixtureDensityLayout.LogSumExp(logLikelihoods);
}
