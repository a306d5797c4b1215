using Recurrent.Datasets;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Several drawing models trained alike (by <c>draw train</c> with different seeds) read as one model: the density
/// of the next point is the mean of the members' densities given the same points before,
/// <c>p(x_t | x_&lt;t) = (1/K) sum_k p_k(x_t | x_&lt;t)</c>. That is again a model that writes one point at a time,
/// so it is scored as one (<see cref="NegativeLogLikelihood"/>) and sampled as one (<see cref="DrawingSampler"/>
/// picks a member at random for every point and feeds the point drawn to all of them). Each member's mistakes are
/// partly its own, so the mean gives unusual hands more probability than any one member does.
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

    /// <summary>The most points a sampled drawing may have: the largest of the members'.</summary>
    public int MaxPoints => _members.Max(m => m.Config.MaxPoints);

    /// <summary>
    /// The negative log-likelihood per point of <paramref name="drawings"/> under the mean of the members' densities,
    /// as <see cref="DrawingModel.NegativeLogLikelihood"/> reports it for one model (which it equals for one member):
    /// the offsets and end-of-stroke flags, and separately the end-of-drawing flag.
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
        return DrawingModel.MeanPerPoint(
            MeanDensity(perMember.Select(m => m.Strokes).ToArray()),
            MeanDensity(perMember.Select(m => m.Full).ToArray())
        );
    }

    // -log((1/K) sum_k exp(-nll_k)) point by point, by log-sum-exp, so that a point one member finds very unlikely
    // neither underflows nor overflows.
    private static double[] MeanDensity(double[][] negativeLogLikelihoods)
    {
        int points = negativeLogLikelihoods[0].Length;
        double logK = Math.Log(negativeLogLikelihoods.Length);
        var mean = new double[points];
        for (int i = 0; i < points; i++)
        {
            double best = double.PositiveInfinity;
            foreach (var member in negativeLogLikelihoods)
                best = Math.Min(best, member[i]);
            double sum = 0;
            foreach (var member in negativeLogLikelihoods)
                sum += Math.Exp(best - member[i]);
            mean[i] = best - Math.Log(sum) + logK;
        }
        return mean;
    }
}
