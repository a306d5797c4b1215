using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Tensors;

namespace Recurrent.Tests.Text;

public sealed class CharSamplerTests
{
    private static CharLanguageModel Model(CellKind cell = CellKind.Lstm)
    {
        var model = new CharLanguageModel(SmallCharLanguageModel.Config(ShortText.Text, cell), seed: 9);
        model.Eval();
        return model;
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Rnn)]
    public void TheSameSeedGivesTheSameText(CellKind cell)
    {
        var model = Model(cell);
        var options = new SamplingOptions { Temperature = 1.2 };
        using var sampler = new CharSampler(model);

        string first = sampler.GenerateText("to be", 300, options, seed: 123);
        string second = sampler.GenerateText("to be", 300, options, seed: 123);
        using var another = new CharSampler(model);
        string third = another.GenerateText("to be", 300, options, seed: 123);
        string otherSeed = sampler.GenerateText("to be", 300, options, seed: 124);

        Assert.Equal(300, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void StepByStepScoresMatchTheSequenceForward()
    {
        var model = Model();
        var tokens = model.Vocabulary.Encode("whether 'tis nobler");
        using var sampler = new CharSampler(model);
        double sum = 0;
        for (int i = 0; i < tokens.Length - 1; i++)
        {
            sampler.Feed(tokens[i]);
            var logits = sampler.Logits;
            double max = double.NegativeInfinity;
            foreach (float l in logits)
                max = Math.Max(max, l);
            double z = 0;
            foreach (float l in logits)
                z += Math.Exp(l - max);
            sum += max + Math.Log(z) - logits[tokens[i + 1]];
        }

        Assert.Equal(model.Score(tokens).MeanLoss, sum / (tokens.Length - 1), 4);
    }

    [Fact]
    public void TheSamplersScoresAreTheModelsForwardStepByStep()
    {
        var model = Model();
        model.Eval();
        var tokens = model.Vocabulary.Encode("to be, or not");
        var (logits, state) = model.Forward(tokens, 1);
        using var _ = state;
        using var sampler = new CharSampler(model);
        int vocabulary = model.Vocabulary.Count;
        var all = logits.ToArray();
        for (int t = 0; t < tokens.Length; t++)
        {
            sampler.Feed(tokens[t]);
            var expected = all.AsSpan(t * vocabulary, vocabulary).ToArray();
            Assert.Equal(expected, sampler.Logits.ToArray(), (a, b) => Math.Abs(a - b) < 1e-4f);
        }
    }

    [Fact]
    public void GreedyTopOneAndATinyNucleusAllPickTheMostLikelyCharacter()
    {
        var model = Model();
        using var sampler = new CharSampler(model);
        string greedy = sampler.GenerateText("the ", 80, new SamplingOptions { Greedy = true }, seed: 1);
        string topOne = sampler.GenerateText("the ", 80, new SamplingOptions { TopK = 1, Temperature = 2 }, seed: 2);
        string nucleus = sampler.GenerateText("the ", 80, new SamplingOptions { TopP = 1e-6 }, seed: 3);

        Assert.Equal(greedy, topOne);
        Assert.Equal(greedy, nucleus);
    }

    [Fact]
    public void TopKOnlyEverPicksAmongTheKMostLikely()
    {
        var model = Model();
        using var sampler = new CharSampler(model);
        var random = new RandomGenerator(5);
        sampler.Feed(model.Vocabulary.Encode("to be, or "));
        var logits = sampler.Logits.ToArray();
        var topThree = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).Take(3).ToHashSet();

        for (int i = 0; i < 200; i++)
            Assert.Contains(sampler.Pick(new SamplingOptions { TopK = 3, Temperature = 3 }, random), topThree);
    }

    [Fact]
    public void GeneratingACharacterAllocatesNothing()
    {
        var model = Model();
        using var sampler = new CharSampler(model);
        var random = new RandomGenerator(5);
        var plain = new SamplingOptions { Temperature = 0.9 };
        var truncated = new SamplingOptions { TopK = 10, TopP = 0.9 };
        sampler.Feed(0);
        for (int i = 0; i < 10; i++)
        {
            sampler.Next(plain, random);
            sampler.Next(truncated, random);
        }

        long allocated = ThreadAllocations.Fewest(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                sampler.Next(plain, random);
                sampler.Next(truncated, random);
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void APrimeWithACharacterOutsideTheVocabularyNamesIt()
    {
        using var sampler = new CharSampler(Model());

        var e = Assert.Throws<ArgumentException>(() =>
            sampler.GenerateText("to bé", 10, new SamplingOptions(), seed: 1)
        );

        Assert.Contains("prime text", e.Message);
        Assert.Contains("'é' (U+00E9)", e.Message);
        Assert.Contains("position 4", e.Message);
    }

    [Theory]
    [InlineData(0.0, 0, 1.0, "--temperature")]
    [InlineData(1.0, -1, 1.0, "--top-k")]
    [InlineData(1.0, 0, 0.0, "--top-p")]
    [InlineData(1.0, 0, 1.5, "--top-p")]
    public void BadSamplingSettingsNameTheOption(double temperature, int topK, double topP, string option)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new SamplingOptions
            {
                Temperature = temperature,
                TopK = topK,
                TopP = topP,
            }.Validate()
        );
        Assert.Contains(option, e.Message);
    }
}
