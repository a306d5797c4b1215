using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Tensors;
using Recurrent.Training;
using System.Diagnostics;
using System.Globalization;

namespace Recurrent.Models.Classification;

/// <summary>
/// Chooses a classifier for a training file by itself, looking at that file only. The candidates (the anchors of a
/// <see cref="ClassifierSearchSpace"/> and configurations drawn from it with the seed) are compared by stratified
/// k-fold cross-validation with successive halving: rung 1 trains every candidate briefly on enough folds to
/// validate on about 100 series (all folds of a small file, one of a large one), the better half by cross-validated
/// accuracy (ties: mean validation loss) goes on to train twice as long (rung r on at least r folds), and so on;
/// the last rung trains the last two on all k folds with the full number of updates, and the winner's k fold models,
/// each kept at its best checkpoint on its own validation fold, are the final model (<see cref="ClassifierEnsemble"/>),
/// joined by the runner-up's unless the two together predict fewer validation series right, and by the fold models
/// of both trained again with other seeds (<see cref="ClassifierSearchOptions.FinalSeeds"/>).
/// Training is counted in updates, so a file of 30 series trains as long as one of 3,000. A fold model that goes on
/// to the next rung continues from where it stopped rather than starting over.
/// </summary>
/// <remarks>
/// Under a <see cref="ClassifierSearchOptions.World"/> of several ranks every model trains data-parallel and every
/// rank runs the search: rank 0's clock and scores decide for all (each rank would read its own a moment apart, and
/// ranks that decided apart would wait for each other for ever), and rank 0 alone writes and logs.
/// Decisions depend on updates and scores only, so a seed gives the same choice whenever the plan fits the time
/// budget. Before every candidate of rung 1 and before every later rung the search projects the time the rest of
/// the plan needs from the time per update each candidate has shown; when it would not fit, it stops promoting and
/// the leader becomes the chosen model. Every training stops at the budget, and the final fold trainings share what
/// is left, with at least 5% of the budget among them, so the search ends within the budget plus that tail.
/// </remarks>
public sealed class ClassifierSearch
{
    private const ulong SamplingSalt = 0x5EA4C45EA4C4UL;
    private const ulong SeedSalt = 0x5EED5EED0001UL;
    private const long FirstRungSeries = 100;
    private const double TailShare = 0.05;
    private const string WorkDirectoryName = "candidates";

    private readonly TimeSeriesDataset _train;
    private readonly ClassifierSearchOptions _options;
    private readonly CrossValidationFolds _folds;
    private readonly TimeSeriesDataset[] _fitParts;
    private readonly TimeSeriesDataset[] _validationParts;
    private readonly ClassifierCandidate[] _candidates;
    private readonly int _anchorCount;
    private readonly long[][] _done;
    private readonly FoldScore?[][] _latest;
    private readonly bool[] _failed;
    private readonly double[] _secondsPerUpdate;
    private readonly int _firstRungFolds;
    private readonly Stopwatch _clock = new();
    private readonly List<CandidateScore> _scores = [];
    private int? _runnerUp;
    private string _work = "";
    private bool _cutShort;
    private bool _timeUp;

