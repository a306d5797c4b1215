using Recurrent.Models.Labelling;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// The labelling recipe, stopped and resumed through its run directory, ends as the uninterrupted run.
/// </summary>
public sealed class ResumedRecipeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-recipe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (BidirectionalLabeller Model, float[] Features, int[] Labels, RandomGenerator Rng) Labelling()
    {
        var data = new RandomGenerator(8);
        var features = new float[60 * 2];
        data.FillNormal(features, 0, 1);
        var labels = Enumerable.Range(0, 60).Select(r => features[2 * r] > 0 ? 1 : 0).ToArray();
        var rng = new RandomGenerator(3);
        var config = new SequenceLabellerConfig(SequenceLabellerKind.Bidirectional, 2, 4, 2, 0.5f);
        return (new BidirectionalLabeller(config, rng), features, labels, rng);
    }

    private static (double, double, int) Run(
        BidirectionalLabeller model,
        float[] features,
        int[] labels,
        RandomGenerator rng,
        string? directory,
        Func<Trainer<int[]>, TrainingResult>? run = null
    ) =>
        LabellingExperiment.Run(
            model,
            features,
            2,
            labels,
            48,
            8,
            6,
            10,
            4,
            1e-2,
            3,
            rng,
            seed: 5,
            directory: directory,
            run: run
        );

    [Fact]
    public void LabellingStoppedAndResumedEndsAsTheUninterruptedRun()
    {
        var whole = Labelling();
        var expected = Run(whole.Model, whole.Features, whole.Labels, whole.Rng, Path.Combine(_directory, "whole"));

        string part = Path.Combine(_directory, "part");
        var first = Labelling();
        Run(first.Model, first.Features, first.Labels, first.Rng, part, trainer =>
        {
            using var stop = new CancellationTokenSource();
            trainer.Progress += (_, p) =>
            {
                if (p.Step == 5)
                    stop.Cancel();
            };
            return trainer.Run(stop.Token);
        });
        var rest = Labelling();
        var actual = Run(rest.Model, rest.Features, rest.Labels, rest.Rng, part, trainer =>
        {
            trainer.LoadCheckpoint(Path.Combine(part, "last.safetensors"));
            return trainer.Run();
        });

        Assert.Equal(expected.Item1, actual.Item1);
        Assert.Equal(expected.Item2, actual.Item2);
        Assert.Equal(
            whole.Model.NamedParameters().Select(p => p.Value.ToArray()),
            rest.Model.NamedParameters().Select(p => p.Value.ToArray())
        );
        Assert.Equal(whole.Rng.State, rest.Rng.State);
    }
}
