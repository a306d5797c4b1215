using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Driving;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Driving;

public sealed class KartControllerTests
{
    [Theory]
    [InlineData(KartControllerKind.Lstm)]
    [InlineData(KartControllerKind.FeedForward)]
    public void DrivingStepByStepMatchesTheForwardPass(KartControllerKind kind)
    {
        var model = SmallKart.Controller(kind);
        model.Eval();
        const int steps = 7;
        var frames = SmallKart.Frames(steps, 4);
        float[] logits;
        using (Tape.NoGrad())
        {
            var pixels = Tensor.FromArray(SmallKart.Pixels(frames), 1, steps, KartCamera.PixelCount);
            logits = model.Forward(pixels).Logits.ToArray();
        }

        model.ResetDriving();
        var probabilities = new float[KartButtonSet.Count];
        for (int t = 0; t < steps; t++)
        {
            var buttons = model.Act(frames.AsSpan(t * KartCamera.PixelCount, KartCamera.PixelCount), probabilities);
            var expected = logits.AsSpan(t * KartButtonSet.Count, KartButtonSet.Count);
            for (int i = 0; i < KartButtonSet.Count; i++)
                Assert.Equal(1 / (1 + MathF.Exp(-expected[i])), probabilities[i], 5);
            Assert.Equal(KartButtonSet.FromLogits(expected), buttons);
        }
    }

    [Fact]
    public void TheCarriedStateContinuesTheEpisodeAcrossSegments()
    {
        var model = SmallKart.Controller(KartControllerKind.Lstm);
        var frames = SmallKart.Frames(8, 5);
        var targets = new float[8 * KartButtonSet.Count];
        var pixels = SmallKart.Pixels(frames);
        var context = new TrainingContext(false, 0, 0, new RandomGenerator(1));
        using var noGrad = Tape.NoGrad();
        const int half = 4 * KartCamera.PixelCount;
        model.Loss(new DrivingBatch(1, 4, pixels[..half], targets[..16], StartsEpisodes: true), context).Dispose();
        float second = model
            .Loss(new DrivingBatch(1, 4, pixels[half..], targets[16..], StartsEpisodes: false), context)
            .Item();

        var (logits, _) = model.Forward(Tensor.FromArray(pixels, 1, 8, KartCamera.PixelCount));
        var lastFour = Tensor.FromArray(logits.ToArray()[16..], 1, 4, KartButtonSet.Count);
        float expected = global::Recurrent
            .Losses.Loss.BinaryCrossEntropyWithLogits(
                lastFour,
                Tensor.FromArray(targets[16..], 1, 4, KartButtonSet.Count)
            )
            .Item();
        Assert.Equal(expected, second, 5);

        float restarted = model
            .Loss(new DrivingBatch(1, 4, pixels[half..], targets[16..], StartsEpisodes: true), context)
            .Item();
        Assert.NotEqual(second, restarted);
    }

    [Fact]
    public void TrainingOnTheExpertLowersTheLoss()
    {
        var rng = new RandomGenerator(6);
        var episodes = Enumerable.Range(1, 4).Select(s => DrivingSessions.Record(s, 40, rng, slipRate: 0.05)).ToList();
        var lines = new List<string>();
        var recipe = new DrivingTraining
        {
            Epochs = 6,
            DaggerRounds = 1,
            DaggerEpisodes = 1,
            EpochsPerRound = 1,
            BatchSize = 3,
            SegmentSteps = 20,
            LearningRate = 3e-3,
            ValidationShare = 0.25,
        };
        var model = recipe.Train(new KartControllerConfig(KartControllerKind.Lstm, 16, 8), episodes, lines.Add);
        Assert.Contains(lines, l => l.Contains("DAgger round 1"));
        var source = new DrivingBatchSource(episodes.Skip(1).ToList(), [], 3, 20, seed: 0);
        var fresh = new KartController(model.Config, recipe.Seed);
        Assert.True(MeanLoss(model, source) < MeanLoss(fresh, source) - 0.05, string.Join("\n", lines));
    }

    [Fact]
    public void TheControllerOfThePhaseThatDroveBestOnTheSelectionTracksIsReturned()
    {
        var rng = new RandomGenerator(6);
        var episodes = Enumerable.Range(1, 4).Select(s => DrivingSessions.Record(s, 40, rng, slipRate: 0.05)).ToList();
        var recipe = new DrivingTraining
        {
            Epochs = 2,
            DaggerRounds = 1,
            DaggerEpisodes = 1,
            EpochsPerRound = 1,
            BatchSize = 3,
            SegmentSteps = 20,
            ValidationShare = 0.25,
            SelectionTracks = 2,
            SelectionLaps = 1,
        };
        var config = new KartControllerConfig(KartControllerKind.Lstm, 16, 8);
        var lines = new List<string>();

        var model = recipe.Train(config, episodes, lines.Add);

        // Trained on 160 frames, no phase completes a lap, so behaviour cloning's controller (phase 0) stays the
        // best: the one returned is what training without DAgger returns.
        Assert.Contains(lines, l => l.Contains("phase 0: selection tracks 0/2 laps, no lap completed, best so far"));
        Assert.Contains(lines, l => l.Contains("phase 1: selection tracks 0/2 laps, no lap completed"));
        Assert.Contains(lines, l => l.Contains("the controller of phase 0 is kept"));
        var cloned = (recipe with { DaggerRounds = 0 }).Train(config, episodes, _ => { });
        Assert.Equal(
            cloned.Parameters().SelectMany(p => p.ToArray()),
            model.Parameters().SelectMany(p => p.ToArray())
        );
        var last = (recipe with { SelectionTracks = 0 }).Train(config, episodes, lines.Add);
        Assert.NotEqual(
            cloned.Parameters().SelectMany(p => p.ToArray()),
            last.Parameters().SelectMany(p => p.ToArray())
        );
        Assert.Throws<ArgumentException>(() => (recipe with { SelectionLaps = 0 }).Train(config, episodes, _ => { }));
    }

    private static double MeanLoss(KartController model, DrivingBatchSource source)
    {
        using var noGrad = Tape.NoGrad();
        model.ResetCarriedState();
        double sum = 0;
        for (int i = 0; i < source.TrainingBatchCount; i++)
            sum += model
                .Loss(source.TrainingBatch(0, i), new TrainingContext(false, 0, 0, new RandomGenerator(1)))
                .Item();
        return sum / source.TrainingBatchCount;
    }

    [Fact]
    public void SavedControllersLoadAndOtherFilesAreRefused()
    {
        using var directory = new TemporaryDirectory();
        var model = SmallKart.Controller(KartControllerKind.Lstm);
        string path = Path.Combine(directory.Path, "lstm.safetensors");
        model.Save(path);
        var loaded = KartController.Load(path);
        Assert.Equal(KartControllerKind.Lstm, loaded.Config.Kind);
        Assert.Equal(model.Head.Weight.ToArray(), loaded.Head.Weight.ToArray());
        Assert.Equal(model.NamedParameters().Select(p => p.Name), loaded.NamedParameters().Select(p => p.Name));
        Assert.Contains("rnn.weight_ih_l1", loaded.NamedParameters().Select(p => p.Name));

        string other = Path.Combine(directory.Path, "other.safetensors");
        StateDict.Save(
            other,
            new Linear(2, 2, new RandomGenerator(1)).NamedState(),
            new Dictionary<string, string> { ["model"] = "char-lm" }
        );
        var error = Assert.Throws<CheckpointFormatException>(() => KartController.Load(other));
        Assert.Contains(other, error.Message);
    }
}
