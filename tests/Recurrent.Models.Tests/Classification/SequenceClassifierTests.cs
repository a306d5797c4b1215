using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Tensors;

namespace Recurrent.Tests.Classification;

public class SequenceClassifierTests
{
    private static SequenceClassifierConfig Config(
        CellKind cell,
        bool bidirectional,
        SequencePooling pooling,
        int layers = 1
    ) =>
        new(
            cell,
            Channels: 3,
            HiddenSize: 5,
            layers,
            bidirectional,
            pooling,
            Dropout: 0f,
            Frame: 1,
            new LabelSet(["a", "b", "c", "d"]),
            ChannelScaler.Fit([new float[] { 0, 1, 2, 3, 4, 5 }], 3, ScalingKind.Standardize)
        );

    [Theory]
    [InlineData(CellKind.Lstm, true, SequencePooling.Last, 2)]
    [InlineData(CellKind.Lstm, false, SequencePooling.Last, 1)]
    [InlineData(CellKind.Gru, true, SequencePooling.Mean, 1)]
    [InlineData(CellKind.Gru, false, SequencePooling.Mean, 2)]
    public void BatchMixingLengthsGivesEachSequenceItsPredictionAlone(
        CellKind cell,
        bool bidirectional,
        SequencePooling pooling,
        int layers
    )
    {
        var model = new SequenceClassifier(Config(cell, bidirectional, pooling, layers), new RandomGenerator(7));
        model.Eval();
        var rng = new RandomGenerator(11);
        int[] lengths = [6, 1, 4, 9, 2];
        var series = lengths
            .Select(n =>
            {
                var s = new float[n * 3];
                rng.FillUniform(s, -2f, 2f);
                return s;
            })
            .ToArray();
        var data = new TimeSeriesDataset("mixed", 3, series, ["a", "b", "c", "d", "a"]);

        var together = model.PredictProbabilities(data, batchSize: lengths.Length);
        for (int i = 0; i < lengths.Length; i++)
        {
            var alone = model.PredictProbabilities(data.Select([i]), batchSize: 1);
            for (int k = 0; k < 4; k++)
                Assert.True(
                    Math.Abs(alone[k] - together[i * 4 + k]) < 1e-5f,
                    $"sequence {i} (length {lengths[i]}), class {k}: alone {alone[k]}, in the batch "
                        + $"{together[i * 4 + k]}"
                );
            Assert.Equal(model.Predict(data.Select([i]), 1)[0], model.Predict(data, lengths.Length)[i]);
        }
    }

    [Fact]
    public void PaddingValuesDoNotChangeThePrediction()
    {
        var model = new SequenceClassifier(Config(CellKind.Lstm, true, SequencePooling.Last), new RandomGenerator(3));
        model.Eval();
        var rng = new RandomGenerator(5);
        var x = new float[2 * 4 * 3];
        rng.FillUniform(x, -1f, 1f);
        int[] lengths = [4, 2];
        float[] Logits(float[] values)
        {
            using var noGrad = Recurrent.Autograd.Tape.NoGrad();
            using var input = Tensor.FromArray((float[])values.Clone(), 2, 4, 3);
            using var logits = model.Forward(input, lengths);
            return logits.ToArray();
        }
        var clean = Logits(x);
        var noisy = (float[])x.Clone();
        for (int i = (1 * 4 + 2) * 3; i < 2 * 4 * 3; i++)
            noisy[i] = 1000f;
        Assert.Equal(clean, Logits(noisy));
    }

    [Fact]
    public void ConfigurationRoundTripsThroughMetadata()
    {
        var config = Config(CellKind.Gru, true, SequencePooling.Mean, 2) with { Frame = 4, Dropout = 0.25f };
        var back = SequenceClassifierConfig.FromMetadata(config.ToMetadata());
        Assert.Equal(config.ToMetadata(), back.ToMetadata());
        Assert.Equal(12, back.InputSize);
        var broken = new Dictionary<string, string>(config.ToMetadata()) { ["cell"] = "transformer" };
        Assert.Contains(
            "'cell'",
            Assert.Throws<FormatException>(() => SequenceClassifierConfig.FromMetadata(broken)).Message
        );
    }
}
