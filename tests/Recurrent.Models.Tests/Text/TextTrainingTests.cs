using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Tests.Data;
using Recurrent.Training;

namespace Recurrent.Tests.Text;

public sealed class TextTrainingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TrainReturnsTheBestCheckpointsWeightsAndLearnsBeyondTheUnigramLoss()
    {
        var config = SmallCharLanguageModel.Config(ShortText.Text, CellKind.Lstm);
        var corpus = TextCorpus.FromText(ShortText.Text, "short text", config.Vocabulary);
        var recipe = new TextTraining
        {
            BatchSize = 8,
            SequenceLength = 32,
            LearningRate = 1e-2,
            Limits = new TrainerOptions
            {
                MaxSteps = 150,
                EvaluateEvery = 50,
                Seed = 3,
                CheckpointDirectory = _directory.Path,
            },
        };

        var trained = recipe.Train(config, TextSplit.Create(corpus.Tokens, 0.1));

        Assert.Equal(150, trained.Result.Steps);
        Assert.True(
            trained.Result.BestValidationLoss < ShortText.UnigramEntropy(ShortText.Text),
            $"best validation loss {trained.Result.BestValidationLoss}"
        );
        var best = CharLanguageModel.Load(trained.Result.BestCheckpoint!);
        foreach (var ((name, value), (_, saved)) in trained.Model.NamedState().Zip(best.NamedState()))
            Assert.True(value.ToArray().SequenceEqual(saved.ToArray()), $"{name} differs from best.safetensors");
        Assert.False(trained.Model.Training);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRun()
    {
        var config = SmallCharLanguageModel.Config(ShortText.Text, CellKind.Gru);
        var corpus = TextCorpus.FromText(ShortText.Text, "short text", config.Vocabulary);
        var recipe = new TextTraining
        {
            BatchSize = 4,
            SequenceLength = 16,
            Limits = new TrainerOptions { MaxSteps = 20, Seed = 5 },
        };

        var first = recipe.Train(config, TextSplit.Create(corpus.Tokens, 0.1));
        var second = recipe.Train(config, TextSplit.Create(corpus.Tokens, 0.1));

        Assert.Equal(first.Result.LastLoss, second.Result.LastLoss);
        Assert.Equal(first.Result.ValidationLoss, second.Result.ValidationLoss);
    }
}
