using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Driving;

/// <summary>
/// Learning to drive from play: behaviour cloning on the expert's recorded episodes, then DAgger rounds in which the
/// controller drives (the expert's buttons executed with a share that halves every round: 1/2, 1/4, ...) while the
/// expert labels what it should have pressed in the states the controller reaches; each round's episodes join the
/// data, and training continues on all of it. DAgger tracks (seeds from <see cref="DaggerSeedBase"/>) are disjoint
/// from the recording's and from the evaluation tracks.
/// </summary>
public static class DrivingTraining
{
    /// <summary>The first track seed of the DAgger episodes; round r uses seeds from base + 10,000 r.</summary>
    public const int DaggerSeedBase = 200_000;

    /// <summary>
    /// Trains a controller of <paramref name="configuration"/> on <paramref name="expertEpisodes"/> and then by DAgger.
    /// <paramref name="log"/> receives a line per phase. Returns the trained controller in evaluation mode.
    /// </summary>
    public static KartController Train(KartControllerConfig configuration, IReadOnlyList<DrivingEpisode> expertEpisodes, DrivingTrainingOptions options,
        Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(expertEpisodes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (expertEpisodes.Count < 2)
            throw new ArgumentException($"Training needs at least two recorded episodes (one held out); got {expertEpisodes.Count}.", nameof(expertEpisodes));
        int held = Math.Max(1, (int)Math.Round(expertEpisodes.Count * options.ValidationShare));
        var validation = expertEpisodes.Take(held).ToList();
        var training = expertEpisodes.Skip(held).ToList();
        int steps = training[0].Steps;

        var model = new KartController(configuration, options.Seed);
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        Fit(model, optimizer, training, validation, options.Epochs, options, phase: 0, log);
        var rng = new RandomGenerator(options.Seed ^ 0xDA66E5UL);
        for (int round = 1; round <= options.DaggerRounds; round++)
        {
            double expertShare = Math.Pow(0.5, round);
            model.Eval();
            int completedBefore = training.Count;
            for (int i = 0; i < options.DaggerEpisodes; i++)
            {
                model.ResetDriving();
                training.Add(DrivingSessions.Record(DaggerSeedBase + 10_000 * round + i, steps, rng, frame => model.Act(frame.Span), expertShare));
            }
            log($"{configuration.Kind} DAgger round {round}: {training.Count - completedBefore} episodes driven with expert share {expertShare:0.###}, {training.Count} in all");
            Fit(model, optimizer, training, validation, options.EpochsPerRound, options, round, log);
        }
        model.Eval();
        return model;
    }

    private static void Fit(KartController model, Optimizer optimizer, List<DrivingEpisode> training, List<DrivingEpisode> validation, int epochs,
        DrivingTrainingOptions options, int phase, Action<string> log)
    {
        if (epochs < 1) return;
        var source = new DrivingBatchSource(training, validation, options.BatchSize, options.SegmentSteps, options.Seed + (ulong)phase * 7919);
        var trainer = new Trainer<DrivingBatch>(model, optimizer, source,
            new TrainerOptions { MaxEpochs = epochs, Seed = options.Seed + (ulong)phase, LogEvery = 50 })
        {
            Clipper = GradientClipper.ByNorm(1.0),
        };
        trainer.Progress += (_, p) =>
        {
            if (p.Kind == TrainingEventKind.EpochEnd)
                log($"{model.Configuration.Kind} phase {phase} epoch {p.Epoch}/{epochs}: loss {p.SmoothedLoss:F4}, {p.ItemsPerSecond:F0} frames/s");
        };
        var result = trainer.Run();
        log($"{model.Configuration.Kind} phase {phase}: validation loss {result.ValidationLoss:F4} after {result.Steps} steps");
    }
}
