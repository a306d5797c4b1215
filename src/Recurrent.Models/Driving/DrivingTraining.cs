using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Driving;

/// <summary>
/// Learning to drive from play: behaviour cloning on the expert's recorded episodes, then DAgger rounds in which the
/// controller drives (the expert's buttons executed with a share that halves every round: 1/2, 1/4, ...) while the
/// expert labels what it should have pressed in the states the controller reaches; each round's episodes join the
/// data, and training continues on all of it. After behaviour cloning and after every round the controller races on
/// selection tracks, and the one that did best there is returned, as the analysis of DAgger prescribes (Ross, Gordon
/// and Bagnell 2011: the guarantee holds for the best of the iterates on validation, not for the last). DAgger tracks
/// (seeds from <see cref="DaggerSeedBase"/>) and selection tracks (from <see cref="SelectionSeedBase"/>) are disjoint
/// from the recording's, from each other and from the evaluation tracks. Its properties are the recipe's settings.
/// </summary>
public sealed record DrivingTraining
{
    /// <summary>Epochs over the expert's episodes before the first DAgger round.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>
    /// Rounds of DAgger: the controller drives (mixed with the expert), the expert labels, all data is trained on
    /// again.
    /// </summary>
    public int DaggerRounds { get; init; } = 10;

    /// <summary>Episodes recorded in each DAgger round, each on a training track of its own.</summary>
    public int DaggerEpisodes { get; init; } = 30;

    /// <summary>
    /// The chance per step of a slip in the DAgger episodes (random buttons or a stop, as in
    /// <see cref="DrivingSessions.Record"/>), so that the controller also learns to recover from mistakes bigger than
    /// its own.
    /// </summary>
    public double DaggerSlipRate { get; init; } = 0.02;

    /// <summary>Epochs over all episodes gathered so far after each DAgger round.</summary>
    public int EpochsPerRound { get; init; } = 3;

    /// <summary>Episodes per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Steps per segment of truncated BPTT (the LSTM state carries across segments).</summary>
    public int SegmentSteps { get; init; } = 50;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>The share of the expert's episodes held out to measure the validation loss.</summary>
    public double ValidationShare { get; init; } = 0.1;

    /// <summary>The seed of the weights, the shuffling and the DAgger episodes.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The first track seed of the DAgger episodes; round r uses seeds from base + 10,000 r.</summary>
    public const int DaggerSeedBase = 200_000;

    /// <summary>
    /// Tracks on which the controller of every phase (behaviour cloning, then each DAgger round) races
    /// <see cref="SelectionLaps"/> laps from a standing start; the phase that completes the most laps, then the one
    /// with the lowest mean lap time, gives the returned controller. 0 returns the last phase's.
    /// </summary>
    public int SelectionTracks { get; init; } = 20;

    /// <summary>Laps of each selection race.</summary>
    public int SelectionLaps { get; init; } = 2;

    /// <summary>Selection track k (from 1) has the seed base + k.</summary>
    public const int SelectionSeedBase = 900_000;

    /// <summary>
    /// Trains a controller of <paramref name="configuration"/> on <paramref name="expertEpisodes"/> and then by DAgger.
    /// <paramref name="log"/> receives a line per phase. Returns the trained controller in evaluation mode.
    /// </summary>
    public KartController Train(
        KartControllerConfig configuration,
        IReadOnlyList<DrivingEpisode> expertEpisodes,
        Action<string> log
    )
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(expertEpisodes);
        ArgumentNullException.ThrowIfNull(log);
        if (SelectionTracks < 0 || SelectionLaps < 1)
            throw new ArgumentException(
                $"SelectionTracks must not be negative and SelectionLaps must be positive; got {SelectionTracks} and "
                    + $"{SelectionLaps}."
            );
        if (expertEpisodes.Count < 2)
            throw new ArgumentException(
                $"Training needs at least two recorded episodes (one held out); got {expertEpisodes.Count}.",
                nameof(expertEpisodes)
            );
        int held = Math.Max(1, (int)Math.Round(expertEpisodes.Count * ValidationShare));
        var validation = expertEpisodes.Take(held).ToList();
        var training = expertEpisodes.Skip(held).ToList();
        int steps = training[0].Steps;

