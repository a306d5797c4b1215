using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// What a <see cref="ClassifierSearch"/> may spend and where it writes; everything else it derives from the
/// training file.
/// </summary>
public sealed record ClassifierSearchOptions
{
    /// <summary>
    /// Draws the candidates, the folds, and every model's weights, batches and dropout: the same seed gives the same
    /// choice.
    /// </summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>
    /// The time budget. It never changes a decision while the plan fits in it; when the plan would not fit (judged
    /// from the time per update measured so far), the search stops promoting and the best candidate so far becomes
    /// the final model, whose fold trainings share what is left (at least 5% of the budget in all).
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The number of cross-validation folds, fewer when the smallest class has fewer series.</summary>
    public int MaxFolds { get; init; } = 5;

    /// <summary>Candidates drawn at random from the space, besides its anchors.</summary>
    public int SampledCandidates { get; init; } = 11;

    /// <summary>
    /// The chosen model's updates per fold; null derives them from the data (100 epochs, within 1,000 to 3,000).
    /// </summary>
    public long? Updates { get; init; }

    /// <summary>
    /// The seeds each fold model of the chosen candidate (and of its partner) is trained with: the final ensemble
    /// averages them all, as averaging independently trained networks lowers the variance of the prediction and, the
    /// log loss being convex, never raises its expected loss. The seeds after the first are trained only while the
    /// time budget allows them.
    /// </summary>
    public int FinalSeeds { get; init; } = 3;

    /// <summary>
    /// Series per batch; null derives it from the number of series n, clamp(n / 8, 8, 64), rounded up to a multiple
    /// of the <see cref="World"/>'s ranks, of which a given one must be a multiple.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>The search space; null is <see cref="ClassifierSearchSpace.For"/> of the training file.</summary>
    public ClassifierSearchSpace? Space { get; init; }

    /// <summary>
    /// Where the chosen model's fold checkpoints (<c>fold-k/best.safetensors</c>) and <c>search.json</c> go; the
    /// candidates train under <c>candidates/</c> there, which is removed at the end. Null works in a temporary
    /// directory and keeps nothing on disk.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>
    /// Receives a line per candidate and rung, and the choice; under a <see cref="World"/> of several ranks, on rank 0
    /// alone.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// The ranks that train every model of the search together, data-parallel (each rank its share of every batch, as
    /// <see cref="ClassifierTraining.Limits"/> says); null is one process. Every rank then runs the same search on
    /// the same training file with the same options: rank 0's clock and scores make every decision for all of them,
    /// rank 0 alone writes, and <see cref="Directory"/> must be one that every rank reads (a shared file system), as
    /// a fold model that goes on to the next rung resumes there on every rank.
    /// </summary>
    public ITrainingWorld? World { get; init; }
}