    /// <summary>Checks <paramref name="train"/> and plans the search: folds, batch size, updates, candidates.</summary>
    /// <exception cref="InvalidDataException">
    /// The training set cannot be cross-validated: fewer than two classes, a class with a single series, a series of
    /// one step, a series with no value or an infinite value; the message names the file (and line).
    /// </exception>
    /// <exception cref="ArgumentException">
    /// An option is out of range, or <see cref="ClassifierSearchOptions.Directory"/> holds more fold checkpoints of an
    /// earlier run than this search writes.
    /// </exception>
    public ClassifierSearch(TimeSeriesDataset train, ClassifierSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        _train = train;
        _options = options ?? new ClassifierSearchOptions();
        if (_options.MaxDuration <= TimeSpan.Zero)
            throw new ArgumentException(
                $"The search's time budget must be positive; got {_options.MaxDuration}.",
                nameof(options)
            );
        if (_options.MaxFolds < 2)
            throw new ArgumentException(
                $"Cross-validation needs at least 2 folds; MaxFolds is {_options.MaxFolds}.",
                nameof(options)
            );
        if (
            _options.SampledCandidates < 0
            || _options.Updates is < 1
            || _options.BatchSize is < 1
            || _options.FinalSeeds < 1
        )
            throw new ArgumentException(
                "SampledCandidates must not be negative, and Updates, BatchSize and FinalSeeds must be positive.",
                nameof(options)
            );
        int ranks = _options.World?.Size ?? 1;
        if (ranks > 1 && _options.Directory is null)
            throw new ArgumentException(
                "A search over several ranks needs a Directory that every rank reads: the fold models resume there.",
                nameof(options)
            );
        if (_options.BatchSize is { } given && given % ranks != 0)
            throw new ArgumentException(
                $"BatchSize {_options.BatchSize} must be a multiple of the number of ranks, {ranks}, so that every "
                    + "rank takes an equal share of each batch.",
                nameof(options)
            );
        int smallestClass = CheckTrainingSet(train);

        int foldCount = Math.Min(_options.MaxFolds, smallestClass);
        _folds = CrossValidationFolds.Stratified(
            train.Labels,
            foldCount,
            CrossValidationFolds.SplitRandom(_options.Seed)
        );
        _fitParts = Enumerable.Range(0, foldCount).Select(k => train.Select(_folds.Training(k))).ToArray();
        _validationParts = Enumerable.Range(0, foldCount).Select(k => train.Select(_folds.Validation(k))).ToArray();
        if (
            _options.Directory is { } directory
            && Directory.Exists(directory)
            && ClassifierEnsemble.FoldCheckpoints(directory) is { Count: var existing }
            && existing > MaxMembers * foldCount
        )
            throw new ArgumentException(
                $"{directory} holds {existing} fold checkpoints from an earlier run, more than the "
                    + $"{MaxMembers * foldCount} this search may write; choose another directory or remove them."
            );

        var space = _options.Space ?? ClassifierSearchSpace.For(train);
        _anchorCount = space.Anchors.Count;
        var sampled = space.Sample(_options.SampledCandidates, new RandomGenerator(_options.Seed ^ SamplingSalt));
        _candidates = [.. space.Anchors, .. sampled];
        if (_candidates.Length == 0)
            throw new ArgumentException(
                "The search has no candidate: the space has no anchors and SampledCandidates is 0.",
                nameof(options)
            );
        Rungs = _candidates.Length <= 2 ? 1 : (int)Math.Ceiling(Math.Log2(_candidates.Length));
        BatchSize = _options.BatchSize ?? (Math.Clamp(train.Count / 8, 8, 64) + ranks - 1) / ranks * ranks;
        int smallestFit = _fitParts.Min(p => p.Count);
        long epoch = (smallestFit + BatchSize - 1) / BatchSize;
        long updates = _options.Updates ?? Math.Clamp(100 * epoch, 1000, 3000);
        long unit = 1L << (Rungs - 1);
        Updates = (updates + unit - 1) / unit * unit;
        long firstRungFolds = (FirstRungSeries * foldCount + train.Count - 1) / train.Count;
        _firstRungFolds = (int)Math.Clamp(firstRungFolds, 1, foldCount);
        _done = _candidates.Select(_ => new long[foldCount]).ToArray();
        _latest = _candidates.Select(_ => new FoldScore?[foldCount]).ToArray();
        _failed = new bool[_candidates.Length];
        _secondsPerUpdate = Enumerable.Repeat(double.NaN, _candidates.Length).ToArray();
    }

    // The chosen candidate's and the runner-up's seeds: the most fold models per fold the final ensemble holds.
    private int MaxMembers => 2 * _options.FinalSeeds;

    /// <summary>The candidates, anchors first.</summary>
    public IReadOnlyList<ClassifierCandidate> Candidates => _candidates;

    /// <summary>
    /// The number of cross-validation folds: <see cref="ClassifierSearchOptions.MaxFolds"/>, or the size of the
    /// smallest class when that is smaller.
    /// </summary>
    public int FoldCount => _folds.Count;

    /// <summary>Series per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The chosen model's updates per fold (a multiple of 2^(<see cref="Rungs"/> - 1)).</summary>
    public long Updates { get; }

    /// <summary>The rungs of successive halving before the final training: ceil(log2(candidates)).</summary>
    public int Rungs { get; }

