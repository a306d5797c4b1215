using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Tensors;

namespace Recurrent.Tests.Text;

public sealed class Int8SamplingTests
{
    private static CharLanguageModel Model(CellKind cell = CellKind.Lstm)
    {
        var model = new CharLanguageModel(SmallCharLanguageModel.Config(ShortText.Text, cell), seed: 9);
        model.Eval();
        return model;
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity,
            z = 0;
        foreach (float l in logits)
            max = Math.Max(max, l);
        foreach (float l in logits)
            z += Math.Exp(l - max);
        var result = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
            result[i] = logits[i] - max - Math.Log(z);
        return result;
    }

    // The per-step log-probabilities of every character, int8 against float32, over 300 characters of text.
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Rnn)]
    public void Int8LogProbabilitiesStayWithinAHundredthOfANatOfFloat32(CellKind cell)
    {
        var model = Model(cell);
        var tokens = model.Vocabulary.Encode(ShortText.Text)[..300];
        using var reference = new CharSampler(model);
        using var int8 = new CharSampler(model, SamplerWeights.Int8);
        double worst = 0;
        foreach (int token in tokens)
        {
            reference.Feed(token);
            int8.Feed(token);
            var expected = LogSoftmax(reference.Logits);
            var actual = LogSoftmax(int8.Logits);
            for (int v = 0; v < expected.Length; v++)
                worst = Math.Max(worst, Math.Abs(actual[v] - expected[v]));
        }

        Assert.Equal(SamplerWeights.Int8, int8.Weights);
        Assert.True(worst > 0, "int8 weights gave exactly the float32 scores; are they used at all?");
        Assert.True(worst < 0.01, $"largest difference in a log-probability {worst:G3} nats");
    }

    [Fact]
    public void TheSamplersScoreIsTheModelsScore()
    {
        var model = Model();
        var tokens = model.Vocabulary.Encode(ShortText.Text)[..400];
        using var sampler = new CharSampler(model);
        using var int8 = new CharSampler(model, SamplerWeights.Int8);

        var score = sampler.Score(tokens);
        var int8Score = int8.Score(tokens);

        Assert.Equal(399, score.Characters);
        Assert.Equal(model.Score(tokens).MeanLoss, score.MeanLoss, 4);
        Assert.Equal(score.MeanLoss, int8Score.MeanLoss, 2);
    }

    [Fact]
    public void GeneratingACharacterWithInt8WeightsAllocatesNothing()
    {
        using var sampler = new CharSampler(Model(), SamplerWeights.Int8);
        var random = new RandomGenerator(5);
        var options = new SamplingOptions { Temperature = 0.9 };
        sampler.Feed(0);
        for (int i = 0; i < 10; i++)
            sampler.Next(options, random);

        Assert.Equal(
            0,
            ThreadAllocations.Fewest(() =>
            {
                for (int i = 0; i < 200; i++)
                    sampler.Next(options, random);
            })
        );
    }

    [Fact]
    public void AnUnknownWeightFormatIsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CharSampler(Model(), (SamplerWeights)7));
        Assert.Contains("float32 or int8", e.Message);
    }
}
