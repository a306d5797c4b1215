namespace Recurrent.Models.Classification;

/// <summary>A candidate's cross-validated score at one rung of a <see cref="ClassifierSearch"/>.</summary>
/// <param name="Candidate">The candidate's name (<c>c01</c>, ...).</param>
/// <param name="Rung">
/// The rung, counted from 1; the final training of the chosen candidate on every fold comes last.
/// </param>
/// <param name="Updates">The updates of every fold model at this rung.</param>
/// <param name="Folds">The folds, each model at its best checkpoint on its own validation fold.</param>
/// <param name="Seconds">The time this rung's training of the candidate took.</param>
/// <param name="Kept">Whether the candidate went on to the next rung (or, at the last, was chosen).</param>
public sealed record CandidateScore(
    string Candidate,
    int Rung,
    long Updates,
    IReadOnlyList<FoldScore> Folds,
    double Seconds,
    bool Kept
)
{
    /// <summary>The validation series of all the folds classified correctly.</summary>
    public long Correct => Folds.Sum(f => f.Correct);

    /// <summary>The validation series of all the folds.</summary>
    public long Total => Folds.Sum(f => f.Total);

    /// <summary>
    /// The cross-validated accuracy: the fraction of the folds' validation series classified correctly.
    /// </summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>The mean over the folds of the best validation loss.</summary>
    public double Loss => Folds.Count == 0 ? double.NaN : Folds.Average(f => f.Loss);
}
