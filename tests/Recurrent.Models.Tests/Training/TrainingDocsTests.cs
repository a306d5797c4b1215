using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Optimizers;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// The C# of docs/TRAINING.md, compiled and run on a tiny text, and compared with the document's text.
/// </summary>
public sealed class TrainingDocsTests
{
    private const string Text =
        "to be, or not to be, that is the question:\nwhether 'tis nobler in the mind to suffer\n";

    [Fact]
    public void TheTrainerSnippetResumesAndTrains()
    {
        var config = new CharLanguageModelConfig(CharVocabulary.Build(Text), CellKind.Lstm, HiddenSize: 8, Layers: 1,
            EmbeddingSize: 4, Dropout: 0.1f);
        var model = new CharLanguageModel(config, seed: 1);
        var corpus = TextCorpus.FromText(Text, "two lines", config.Vocabulary);
        var data = new CharBatchSource(TextSplit.Create(corpus.Tokens, 0.1), batchSize: 4, sequenceLength: 8);
        var cancellationToken = CancellationToken.None;
        try
        {
            // A first run of two steps leaves the last.safetensors that the snippet resumes from.
            new Trainer<TextBatch>(model, new Adam(model.Parameters(), 2e-3), data, new TrainerOptions
            { MaxSteps = 2, CheckpointDirectory = "runs/shakespeare", ModelConfig = config.ToMetadata() })
            { Schedule = new ExponentialSchedule(2e-3, 0.97, startEpoch: 10) }.Run();

            var trainer = new Trainer<TextBatch>(model, new Adam(model.Parameters(), 2e-3), data,
                new TrainerOptions
                {
                    MaxEpochs = 50,
                    EvaluateEvery = 500,
                    Patience = 10,
                    Seed = 42,
                    CheckpointDirectory = "runs/shakespeare",
                    ModelConfig = config.ToMetadata()
                })
            {
                Clipper = GradientClipper.ByNorm(5),                      // or GradientClipper.ByValue(5), as char-rnn
                Schedule = new ExponentialSchedule(2e-3, 0.97, startEpoch: 10),
            };
            trainer.LoadCheckpoint("runs/shakespeare/last.safetensors"); // only when resuming
            Assert.Equal(2, trainer.Step);
            TrainingResult result = trainer.Run(cancellationToken);

            Assert.Equal(StopReason.Completed, result.Reason);
            Assert.Equal(50, result.Epochs);
            Assert.True(double.IsFinite(result.LastLoss));
            var reloaded = CharLanguageModel.Load(result.LastCheckpoint!);
            Assert.Equal(config.ToMetadata(), reloaded.Config.ToMetadata());
        }
        finally
        {
            if (Directory.Exists("runs/shakespeare"))
                Directory.Delete("runs/shakespeare", recursive: true);
        }
    }

    [Fact]
    public void TheDocumentShowsThisCode() =>
        DocumentedCode.AssertShownIn("docs/TRAINING.md", "tests/Recurrent.Models.Tests/Training/TrainingDocsTests.cs");
}