    /// <summary>Runs the search (once) and returns the choice, its fold models and every score.</summary>
    /// <exception cref="InvalidOperationException">The search has already run.</exception>
    public ClassifierSearchResult Run()
    {
        if (_clock.IsRunning || _scores.Count > 0)
            throw new InvalidOperationException("A ClassifierSearch runs once; create another for another search.");
        _clock.Start();
        string? directory = _options.Directory;
        _work = directory is null
            ? Path.Combine(Path.GetTempPath(), "recurrent-search-" + Guid.NewGuid().ToString("N"))
            : Path.Combine(directory, WorkDirectoryName);
        if (Writes)
        {
            if (Directory.Exists(_work))
                Directory.Delete(_work, recursive: true);
            Directory.CreateDirectory(_work);
        }
        Agreed(0);
        try
        {
            LogPlan();
            int chosen = Halve();
            Log($"chosen: {Name(chosen)}  {_candidates[chosen].Describe()}");
            TrainFinal(chosen);
            var (partner, ensembleScore) = ChoosePartner(chosen);
            int seeds = TrainMoreSeeds(chosen, partner);
            var members = Members(chosen, partner, seeds);
            if (seeds > 1)
                ensembleScore = ScoreMembers(chosen, partner, seeds, members);
            return Finish(chosen, partner, seeds, members, ensembleScore, directory);
        }
        finally
        {
            if (Writes && Directory.Exists(_work))
                Directory.Delete(_work, recursive: true);
        }
    }

    // Successive halving; returns the chosen candidate.
    private int Halve()
    {
        var entrants = Enumerable.Range(0, _candidates.Length).ToList();
        if (entrants.Count == 1)
            return 0;
        for (int rung = 0; ; rung++)
        {
            int folds = FoldsAt(rung);
            long updates = UpdatesAt(rung);
            Log(
                Invariant($"rung {rung + 1}/{Rungs}: {entrants.Count} candidates, folds 1-{folds}, ")
                    + Invariant($"{updates} updates each")
            );
            var results = new List<(int Candidate, CandidateScore Score)>();
            for (int i = 0; i < entrants.Count && !_timeUp; i++)
            {
                // Rung 1 takes in candidates only while the plan they make still fits the budget.
                if (rung == 0 && i > 0 && !Fits(Projected(0, [.. RankedCandidates(results), entrants[i]])))
                {
                    Log(Invariant($"  time: the budget leaves room for {i} of the {entrants.Count} candidates"));
                    _cutShort = true;
                    break;
                }
                var clock = Stopwatch.StartNew();
                var scores = TrainCandidate(entrants[i], folds, updates);
                double seconds = clock.Elapsed.TotalSeconds;
                var score = new CandidateScore(Name(entrants[i]), rung + 1, updates, scores, seconds, Kept: false);
                results.Add((entrants[i], score));
            }

            // A candidate whose training the budget cut short has fewer updates than the others and is not ranked.
            var complete = Ranked(
                results.Where(r => r.Score.Folds.Count == folds && r.Score.Folds.All(f => f.Steps >= updates))
            );
            int keep = _timeUp || complete.Count <= 2 ? 1 : (complete.Count + 1) / 2;
            for (int i = 0; i < complete.Count; i++)
                Record(complete[i].Score with { Kept = i < keep });
            foreach (var (candidate, score) in results.Where(r => !complete.Contains(r)))
                Record(score, "  cut short by the time budget, not ranked");
            if (complete.Count == 0)
                return entrants[0];

            var kept = complete.Take(keep).Select(r => r.Candidate).ToList();
            // The last rung's runner-up is trained like the winner, on every fold: it may join the final ensemble.
            if (rung == Rungs - 1 && complete.Count == 2 && !_failed[complete[1].Candidate])
                _runnerUp = complete[1].Candidate;
            foreach (int candidate in entrants.Except(kept).Where(c => c != _runnerUp))
                Discard(candidate);
            if (kept.Count == 1)
                return kept[0];
            if (!Fits(Projected(rung + 1, kept)))
            {
                Log(
                    $"  time: the rest of the plan would not fit in the budget; {Name(kept[0])}, the best so far, "
                        + "is chosen"
                );
                _cutShort = true;
                foreach (int candidate in kept.Skip(1))
                    Discard(candidate);
                return kept[0];
            }
            entrants = kept;
        }
    }

