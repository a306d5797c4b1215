using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Tensors;
using Recurrent.Training;
using System.Text;

namespace Recurrent.Samples;

/// <summary>
/// Program 5: trains a small character-level LSTM on a short text for a few hundred steps, then writes new text one
/// character at a time with the step API.
/// </summary>
public static class GenerateText
{
    public const string Sonnet = """
        Shall I compare thee to a summer's day?
        Thou art more lovely and more temperate:
        Rough winds do shake the darling buds of May,
        And summer's lease hath all too short a date;
        Sometime too hot the eye of heaven shines,
        And often is his gold complexion dimm'd;
        And every fair from fair sometime declines,
        By chance or nature's changing course untrimm'd;
        But thy eternal summer shall not fade,
        Nor lose possession of that fair thou ow'st;
        Nor shall death brag thou wander'st in his shade,
        When in eternal lines to time thou grow'st:
        So long as men can breathe or eyes can see,
        So long lives this, and this gives life to thee.

        """;

    public static string Run(TextWriter log)
    {
        var vocabulary = CharVocabulary.Build(Sonnet);
        var corpus = TextCorpus.FromText(Sonnet, "sonnet 18", vocabulary);
        var config = new CharLanguageModelConfig(vocabulary, CellKind.Lstm, HiddenSize: 96, Layers: 1,
            EmbeddingSize: 16, Dropout: 0f);
        var training = new TextTraining
        {
            SequenceLength = 32,
            BatchSize = 8,
            LearningRate = 1e-2,
            Limits = new TrainerOptions { MaxSteps = 250 },
        };
        // No validation part: the model is meant to learn this one text by heart.
        TrainedTextModel trained = training.Train(config, TextSplit.Create(corpus.Tokens, validationFraction: 0));
        log.WriteLine($"{trained.Result.Steps} steps, training loss {trained.Result.LastLoss:F2} nats/char");

        // The sampler owns the state [layers, 1, hidden], a copy of the weights and a few buffers: one character
        // costs one recurrent step (no tape, no allocation) and a dot product per symbol.
        using var sampler = new CharSampler(trained.Model);
        sampler.Feed(vocabulary.Encode("So long"));
        var options = new SamplingOptions { Temperature = 0.5 };
        var random = new RandomGenerator(1);
        var text = new StringBuilder("So long");
        for (int i = 0; i < 120; i++)
        {
            int next = sampler.Pick(options, random);   // from the scores of the character after what was fed
            text.Append(sampler.Symbol(next));
            sampler.Feed(next);                        // advances the state by one step
        }
        log.WriteLine(text);
        return text.ToString();
    }
}
