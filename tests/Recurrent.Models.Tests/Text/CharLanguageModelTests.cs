using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Optimizers;
using Recurrent.Tensors;
using Recurrent.Tests.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Text;

public sealed class CharLanguageModelTests
{
    private static (CharLanguageModel Model, TrainingResult Result) Train(string text, CellKind cell, int steps)
    {
        var configuration = SmallCharLanguageModel.Config(text, cell);
        var model = new CharLanguageModel(configuration, seed: 7);
        var corpus = TextCorpus.FromText(text, "short text", configuration.Vocabulary);
        var data = new CharBatchSource(TextSplit.Create(corpus.Tokens, 0.1), batchSize: 8, sequenceLength: 32);
        var trainer = new Trainer<TextBatch>(
            model,
            new Adam(model.Parameters(), 1e-2),
            data,
            new TrainerOptions { MaxSteps = steps, Seed = 3 }
        )
        {
            Clipper = GradientClipper.ByNorm(5),
        };
        return (model, trainer.Run());
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void TrainingForSecondsTakesTheLossFarBelowTheUnigramEntropy(CellKind cell)
    {
        string text = ShortText.Text;
        double unigram = ShortText.UnigramEntropy(text);

        var (model, result) = Train(text, cell, steps: 150);

        var tokens = model.Vocabulary.Encode(text);
        double loss = model.Score(tokens).MeanLoss;
        Assert.True(loss < 0.35 * unigram, $"training loss {loss:F3} nats/char, unigram entropy {unigram:F3}");
        Assert.NotNull(result.ValidationLoss);
        Assert.True(
            result.ValidationLoss < 0.5 * unigram,
            $"validation loss {result.ValidationLoss:F3}, unigram entropy {unigram:F3}"
        );
    }

    [Fact]
    public void ScoreInBitsIsTheLossOverLnTwo()
    {
        var score = new TextScore(1.5, 100);
        Assert.Equal(1.5 / Math.Log(2), score.BitsPerCharacter, 12);
    }

    [Fact]
    public void CheckpointHoldsConfigurationAndVocabularyAndLoadsBackTheSameModel()
    {
        using var directory = new TemporaryDirectory();
        string text = ShortText.Text + "é😀";
        var configuration = SmallCharLanguageModel.Config(text, CellKind.Gru);
        var model = new CharLanguageModel(configuration, seed: 11);
        string path = Path.Combine(directory.Path, "model.safetensors");
        StateDict.Save(path, model.NamedState(), configuration.ToMetadata());

        var loaded = CharLanguageModel.Load(path);

        Assert.Equal(configuration.Vocabulary.Serialize(), loaded.Vocabulary.Serialize());
        Assert.Equal(CellKind.Gru, loaded.Config.Cell);
        var tokens = model.Vocabulary.Encode(text[..200]);
        Assert.Equal(model.Score(tokens).MeanLoss, loaded.Score(tokens).MeanLoss, 6);
        Assert.Contains(loaded.NamedParameters(), p => p.Name == "rnn.weight_hh_l1");
        Assert.Contains(loaded.NamedParameters(), p => p.Name == "encoder.weight");
        Assert.Contains(loaded.NamedParameters(), p => p.Name == "decoder.bias");
    }

    [Fact]
    public void WeightDropTravelsInTheCheckpointAndReachesTheRecurrentLayer()
    {
        using var directory = new TemporaryDirectory();
        var plain = SmallCharLanguageModel.Config(ShortText.Text);
        Assert.DoesNotContain("weight_drop", plain.ToMetadata().Keys);
        var configuration = plain with { WeightDrop = 0.25f };
        var model = new CharLanguageModel(configuration, seed: 11);
        string path = Path.Combine(directory.Path, "model.safetensors");
        StateDict.Save(path, model.NamedState(), configuration.ToMetadata());

        var loaded = CharLanguageModel.Load(path);

        Assert.Equal(0.25f, loaded.Config.WeightDrop);
        Assert.Equal(0.25f, loaded.Rnn.WeightDrop);
        Assert.Equal(0f, CharLanguageModel.Load(Save(directory, plain)).Rnn.WeightDrop);
        var damaged = new Dictionary<string, string>(configuration.ToMetadata()) { ["weight_drop"] = "1.5" };
        Assert.Throws<FormatException>(() => CharLanguageModelConfig.FromMetadata(damaged));
    }

    private static string Save(TemporaryDirectory directory, CharLanguageModelConfig configuration)
    {
        string path = Path.Combine(directory.Path, "plain.safetensors");
        StateDict.Save(path, new CharLanguageModel(configuration).NamedState(), configuration.ToMetadata());
        return path;
    }

    [Fact]
    public void AFileWithoutTheConfigurationIsRejectedByName()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "plain.safetensors");
        SafeTensorsFile.Write(path, [("w", Tensor.Zeros(2))]);

        var e = Assert.Throws<CheckpointFormatException>(() => CharLanguageModel.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("'model'", e.Message);
    }

    [Fact]
    public void CarriedStateContinuesFromChunkToChunkAndIsCutFromTheTape()
    {
        string text = ShortText.Text;
        var model = new CharLanguageModel(SmallCharLanguageModel.Config(text), seed: 5);
        var corpus = TextCorpus.FromText(text, "short text");
        var batcher = new CharStreamBatcher(corpus.Tokens, 4, 16);
        var chunks = batcher.Epoch().Take(2).ToList();
        var context = new TrainingContext(false, 0, 0, new RandomGenerator(1));
        model.Eval();

        using (Recurrent.Autograd.Tape.NoGrad())
        {
            model.Loss(chunks[0], context).Dispose();
            Assert.NotEmpty(model.SaveCarriedState());
            float carried = model.Loss(chunks[1], context).Item();
            model.ResetCarriedState();
            Assert.Empty(model.SaveCarriedState());
            float fresh = model.Loss(chunks[1], context).Item();
            Assert.NotEqual(fresh, carried);
        }
    }
}