    // The chosen candidate on every fold with the full number of updates, sharing what is left of the budget.
    private void TrainFinal(int chosen)
    {
        int folds = FoldCount;
        Log(Invariant($"final: {Name(chosen)} on folds 1-{folds}, {Updates} updates each"));
        var clock = Stopwatch.StartNew();
        var tail = TimeSpan.FromTicks((long)(_options.MaxDuration.Ticks * TailShare / folds));
        var scores = new List<FoldScore>();
        for (int f = 0; f < folds; f++)
        {
            if (_done[chosen][f] < Updates && !_failed[chosen])
            {
                var left = (_options.MaxDuration - Elapsed()) / (folds - f);
                TrainFold(chosen, f, Updates, left > tail ? left : tail);
            }
            if (_latest[chosen][f] is not { } score)
                continue;
            scores.Add(score);
            Log(
                Invariant($"  fold {score.Fold}/{folds}: val_accuracy={score.Accuracy:0.####} ")
                    + Invariant(
                        $"({score.Correct}/{score.Total}) best_val_loss={score.Loss:0.####} steps={score.Steps}"
                    )
            );
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var final = new CandidateScore(Name(chosen), Rungs + 1, Updates, scores, seconds, Kept: true);
        _scores.Add(final);
        Log(
            Invariant($"final: cv_accuracy={final.Accuracy:0.####} ({final.Correct}/{final.Total}) ")
                + Invariant($"cv_loss={final.Loss:0.####}")
        );
    }

    // Whether the last rung's runner-up's fold models join the winner's: each validation series is scored by the
    // models of its fold, which never saw it, so this is the cross-validated score of either ensemble, and the pair
    // is kept unless it gets fewer series right. The log loss does not decide: between two candidates that get as
    // many series right it only says which one is more confident, and that can turn on the rounding of a machine.
    private (int? Partner, CandidateScore? Score) ChoosePartner(int chosen)
    {
        if (_runnerUp is not { } partner || _timeUp)
            return (null, null);
        var alone = new List<FoldScore>();
        var pair = new List<FoldScore>();
        for (int f = 0; f < FoldCount; f++)
        {
            string first = Path.Combine(FoldDirectory(chosen, f), "best.safetensors");
            string second = Path.Combine(FoldDirectory(partner, f), "best.safetensors");
            if (Score([first], f) is not { } one || Score([first, second], f) is not { } both)
                return (null, null);
            alone.Add(one);
            pair.Add(both);
        }
        string name = $"{Name(chosen)}+{Name(partner)}";
        var aloneScore = new CandidateScore(Name(chosen), Rungs + 1, Updates, alone, 0, Kept: false);
        var pairScore = new CandidateScore(name, Rungs + 1, Updates, pair, 0, Kept: false);
        bool together = pairScore.Correct >= aloneScore.Correct;
        Log(
            Invariant($"ensemble: {name} cv_accuracy={pairScore.Accuracy:0.####} ({pairScore.Correct}/")
                + Invariant($"{pairScore.Total}) cv_loss={pairScore.Loss:0.####}; {Name(chosen)} alone ")
                + Invariant($"cv_accuracy={aloneScore.Accuracy:0.####} cv_loss={aloneScore.Loss:0.####}; ")
                + (
                    together
                        ? $"the final model is both candidates' {2 * FoldCount} fold models"
                        : $"the final model is {Name(chosen)}'s {FoldCount} fold models"
                )
        );
        if (!together)
        {
            Discard(partner);
            return (null, aloneScore with { Kept = true });
        }
        return (partner, pairScore with { Kept = true });
    }

    // The chosen candidate's fold models (and the partner's) trained again from other seeds, each seed while the time
    // per update their first seed took says the budget leaves room for all their folds; returns the number of seeds,
    // the first included.
    private int TrainMoreSeeds(int chosen, int? partner)
    {
        if (_failed[chosen])
            return 1;
        var trained = Trained(chosen, partner);
        for (int seed = 1; seed < _options.FinalSeeds; seed++)
        {
            double need = trained.Sum(c => _secondsPerUpdate[c]) * Updates * FoldCount;
            if (_timeUp || !double.IsFinite(need) || !Fits(need))
            {
                Log(Invariant($"seeds: the budget leaves room for {seed} of {_options.FinalSeeds}"));
                _cutShort = true;
                return seed;
            }
            foreach (int candidate in trained)
            {
                Log(
                    Invariant($"seed {seed + 1}/{_options.FinalSeeds}: {Name(candidate)} on folds 1-{FoldCount} again")
                );
                for (int f = 0; f < FoldCount; f++)
                {
                    var score = TrainModel(candidate, f, seed, before: 0, Updates, _options.MaxDuration - Elapsed());
                    if (score is null)
                        return seed;
                    Log(
                        Invariant($"  fold {score.Fold}/{FoldCount}: val_accuracy={score.Accuracy:0.####} ")
                            + Invariant($"({score.Correct}/{score.Total}) best_val_loss={score.Loss:0.####}")
                    );
                    if (_timeUp)
                    {
                        Log(Invariant($"seeds: the budget cut seed {seed + 1} short; it is left out"));
                        return seed;
                    }
                }
            }
        }
        return _options.FinalSeeds;
    }

    // The final ensemble's fold models, member by member: the chosen candidate, the partner, then each further seed's
    // of the two; each an array of fold directories.
    private List<string[]> Members(int chosen, int? partner, int seeds) =>
        Enumerable
            .Range(0, seeds)
            .SelectMany(seed => Trained(chosen, partner).Select(c => FoldDirectories(c, seed)))
            .ToList();

    // The candidates whose fold models make the final ensemble, the chosen one first.
    private static int[] Trained(int chosen, int? partner) => partner is { } second ? [chosen, second] : [chosen];

    private string[] FoldDirectories(int candidate, int seed) =>
        Enumerable.Range(0, FoldCount).Select(f => FoldDirectory(candidate, f, seed)).ToArray();

    // The cross-validated score of the whole final ensemble.
    private CandidateScore ScoreMembers(int chosen, int? partner, int seeds, List<string[]> members)
    {
        var folds = new List<FoldScore>();
        for (int f = 0; f < FoldCount; f++)
            if (Score(members.Select(m => Path.Combine(m[f], "best.safetensors")), f, existing: true) is { } fold)
                folds.Add(fold);
        string name = partner is { } second
            ? Invariant($"{Name(chosen)} x{seeds}+{Name(second)} x{seeds}")
            : Invariant($"{Name(chosen)} x{seeds}");
        var score = new CandidateScore(name, Rungs + 1, Updates, folds, 0, Kept: true);
        Log(
            Invariant($"final ensemble: {name} cv_accuracy={score.Accuracy:0.####} ({score.Correct}/")
                + Invariant($"{score.Total}) cv_loss={score.Loss:0.####}")
        );
        return score;
    }

    // The accuracy and mean log loss of the averaged probabilities of fold f's models on fold f's validation series,
    // as rank 0 measures it; null when a checkpoint is missing (or, with `existing`, all of them).
    private FoldScore? Score(IEnumerable<string> checkpoints, int fold, bool existing = false)
    {
        FoldScore? score = null;
        if (Writes)
        {
            var paths = checkpoints.ToArray();
            var found = paths.Where(File.Exists).ToArray();
            if (found.Length > 0 && (existing || found.Length == paths.Length))
                score = MeasureScore(found, fold);
        }
        return Agreed(score);
    }

    private FoldScore MeasureScore(string[] checkpoints, int fold)
    {
        var ensemble = new ClassifierEnsemble(checkpoints.Select(SequenceClassifier.Load));
        var validation = _validationParts[fold];
        var actual = validation.LabelIndices(ensemble.Labels);
        var probabilities = ensemble.PredictProbabilities(validation);
        int classes = ensemble.Labels.Count,
            correct = 0;
        double loss = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == actual[i])
                correct++;
            loss -= Math.Log(Math.Max(row[actual[i]], 1e-12));
        }
        return new FoldScore(fold + 1, Updates, correct, actual.Length, loss / actual.Length);
    }

    private ClassifierSearchResult Finish(
        int chosen,
        int? partner,
        int seeds,
        List<string[]> members,
        CandidateScore? ensembleScore,
        string? directory
    )
    {
        // Fold models of an earlier run into the same directory (at most MaxMembers K, the constructor checked)
        // would join the ensemble that classify predict loads from it.
        if (directory is not null && Writes)
            for (int k = 1; k <= MaxMembers * FoldCount; k++)
                if (
                    Path.Combine(directory, ClassifierEnsemble.FoldDirectoryName(k)) is var stale
                    && Directory.Exists(stale)
                )
                    Directory.Delete(stale, recursive: true);
        var checkpoints = new List<string>();
        for (int m = 0; m < members.Count; m++)
            for (int f = 0; f < FoldCount; f++)
            {
                string source = members[m][f];
                string target = directory is null
                    ? source
                    : Path.Combine(directory, ClassifierEnsemble.FoldDirectoryName(m * FoldCount + f + 1));
                if (directory is not null && Writes && Directory.Exists(source))
                    Directory.Move(source, target);
                checkpoints.Add(Path.Combine(target, "best.safetensors"));
            }
        // The other ranks read the fold models once rank 0 has moved them into place.
        Agreed(0);
        checkpoints.RemoveAll(c => !File.Exists(c));
        if (checkpoints.Count == 0)
            throw new InvalidOperationException($"No fold model of {Name(chosen)} reached a checkpoint.");
        var result = new ClassifierSearchResult
        {
            Candidates = _candidates,
            AnchorCount = _anchorCount,
            Scores = [.. _scores],
            ChosenIndex = chosen,
            PartnerIndex = partner,
            Seeds = seeds,
            EnsembleScore = ensembleScore,
            Ensemble = new ClassifierEnsemble(checkpoints.Select(SequenceClassifier.Load)),
            Folds = FoldCount,
            BatchSize = BatchSize,
            Updates = Updates,
            Rungs = Rungs,
            Seed = _options.Seed,
            CutShort = _cutShort,
            MaxDuration = _options.MaxDuration,
            Elapsed = _clock.Elapsed,
            Directory = directory,
        };
        if (directory is not null && Writes)
            AtomicFile.WriteAllText(Path.Combine(directory, "search.json"), result.ToJson());
        return result;
    }

    private List<FoldScore> TrainCandidate(int candidate, int folds, long updates)
    {
        var scores = new List<FoldScore>();
        for (int f = 0; f < folds && !_timeUp; f++)
        {
            if (_failed[candidate])
            {
                scores.Add(new FoldScore(f + 1, updates, 0, _validationParts[f].Count, double.PositiveInfinity));
                continue;
            }
            if (_done[candidate][f] < updates)
            {
                var left = _options.MaxDuration - Elapsed();
                if (left <= TimeSpan.Zero)
                {
                    _timeUp = _cutShort = true;
                    break;
                }
                TrainFold(candidate, f, updates, left);
            }
            scores.Add(_latest[candidate][f]!);
        }
        return scores;
    }

    // Trains (or continues) one fold model of a candidate up to target updates and records its score.
    private void TrainFold(int candidate, int fold, long target, TimeSpan cap)
    {
        long before = _done[candidate][fold];
        var clock = Stopwatch.StartNew();
        var score = TrainModel(candidate, fold, seed: 0, before, target, cap);
        if (score is null)
        {
            _failed[candidate] = true;
            _done[candidate][fold] = target;
            _latest[candidate][fold] = new FoldScore(
                fold + 1,
                target,
                0,
                _validationParts[fold].Count,
                double.PositiveInfinity
            );
            return;
        }
        double seconds = Agreed(clock.Elapsed.TotalSeconds);
        if (score.Steps > before)
            _secondsPerUpdate[candidate] = seconds / (score.Steps - before);
        _done[candidate][fold] = score.Steps;
        _latest[candidate][fold] = score;
    }

    // Trains (or, from `before` updates on, continues) the fold model of a candidate with one of its seeds; null
    // when the training cannot go on.
    private FoldScore? TrainModel(int candidate, int fold, int seed, long before, long target, TimeSpan cap)
    {
        string directory = FoldDirectory(candidate, fold, seed);
        var fit = _fitParts[fold];
        var validation = _validationParts[fold];
        var limits = new TrainerOptions
        {
            MaxSteps = target,
            MaxDuration = cap,
            LogEvery = 10,
            World = _options.World,
        };
        var recipe = _candidates[candidate].Recipe(BatchSize, limits);
        var config = _candidates[candidate].ConfigFor(fit);
        ulong weights = seed == 0 ? FoldSeed(fold) : FoldSeed(fold) ^ (SeedSalt * (ulong)seed);
        try
        {
            var trained = recipe.Train(config, fit, validation, weights, directory, (trainer, _) =>
            {
                if (before > 0)
                    trainer.LoadCheckpoint(Path.Combine(directory, "last.safetensors"));
                return trainer.Run();
            });
            if (Agreed(trained.Result.Reason == StopReason.TimeLimit ? 1 : 0) > 0)
                _timeUp = _cutShort = true;
            return Agreed(
                new FoldScore(
                    fold + 1,
                    trained.Result.Steps,
                    trained.Validation.Correct,
                    trained.Validation.Total,
                    trained.Result.BestValidationLoss ?? double.NaN
                )
            );
        }
        catch (Exception e) when (e is TrainingDivergedException or BatchTooSmallException)
        {
            // A candidate whose training blows up, or that cannot train on these series at all (batch normalisation
            // over a batch holding a single one-step series), loses every comparison; the search goes on without it.
            // Any other error is a bug, and surfaces.
            Log($"  {Name(candidate)} fold {fold + 1}: {e.Message}");
            return Agreed(null);
        }
    }

    // Best first: more validation series right, then a lower mean validation loss, then the earlier candidate.
    private static List<(int Candidate, CandidateScore Score)> Ranked(
        IEnumerable<(int Candidate, CandidateScore Score)> results
    ) =>
        results
            .OrderByDescending(r => r.Score.Correct)
            .ThenBy(r => double.IsNaN(r.Score.Loss) ? double.PositiveInfinity : r.Score.Loss)
            .ThenBy(r => r.Candidate)
            .ToList();

    private static IEnumerable<int> RankedCandidates(IEnumerable<(int Candidate, CandidateScore Score)> results) =>
        Ranked(results).Select(r => r.Candidate);

    // The seconds the plan still needs from this rung on if these candidates (best first) enter it: each takes
    // the time per update it has shown (unknown ones the mean of the others), the better half goes on.
    private double Projected(int rung, IReadOnlyList<int> entrants)
    {
        var measured = _secondsPerUpdate.Where(double.IsFinite).ToArray();
        double fallback = measured.Length > 0 ? measured.Average() : 0;
        var done = entrants.ToDictionary(c => c, c => (long[])_done[c].Clone());
        var members = entrants.ToList();
        double seconds = 0;
        for (int r = rung; ; r++)
        {
            bool final = members.Count == 1;
            int folds = final ? FoldCount : FoldsAt(r);
            long updates = final ? Updates : UpdatesAt(r);
            foreach (int c in members)
            {
                double perUpdate = double.IsFinite(_secondsPerUpdate[c]) ? _secondsPerUpdate[c] : fallback;
                for (int f = 0; f < folds; f++)
                {
                    seconds += Math.Max(0, updates - done[c][f]) * perUpdate;
                    done[c][f] = Math.Max(done[c][f], updates);
                }
            }
            if (final)
                return seconds;
            members = members.Take(members.Count <= 2 ? 1 : (members.Count + 1) / 2).ToList();
        }
    }

    private bool Fits(double seconds) => (Elapsed() + TimeSpan.FromSeconds(seconds)) <= _options.MaxDuration;

    // Rung 1 validates on enough folds for about 100 series (all of them in a small file), rung r on at least r,
    // and the last on all: its winner's fold models are then the final model as they stand.
    private int FoldsAt(int rung) =>
        rung >= Rungs - 1 ? FoldCount : Math.Min(FoldCount, Math.Max(_firstRungFolds, rung + 1));

    private long UpdatesAt(int rung) => rung >= Rungs - 1 ? Updates : Math.Max(1, Updates >> (Rungs - 1 - rung));

    // Each fold's models start from the same draw whatever the candidate, as in classify train --folds.
    private ulong FoldSeed(int fold) => CrossValidationFolds.FoldSeed(_options.Seed, fold + 1);

    // The first seed's models continue from rung to rung; further seeds of the chosen candidate train beside them.
    private string FoldDirectory(int candidate, int fold, int seed = 0) =>
        Path.Combine(
            _work,
            Name(candidate),
            seed == 0 ? "" : Invariant($"seed-{seed + 1}"),
            ClassifierEnsemble.FoldDirectoryName(fold + 1)
        );

    private void Discard(int candidate)
    {
        if (!Writes)
            return;
        string directory = Path.Combine(_work, Name(candidate));
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
    }

    private void Record(CandidateScore score, string note = "")
    {
        _scores.Add(score);
        Log(
            Invariant($"  {score.Candidate}  cv_accuracy={score.Accuracy:0.####} ({score.Correct}/{score.Total})  ")
                + Invariant($"cv_loss={score.Loss:0.####}  {score.Seconds:0.0} s{(score.Kept ? "  kept" : "")}{note}")
        );
    }

    private void LogPlan()
    {
        var lengths = Enumerable.Range(0, _train.Count).Select(_train.Length).ToArray();
        int classes = _train.Labels.Distinct(StringComparer.Ordinal).Count();
        Log(
            Invariant($"search on {_train.Source}: {_train.Count} series, {_train.Channels} channel(s), ")
                + Invariant($"length {lengths.Min()}..{lengths.Max()}, {classes} classes; ")
                + Invariant($"{FoldCount} folds, batch {BatchSize}, ")
                + Invariant(
                    $"{Updates} updates for the chosen model, budget {_options.MaxDuration.TotalMinutes:0.##} min"
                )
        );
        Log(Invariant($"candidates ({_candidates.Length}, the first {_anchorCount} fixed):"));
        for (int i = 0; i < _candidates.Length; i++)
            Log($"  {Name(i)}  {_candidates[i].Describe()}");
    }

    private void Log(string line)
    {
        if (Writes)
            _options.Log?.Invoke(line);
    }

    // Rank 0 (or the one process) writes, logs and measures the scores and the clock that decide.
    private bool Writes => _options.World is not { Rank: > 0 };

    // Rank 0's value on every rank (an all-reduce in which the other ranks add zeros); with one process the value
    // itself. A call is collective, so it is also a barrier: rank 0's files are written when it returns.
    private double Agreed(double value)
    {
        if (_options.World is not { Size: > 1 } world)
            return value;
        Span<double> values = [Writes ? value : 0];
        world.AllReduceSum(values);
        return values[0];
    }

    private FoldScore? Agreed(FoldScore? score)
    {
        if (_options.World is not { Size: > 1 } world)
            return score;
        Span<double> values = score is { } s && Writes
            ? [1, s.Fold, s.Steps, s.Correct, s.Total, s.Loss]
            : [0, 0, 0, 0, 0, 0];
        world.AllReduceSum(values);
        return values[0] > 0
            ? new FoldScore((int)values[1], (long)values[2], (long)values[3], (long)values[4], values[5])
            : null;
    }

    private TimeSpan Elapsed() => TimeSpan.FromSeconds(Agreed(_clock.Elapsed.TotalSeconds));

    private static string Name(int candidate) => ClassifierSearchResult.CandidateName(candidate);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Returns the size of the smallest class.
    private static int CheckTrainingSet(TimeSeriesDataset train)
    {
        if (train.Count == 0)
            throw new InvalidDataException($"{train.Source}: the training set has no series.");
        ClassifierInput.EnsureObserved(train);
        for (int i = 0; i < train.Count; i++)
            if (train.Length(i) < 2)
                throw new InvalidDataException(
                    $"{train.Locate(i)}: the series has a single step; "
                        + "a recurrent classifier reads series of at least 2 steps."
                );
        var classes = Enumerable.Range(0, train.Count).GroupBy(i => train.Labels[i], StringComparer.Ordinal).ToList();
        if (classes.Count < 2)
            throw new InvalidDataException(
                $"{train.Source}: all {train.Count} series are of the class '{classes[0].Key}'; "
                    + "a classifier needs series of at least two classes."
            );
        if (classes.FirstOrDefault(c => c.Count() == 1) is { } single)
        {
            // Mostly classes of one series: the column read as the class holds values, as when a file without a
            // header keeps its class last rather than first.
            int singles = classes.Count(c => c.Count() == 1);
            string advice =
                singles > 2 && 2 * singles > classes.Count
                    ? Invariant($" {singles} of the {classes.Count} classes have one series each, as if they were ")
                        + "values: a file without a header line takes the class from its first column (the UCR "
                        + "archive's layout); if it stands elsewhere, add a header line naming every column, the "
                        + "class column 'label'; if the file holds values only, give the classes in a file of their "
                        + "own, one per line (SeriesAndLabelFiles; recurrent: --train-labels)."
                    : "";
            throw new InvalidDataException(
                $"{train.Locate(single.First())}: the series is the only one of the class '{single.Key}'; "
                    + "cross-validation needs at least 2 series of every class (one to train on, one to validate)."
                    + advice
            );
        }
        return classes.Min(c => c.Count());
    }
}
