using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Classification;

public sealed class ClassifierExperimentTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Noisy rising or falling ramps of 6 to 12 steps: classes "up" and "down", alternating.
    private static TimeSeriesDataset Slopes(int count, int seed)
    {
        var rng = new RandomGenerator((ulong)seed);
        var series = new float[count][];
        var labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            int length = 6 + rng.NextInt(7);
            float start = rng.NextFloat() * 2 - 1,
                slope = i % 2 == 0 ? 0.3f : -0.3f;
            series[i] =
            [
                .. Enumerable.Range(0, length).Select(t => start + slope * t + 0.1f * (rng.NextFloat() - 0.5f)),
            ];
            labels[i] = i % 2 == 0 ? "up" : "down";
        }
        return new TimeSeriesDataset("slopes.ts", 1, series, labels);
    }

    private static SequenceClassifierConfig Model(TimeSeriesDataset train) =>
        new(
            CellKind.Gru,
            train.Channels,
            HiddenSize: 8,
            Layers: 1,
            Bidirectional: false,
            SequencePooling.Last,
            Dropout: 0f,
            Frame: 1,
            LabelSet.FromTraining(train),
            ChannelScaler.Fit(train)
        );

    private static ClassifierExperiment Experiment(int folds) =>
        new()
        {
            Training = new ClassifierTraining
            {
                BatchSize = 8,
                LearningRate = 1e-2,
                Limits = new TrainerOptions { MaxEpochs = 15, LogEvery = 1 },
            },
            Folds = folds,
        };

    [Fact]
    public void OneFoldTrainsOneModelThatClassifiesTheTestSet()
    {
        var train = Slopes(40, 1);
        var folds = new List<ClassifierFold>();

        var outcome = Experiment(1)
            .Run(Model(train), train, Slopes(20, 2), seed: 3, _directory.Path, trained: (fold, _) => folds.Add(fold));

        var run = Assert.Single(outcome.Runs);
        Assert.Equal(40L, run.Validation.Total + folds[0].Fit.Count);
        Assert.Equal((1, 1), (folds[0].Number, folds[0].Count));
        Assert.True(File.Exists(Path.Combine(_directory.Path, "best.safetensors")));
        Assert.True(outcome.Test!.Accuracy >= 0.9, $"test accuracy {outcome.Test.Accuracy}");
    }

    [Fact]
    public void CrossValidationTrainsOneModelPerFoldAndAveragesThemOnTheTestSet()
    {
        var train = Slopes(30, 1);

        var outcome = Experiment(3).Run(Model(train), train, Slopes(20, 2), seed: 3, _directory.Path);

        Assert.Equal(3, outcome.Runs.Count);
        Assert.Equal(30L, outcome.Runs.Sum(r => r.Validation.Total));
        Assert.Equal(3, ClassifierEnsemble.FoldCheckpoints(_directory.Path).Count);
        Assert.Equal(outcome.Runs.Average(r => r.ValidationAccuracy), outcome.ValidationAccuracy);
        Assert.True(outcome.Test!.Accuracy >= 0.9, $"test accuracy {outcome.Test.Accuracy}");
    }

    [Fact]
    public void TestLabelsOutsideTheTrainingLabelsFailBeforeTraining()
    {
        var train = Slopes(10, 1);
        var test = new TimeSeriesDataset(
            "test.ts",
            1,
            [
                [0f, 1f],
            ],
            ["sideways"]
        );
        bool trained = false;

        Assert.Throws<InvalidDataException>(() =>
            Experiment(1).Run(Model(train), train, test, seed: 3, null, trained: (_, _) => trained = true)
        );
        Assert.False(trained);
    }
}