        var model = new KartController(configuration, Seed);
        var optimizer = new Adam(model.Parameters(), LearningRate);
        Fit(model, optimizer, training, validation, Epochs, phase: 0, log);
        var selection = new PhaseSelection(this, model, log);
        selection.Consider(phase: 0);
        var rng = new RandomGenerator(Seed ^ 0xDA66E5UL);
        for (int round = 1; round <= DaggerRounds; round++)
        {
            double expertShare = Math.Pow(0.5, round);
            model.Eval();
            int completedBefore = training.Count;
            for (int i = 0; i < DaggerEpisodes; i++)
            {
                model.ResetDriving();
                training.Add(
                    DrivingSessions.Record(
                        DaggerSeedBase + 10_000 * round + i,
                        steps,
                        rng,
                        frame => model.Act(frame.Span),
                        expertShare,
                        DaggerSlipRate
                    )
                );
            }
            log(
                $"{configuration.Kind} DAgger round {round}: {training.Count - completedBefore} episodes driven with "
                    + $"expert share {expertShare:0.###}, {training.Count} in all"
            );
            Fit(model, optimizer, training, validation, EpochsPerRound, round, log);
            selection.Consider(round);
        }
        selection.Restore();
        model.Eval();
        return model;
    }

    // Races each phase's controller on the selection tracks and keeps a copy of the best one's weights.
    private sealed class PhaseSelection
    {
        private readonly KartController _model;
        private readonly Action<string> _log;
        private readonly RaceTrack[] _tracks;
        private readonly int _laps;
        private float[][]? _best;
        private (int Laps, double MeanLap, int Phase) _bestScore = (-1, double.PositiveInfinity, -1);

        public PhaseSelection(DrivingTraining recipe, KartController model, Action<string> log)
        {
            _model = model;
            _log = log;
            _laps = recipe.SelectionLaps;
            _tracks = Enumerable
                .Range(1, Math.Max(0, recipe.SelectionTracks))
                .Select(k => RaceTrack.Generate(SelectionSeedBase + k))
                .ToArray();
        }

        public void Consider(int phase)
        {
            if (_tracks.Length == 0)
                return;
            _model.Eval();
            var races = _tracks
                .Select(t => DrivingSessions.Race(t, _laps, DrivingEvaluation.Controller(_model)))
                .ToList();
            var score = new DrivingScore(races);
            double meanLap = score.LapsCompleted > 0 ? score.MeanLapTime : double.PositiveInfinity;
            bool better =
                score.LapsCompleted > _bestScore.Laps
                || (score.LapsCompleted == _bestScore.Laps && meanLap < _bestScore.MeanLap);
            string laps = score.LapsCompleted > 0
                ? FormattableString.Invariant($"mean lap {meanLap:F2} s")
                : "no lap completed";
            _log(
                FormattableString.Invariant(
                    $"{_model.Config.Kind} phase {phase}: selection tracks {score.LapsCompleted}/{score.LapsAttempted} "
                ) + $"laps, {laps}{(better ? ", best so far" : "")}"
            );
            if (!better)
                return;
            _bestScore = (score.LapsCompleted, meanLap, phase);
            _best = _model.Parameters().Select(p => p.ToArray()).ToArray();
        }

        public void Restore()
        {
            if (_best is null)
                return;
            foreach (var (parameter, saved) in _model.Parameters().Zip(_best))
                saved.CopyTo(parameter.Span);
            _log(
                FormattableString.Invariant(
                    $"{_model.Config.Kind}: the controller of phase {_bestScore.Phase} is kept ({_bestScore.Laps} "
                ) + FormattableString.Invariant($"laps on the selection tracks)")
            );
        }
    }

    private void Fit(
        KartController model,
        Optimizer optimizer,
        List<DrivingEpisode> training,
        List<DrivingEpisode> validation,
        int epochs,
        int phase,
        Action<string> log
    )
    {
        if (epochs < 1)
            return;
        var source = new DrivingBatchSource(training, validation, BatchSize, SegmentSteps, Seed + (ulong)phase * 7919);
        var trainer = new Trainer<DrivingBatch>(
            model,
            optimizer,
            source,
            new TrainerOptions
            {
                MaxEpochs = epochs,
                Seed = Seed + (ulong)phase,
                LogEvery = 50,
            }
        )
        {
            Clipper = GradientClipper.ByNorm(1.0),
        };
        trainer.Progress += (_, p) =>
        {
            if (p.Kind == TrainingEventKind.EpochEnd)
                log(
                    $"{model.Config.Kind} phase {phase} epoch {p.Epoch}/{epochs}: loss {p.SmoothedLoss:F4}, "
                        + $"{p.ItemsPerSecond:F0} frames/s"
                );
        };
        var result = trainer.Run();
        log(
            $"{model.Config.Kind} phase {phase}: validation loss {result.ValidationLoss:F4} after "
                + $"{result.Steps} steps"
        );
    }
}
