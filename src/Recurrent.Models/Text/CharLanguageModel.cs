using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Text;

/// <summary>
/// A character language model in the manner of char-rnn: each character is looked up in an embedding, a stack of
/// recurrent layers (LSTM, GRU or RNN, dropout between them) reads the sequence, and a linear decoder turns every
/// hidden state into scores for the next character. Parameter names are those of the PyTorch module
/// <c>encoder = nn.Embedding; rnn = nn.LSTM(batch_first=True); decoder = nn.Linear</c>. The recurrent state is
/// carried from one batch to the next (truncated backpropagation through time), cut from the tape each time.
/// </summary>
public sealed class CharLanguageModel : Module, ITrainable<TextBatch>, ICarriedState
{
    private readonly CarriedRecurrentState _carried;

    /// <summary>Builds a model with fresh weights drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public CharLanguageModel(CharLanguageModelConfig config, ulong seed = 42)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        var rng = new RandomGenerator(seed);
        int vocabulary = config.Vocabulary.Count;
        Encoder = RegisterModule("encoder", new Embedding(vocabulary, config.EmbeddingSize, rng));
        Rnn = RegisterModule(
            "rnn",
            RecurrentLayer.Create(
                config.Cell,
                config.EmbeddingSize,
                config.HiddenSize,
                config.Layers,
                dropout: config.Dropout,
                rng: rng
            )
        );
        Rnn.WeightDrop = config.WeightDrop;
        // A forget gate that starts open lets gradients reach far back in the first steps of training.
        if (Rnn is LstmLayer lstm)
            lstm.SetForgetGateBias(1f);
        Decoder = RegisterModule("decoder", new Linear(config.HiddenSize, vocabulary, rng));
        _carried = new CarriedRecurrentState(Rnn.HasCellState, "a character model");
    }

    /// <summary>The configuration the model was built from.</summary>
    public CharLanguageModelConfig Config { get; }

    /// <summary>The characters the model reads and writes.</summary>
    public CharVocabulary Vocabulary => Config.Vocabulary;

    /// <summary>The character embedding, <c>[V, E]</c>.</summary>
    public Embedding Encoder { get; }

    /// <summary>The recurrent stack.</summary>
    public RecurrentLayer Rnn { get; }

    /// <summary>The decoder from hidden state to next-character scores, <c>[V, H]</c>.</summary>
    public Linear Decoder { get; }

    /// <summary>
    /// Loads a model from a checkpoint written by <c>recurrent text train</c> (or <see cref="StateDict.Save"/> with
    /// <see cref="CharLanguageModelConfig.ToMetadata"/>), in evaluation mode.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CheckpointFormatException">The file is damaged or holds another kind of model.</exception>
    public static CharLanguageModel Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>Loads a model from a checkpoint already read, in evaluation mode.</summary>
    /// <exception cref="CheckpointFormatException">The file holds another kind of model or its weights do not
    /// fit.</exception>
    public static CharLanguageModel Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = new CharLanguageModel(CheckpointMetadata.Read(file, CharLanguageModelConfig.FromMetadata));
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }

    /// <summary>
    /// The scores of the next character after each of <paramref name="tokens"/> (<paramref name="batchSize"/> streams
    /// of equal length, row-major), starting from <paramref name="initialState"/> (null: zeros), and the final state.
    /// In training mode, dropout between the layers and before the decoder draws from <paramref name="random"/>
    /// (without one, the decoder gets none). Without a tape the intermediate tensors are freed at once.
    /// </summary>
    public (Tensor Logits, RecurrentState State) Forward(
        int[] tokens,
        int batchSize,
        RecurrentState? initialState = null,
        RandomGenerator? random = null
    )
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var (hidden, state) = Rnn.Forward(
            RecurrentInput.EmbeddedTokens(Encoder.Weight, tokens, batchSize),
            initialState,
            dropoutRandom: random
        ); // [B, T, H]
        var decoderInput =
            random is not null && Training && Config.Dropout > 0f
                ? Ops.Dropout(hidden, Config.Dropout, random)
                : hidden;
        var logits = Decoder.Forward(decoderInput); // [B, T, V]
        if (!Tape.IsRecording)
        {
            foreach (var temporary in new[] { hidden, decoderInput }.Distinct())
                temporary.Dispose();
        }
        return (logits, state);
    }

    /// <summary>
    /// The mean cross-entropy (nats per character) of predicting every target of <paramref name="batch"/>, starting
    /// from the carried state, which it then replaces by the final state cut from the tape. Dropout draws from
    /// <see cref="TrainingContext.Random"/> while training.
    /// </summary>
    public Tensor Loss(TextBatch batch, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var initial = _carried.Begin(batch.BatchSize);
        var (logits, state) = Forward(batch.Inputs, batch.BatchSize, initial, context.Random);
        var loss = Losses.Loss.CrossEntropy(logits, batch.Targets);
        _carried.Carry(state);
        if (!Tape.IsRecording)
            logits.Dispose();
        return loss;
    }

    /// <summary>
    /// The mean next-character loss of <paramref name="tokens"/> under the model, read from start to end in one
    /// stream from a zero state (no tape, evaluation mode, the carried training state untouched).
    /// </summary>
    /// <exception cref="ArgumentException">There are fewer than two tokens, so nothing to predict.</exception>
    public TextScore Score(ReadOnlySpan<int> tokens, int chunkLength = 512)
    {
        if (tokens.Length < 2)
            throw new ArgumentException(
                $"Scoring needs at least two characters (one to read, one to predict); the text has {tokens.Length}.",
                nameof(tokens)
            );
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkLength, 1);
        bool wasTraining = Training;
        Eval();
        using var noGrad = Tape.NoGrad();
        RecurrentState? state = null;
        double sum = 0;
        long count = 0;
        try
        {
            for (int start = 0; start < tokens.Length - 1; start += chunkLength)
            {
                int steps = Math.Min(chunkLength, tokens.Length - 1 - start);
                var inputs = tokens.Slice(start, steps).ToArray();
                var targets = tokens.Slice(start + 1, steps).ToArray();
                var (logits, next) = Forward(inputs, 1, state);
                using (logits)
                using (var loss = Losses.Loss.CrossEntropy(logits, targets))
                    sum += (double)loss.Item() * steps;
                count += steps;
                state?.Dispose();
                state = next;
            }
        }
        finally
        {
            state?.Dispose();
            if (wasTraining)
                Train();
        }
        return new TextScore(sum / count, count);
    }

    /// <inheritdoc />
    public void ResetCarriedState() => _carried.ResetCarriedState();

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Tensor Value)> SaveCarriedState() => _carried.SaveCarriedState();

    /// <inheritdoc />
    public void LoadCarriedState(IReadOnlyList<(string Name, Tensor Value)> state) => _carried.LoadCarriedState(state);
}
