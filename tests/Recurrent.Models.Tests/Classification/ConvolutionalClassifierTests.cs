using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Classification;

/// <summary>
/// The sequence classifier with its convolutional branch (<see cref="SequenceClassifierConfig.ConvolutionFilters"/>).
/// </summary>
public sealed class ConvolutionalClassifierTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static SequenceClassifierConfig Config(
        int filters,
        CellKind cell = CellKind.Lstm,
        bool bidirectional = false,
        SequencePooling pooling = SequencePooling.Last
    ) =>
        new(
            cell,
            Channels: 2,
            HiddenSize: 5,
            Layers: 1,
            bidirectional,
            pooling,
            Dropout: 0f,
            Frame: 1,
            new LabelSet(["a", "b", "c"]),
            ChannelScaler.Fit([new float[] { 0, 1, 2, 3 }], 2, ScalingKind.Standardize)
        )
        {
            ConvolutionFilters = filters,
        };

    private static TimeSeriesDataset Series(int[] lengths, ulong seed)
    {
        var rng = new RandomGenerator(seed);
        var series = lengths
            .Select(n =>
            {
                var s = new float[n * 2];
                rng.FillUniform(s, -2f, 2f);
                return s;
            })
            .ToArray();
        return new TimeSeriesDataset("mixed", 2, series, [.. lengths.Select((_, i) => new[] { "a", "b", "c" }[i % 3])]);
    }

    private static float[] Values(IEnumerable<(string Name, Tensor Value)> tensors, string suffix) =>
        [.. tensors.Where(t => t.Name.EndsWith(suffix, StringComparison.Ordinal)).SelectMany(t => t.Value.ToArray())];

    [Fact]
    public void TheBranchHasPyTorchLikeNamesAndWidensTheLinearLayer()
    {
        var model = new SequenceClassifier(Config(4), new RandomGenerator(1));
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Contains("conv.0.weight", names);
        Assert.Contains("conv.2.bias", names);
        Assert.Contains("bn.1.weight", names);
        Assert.DoesNotContain("bn.0.running_mean", names);
        Assert.Equal(
            ["bn.0.running_mean", "bn.0.running_var", "bn.0.num_batches_tracked"],
            model.NamedBuffers().Take(3).Select(b => b.Name)
        );
        Assert.Equal(9, model.NamedBuffers().Count());
        var shapes = model.NamedParameters().ToDictionary(p => p.Name, p => p.Value.Shape.ToArray());
        Assert.Equal([4, 2, 8], shapes["conv.0.weight"]);
        Assert.Equal([8, 4, 5], shapes["conv.1.weight"]);
        Assert.Equal([4, 8, 3], shapes["conv.2.weight"]);
        Assert.Equal([3, 5 + 4], shapes["classifier.weight"]);
        Assert.Empty(new SequenceClassifier(Config(0), new RandomGenerator(1)).NamedBuffers());
    }

    [Fact]
    public void WithoutTheBranchTheModelStartsAsBefore()
    {
        var plain = new SequenceClassifier(Config(0), new RandomGenerator(9));
        var c = Config(0);
        var legacyConfig = new SequenceClassifierConfig(
            c.Cell,
            c.Channels,
            c.HiddenSize,
            c.Layers,
            c.Bidirectional,
            c.Pooling,
            c.Dropout,
            c.Frame,
            c.Labels,
            c.Scaler
        );
        var legacy = new SequenceClassifier(legacyConfig, new RandomGenerator(9));
        Assert.Equal(legacy.NamedParameters().Select(p => p.Name), plain.NamedParameters().Select(p => p.Name));
        Assert.Equal(legacy.Parameters().SelectMany(p => p.ToArray()), plain.Parameters().SelectMany(p => p.ToArray()));
    }

    [Theory]
    [InlineData(CellKind.Lstm, false, SequencePooling.Last)]
    [InlineData(CellKind.Gru, true, SequencePooling.Mean)]
    public void InEvaluationEachSequenceGetsItsPredictionAlone(
        CellKind cell,
        bool bidirectional,
        SequencePooling pooling
    )
    {
        var model = new SequenceClassifier(Config(4, cell, bidirectional, pooling), new RandomGenerator(7));
        TrainBriefly(model, Series([9, 3, 12, 6, 10, 4, 7, 11], 2));
        int[] lengths = [6, 1, 4, 9, 2];
        var data = Series(lengths, 11);
        var together = model.PredictProbabilities(data, batchSize: lengths.Length);
        for (int i = 0; i < lengths.Length; i++)
        {
            var alone = model.PredictProbabilities(data.Select([i]), batchSize: 1);
            for (int k = 0; k < 3; k++)
                Assert.True(
                    Math.Abs(alone[k] - together[i * 3 + k]) < 1e-5f,
                    $"sequence {i} (length {lengths[i]}), class {k}: alone {alone[k]}, "
                        + $"in the batch {together[i * 3 + k]}"
                );
        }
    }

    [Fact]
    public void InTrainingPaddingValuesChangeNeitherTheLogitsNorTheStatistics()
    {
        float[] Run(float fill, out float[] runningMean)
        {
            var model = new SequenceClassifier(Config(3), new RandomGenerator(5));
            var rng = new RandomGenerator(6);
            var x = new float[3 * 5 * 2];
            rng.FillUniform(x, -1f, 1f);
            int[] lengths = [5, 2, 3];
            for (int b = 0; b < 3; b++)
                x.AsSpan((b * 5 + lengths[b]) * 2, (5 - lengths[b]) * 2).Fill(fill);
            using var tape = new Tape();
            var logits = model.Forward(Tensor.FromArray(x, 3, 5, 2), lengths).ToArray();
            runningMean = Values(model.NamedBuffers(), "running_mean");
            return logits;
        }
        var clean = Run(0f, out var cleanMean);
        var noisy = Run(1000f, out var noisyMean);
        Assert.Equal(clean, noisy);
        Assert.Equal(cleanMean, noisyMean);
    }

    [Fact]
    public void CheckpointsKeepTheRunningStatisticsAndGiveTheSamePredictions()
    {
        var model = new SequenceClassifier(Config(4), new RandomGenerator(3));
        TrainBriefly(model, Series([9, 3, 12, 6, 10, 4, 7, 11], 4));
        var data = Series([5, 8, 2, 7], 12);
        var before = model.PredictProbabilities(data);
        string path = Path.Combine(_directory.Path, "conv.safetensors");
        StateDict.Save(path, model.NamedState(), model.Config.ToMetadata());

        var file = SafeTensorsFile.Read(path);
        Assert.Equal("4", file.Metadata["conv_filters"]);
        Assert.True(file.ReadFloats("bn.2.num_batches_tracked")[0] > 0);
        var loaded = SequenceClassifier.Load(path);
        Assert.Equal(4, loaded.Config.ConvolutionFilters);
        Assert.Equal(before, loaded.PredictProbabilities(data));
    }

    [Fact]
    public void TrainerCheckpointsCarryTheBuffersAndResumeWithThem()
    {
        var model = new SequenceClassifier(Config(2), new RandomGenerator(3));
        string directory = Path.Combine(_directory.Path, "run");
        TrainBriefly(model, Series([9, 3, 12, 6, 10, 4, 7, 11], 4), directory);
        string last = Path.Combine(directory, "last.safetensors");
        Assert.Equal(
            Values(model.NamedBuffers(), "bn.1.running_var"),
            SafeTensorsFile.Read(last).ReadFloats("bn.1.running_var")
        );

        var fresh = new SequenceClassifier(Config(2), new RandomGenerator(4));
        using var data = new SequenceBatchSource(Series([9, 3, 12, 6], 4), null, fresh.Config.Labels, 4, 1);
        var optimizer = new Adam(fresh.Parameters(), 1e-2);
        var trainer = new Trainer<SequenceBatch>(fresh, optimizer, data, new TrainerOptions { MaxSteps = 1 });
        trainer.LoadCheckpoint(last);
        Assert.Equal(Values(model.NamedBuffers(), ""), Values(fresh.NamedBuffers(), ""));
    }

    [Fact]
    public void MetadataCarriesTheFiltersAndOldCheckpointsHaveNone()
    {
        var config = Config(16);
        Assert.Equal(16, SequenceClassifierConfig.FromMetadata(config.ToMetadata()).ConvolutionFilters);
        var old = config.ToMetadata().Where(e => e.Key != "conv_filters").ToDictionary();
        Assert.Equal(0, SequenceClassifierConfig.FromMetadata(old).ConvolutionFilters);
        var broken = new Dictionary<string, string>(config.ToMetadata()) { ["conv_filters"] = "-3" };
        var e = Assert.Throws<FormatException>(() => SequenceClassifierConfig.FromMetadata(broken));
        Assert.Contains("'conv_filters'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Config(-1));
    }

    private static void TrainBriefly(SequenceClassifier model, TimeSeriesDataset data, string? directory = null)
    {
        using var source = new SequenceBatchSource(data, null, model.Config.Labels, batchSize: 4, seed: 1);
        var options = new TrainerOptions
        {
            MaxSteps = 6,
            CheckpointDirectory = directory,
            ModelConfig = model.Config.ToMetadata(),
        };
        var optimizer = new Adam(model.Parameters(), 1e-2);
        var trainer = new Trainer<SequenceBatch>(model, optimizer, source, options);
        trainer.Run();
        model.Eval();
    }
}
