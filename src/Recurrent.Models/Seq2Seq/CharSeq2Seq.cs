using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;
using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// A character encoder-decoder: an LSTM encoder reads the question (padded with spaces, then reversed, as in
/// Keras's addition example, so that the last digits it reads are the first of the question) and hands its final
/// state to an LSTM decoder that writes the answer one character at a time after a start mark <c>^</c> until the
/// end mark <c>$</c>. Training feeds the decoder the true previous character (teacher forcing); decoding feeds it
/// its own choice, greedily or by beam search.
/// </summary>
public sealed class CharSeq2Seq : Module
{
    /// <summary>The characters: padding space, digits, plus, start and end marks.</summary>
    public const string Alphabet = " 0123456789+^$";

    private const int Start = 12;
    private const int End = 13;
    private readonly Embedding _embedding;
    private readonly LstmLayer _encoder;
    private readonly LstmLayer _decoder;
    private readonly Linear _head;

    /// <summary>
    /// Creates the network for questions of up to <paramref name="questionLength"/> and answers of up to
    /// <paramref name="answerLength"/> characters.
    /// </summary>
    public CharSeq2Seq(int questionLength, int answerLength, int embedding, int hidden, RandomGenerator rng)
    {
        QuestionLength = questionLength;
        AnswerLength = answerLength;
        _embedding = RegisterModule("embedding", new Embedding(Alphabet.Length, embedding, rng));
        _encoder = RegisterModule("encoder", new LstmLayer(embedding, hidden, rng: rng));
        _decoder = RegisterModule("decoder", new LstmLayer(embedding, hidden, rng: rng));
        _encoder.SetForgetGateBias(1f);
        _decoder.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(hidden, Alphabet.Length, rng));
    }

    /// <summary>The longest question.</summary>
    public int QuestionLength { get; }

    /// <summary>The longest answer (without the end mark).</summary>
    public int AnswerLength { get; }

    /// <summary>The value of the checkpoint metadata key <c>model</c> of a character encoder-decoder.</summary>
    public const string Kind = "char-seq2seq";

    /// <summary>The width of a character embedding.</summary>
    public int EmbeddingSize => _embedding.EmbeddingDim;

    /// <summary>The LSTM width of encoder and decoder.</summary>
    public int HiddenSize => _encoder.HiddenSize;

    /// <summary>The character embedding shared by encoder and decoder, <c>embedding</c>, <c>[V, E]</c>.</summary>
    public Embedding Embedding => _embedding;

    /// <summary>The LSTM that reads the question, <c>encoder</c>.</summary>
    public LstmLayer Encoder => _encoder;

    /// <summary>The LSTM that writes the answer from the encoder's state, <c>decoder</c>.</summary>
    public LstmLayer Decoder => _decoder;

    /// <summary>The next-character scores from the decoder's output, <c>head</c>, <c>[V, H]</c>.</summary>
    public Linear Head => _head;

    /// <summary>The architecture and the alphabet as checkpoint metadata.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = Kind,
            ["task"] = "seq2seq",
            ["alphabet"] = Alphabet,
            ["question_length"] = QuestionLength.ToString(CultureInfo.InvariantCulture),
            ["answer_length"] = AnswerLength.ToString(CultureInfo.InvariantCulture),
            ["embedding_size"] = EmbeddingSize.ToString(CultureInfo.InvariantCulture),
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["start_token"] = Start.ToString(CultureInfo.InvariantCulture),
            ["end_token"] = End.ToString(CultureInfo.InvariantCulture),
            ["question_encoding"] =
                "the question padded with spaces to question_length characters, then reversed, each character its "
                    + "index in alphabet",
            ["decoding"] =
                "decoder tokens start with start_token; each next token is chosen from the logits until end_token or "
                    + "answer_length characters",
        };

    /// <summary>
    /// Reads <paramref name="path"/> and rebuilds the model it describes; see <see cref="Load(SafeTensorsFile)"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is damaged or is not a character encoder-decoder; the message names the file.
    /// </exception>
    public static CharSeq2Seq Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>
    /// Rebuilds a model saved with <see cref="ToMetadata"/> and loads its weights, in evaluation mode.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a character encoder-decoder, a key is malformed, or
    /// the weights do not fit; the message names the file.</exception>
    public static CharSeq2Seq Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var metadata = file.Metadata;
        var reader = CheckpointMetadata.Of(file, Kind);
        int Positive(string key) => reader.WholeNumber(key);
        if (metadata.GetValueOrDefault("model") != Kind)
            throw new CheckpointFormatException(
                file.FilePath,
                $"the model kind is '{metadata.GetValueOrDefault("model")}', not {Kind}."
            );
        if (metadata.GetValueOrDefault("alphabet") is { } alphabet && alphabet != Alphabet)
            throw new CheckpointFormatException(file.FilePath, $"the alphabet is \"{alphabet}\", not \"{Alphabet}\".");
        var model = new CharSeq2Seq(
            Positive("question_length"),
            Positive("answer_length"),
            Positive("embedding_size"),
            Positive("hidden_size"),
            new RandomGenerator(0)
        );
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }

    /// <summary>
    /// The encoder's tokens <c>[B, QuestionLength]</c> of <paramref name="questions"/>: padded with spaces, reversed,
    /// as indices into <see cref="Alphabet"/>.
    /// </summary>
    public int[] QuestionTokens(IReadOnlyList<string> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var indices = new int[questions.Count * QuestionLength];
        for (int b = 0; b < questions.Count; b++)
        {
            var q = questions[b];
            if (q.Length > QuestionLength)
                throw new ArgumentException(
                    $"The question '{q}' is longer than {QuestionLength} characters.",
                    nameof(questions)
                );
            var padded = q.PadRight(QuestionLength);
            for (int t = 0; t < QuestionLength; t++)
                indices[b * QuestionLength + t] = Index(padded[QuestionLength - 1 - t]);
        }
        return indices;
    }

    /// <summary>
    /// The encoder's final state after the question tokens <paramref name="tokens"/> <c>[B, T]</c> (see
    /// <see cref="QuestionTokens"/>).
    /// </summary>
    public RecurrentState Encode(int[] tokens, int batch)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var (output, state) = _encoder.Forward(_embedding.Forward(tokens, [batch, tokens.Length / batch]));
        if (!Tape.IsRecording)
            output.Dispose();
        return state;
    }

    /// <summary>
    /// The decoder over the tokens <paramref name="tokens"/> <c>[B, T]</c> (the start mark, then the answer so far)
    /// from <paramref name="state"/>: the logits of each next character <c>[B, T, V]</c> and the state after them.
    /// </summary>
    public (Tensor Logits, RecurrentState State) Decode(int[] tokens, int batch, RecurrentState state)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var (output, next) = _decoder.Forward(_embedding.Forward(tokens, [batch, tokens.Length / batch]), state);
        var logits = _head.Forward(output);
        if (!Tape.IsRecording)
            output.Dispose();
        return (logits, next);
    }

    /// <summary>
    /// The mean cross-entropy per answer character (the end mark included), recorded on the current tape.
    /// </summary>
    public Tensor Loss(IReadOnlyList<(string Question, string Answer)> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int steps = AnswerLength + 1;
        var state = Encode(batch.Select(p => p.Question).ToArray());
        var decoderIndices = new int[batch.Count * steps];
        var targets = new int[batch.Count * steps];
        for (int b = 0; b < batch.Count; b++)
        {
            var answer = batch[b].Answer;
            if (answer.Length > AnswerLength)
                throw new ArgumentException(
                    $"The answer '{answer}' is longer than {AnswerLength} characters.",
                    nameof(batch)
                );
            for (int t = 0; t < steps; t++)
            {
                decoderIndices[b * steps + t] =
                    t == 0 ? Start
                    : t - 1 < answer.Length ? Index(answer[t - 1])
                    : End;
                targets[b * steps + t] =
                    t < answer.Length ? Index(answer[t])
                    : t == answer.Length ? End
                    : -100;
            }
        }
        var (output, _) = _decoder.Forward(_embedding.Forward(decoderIndices, [batch.Count, steps]), state);
        return Losses.Loss.CrossEntropy(_head.Forward(output), targets);
    }

    /// <summary>The answers chosen one most likely character at a time.</summary>
    public string[] Greedy(IReadOnlyList<string> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        using var noGrad = Tape.NoGrad();
        int batch = questions.Count;
        var state = Encode([.. questions]);
        var answers = Enumerable.Range(0, batch).Select(_ => new System.Text.StringBuilder()).ToArray();
        var done = new bool[batch];
        var previous = Enumerable.Repeat(Start, batch).ToArray();
        using var input = Tensor.Zeros(batch, _embedding.EmbeddingDim);
        using var hidden = Tensor.Zeros(batch, _decoder.HiddenSize);
        for (int t = 0; t <= AnswerLength && !done.All(d => d); t++)
        {
            using var logits = StepLogits(previous, state, input, hidden);
            for (int b = 0; b < batch; b++)
            {
                previous[b] = TensorPrimitives.IndexOfMax(logits.Span.Slice(b * Alphabet.Length, Alphabet.Length));
                if (done[b])
                    continue;
                if (previous[b] == End)
                    done[b] = true;
                else
                    answers[b].Append(Alphabet[previous[b]]);
            }
        }
        state.Dispose();
        return answers.Select(a => a.ToString()).ToArray();
    }

    /// <summary>
    /// The answer found by beam search of width <paramref name="beam"/>: at each step every live hypothesis is
    /// extended by every character, the <paramref name="beam"/> best by total log-probability are kept, and those
    /// ending with the end mark retire; the best retired hypothesis wins. Width 1 is greedy decoding.
    /// </summary>
    public string Beam(string question, int beam)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beam, 1);
        using var noGrad = Tape.NoGrad();
        var encoded = Encode([question]);
        var live = new List<(string Text, double Score, int Last)> { ("", 0, Start) };
        var finished = new List<(string Text, double Score)>();
        var h = Repeat(encoded.H, 1);
        var c = Repeat(encoded.C!, 1);
        encoded.Dispose();
        for (int t = 0; t <= AnswerLength && live.Count > 0 && finished.Count < beam; t++)
        {
            using var state = new RecurrentState(h, c);
            using var input = Tensor.Zeros(live.Count, _embedding.EmbeddingDim);
            using var hidden = Tensor.Zeros(live.Count, _decoder.HiddenSize);
            using var logits = StepLogits(live.Select(l => l.Last).ToArray(), state, input, hidden);
            var candidates = new List<(int From, int Token, double Score)>();
            var logProbabilities = new float[Alphabet.Length];
            for (int i = 0; i < live.Count; i++)
            {
                var row = logits.Span.Slice(i * Alphabet.Length, Alphabet.Length);
                float max = TensorPrimitives.Max(row);
                double logSum = max + Math.Log(row.ToArray().Sum(x => Math.Exp(x - max)));
                for (int k = 0; k < Alphabet.Length; k++)
                    candidates.Add((i, k, live[i].Score + row[k] - logSum));
            }
            var kept = candidates.OrderByDescending(x => x.Score).Take(beam - finished.Count).ToList();
            var next = new List<(string Text, double Score, int Last)>();
            var rows = new List<int>();
            foreach (var (from, token, score) in kept)
            {
                if (token == End || t == AnswerLength)
                    finished.Add((token == End ? live[from].Text : live[from].Text + Alphabet[token], score));
                else
                {
                    next.Add((live[from].Text + Alphabet[token], score, token));
                    rows.Add(from);
                }
            }
            h = Gather(state.H, rows);
            c = Gather(state.C!, rows);
            live = next;
        }
        h.Dispose();
        c.Dispose();
        return finished.OrderByDescending(f => f.Score).First().Text;
    }

    private static int Index(char ch)
    {
        int i = Alphabet.IndexOf(ch);
        return i >= 0 ? i : throw new ArgumentException($"'{ch}' is not one of the characters \"{Alphabet}\".");
    }

    private RecurrentState Encode(string[] questions) => Encode(QuestionTokens(questions), questions.Length);

    // Embeds the previous characters, advances the decoder one step and returns the logits [B, V].
    private Tensor StepLogits(int[] previous, RecurrentState state, Tensor input, Tensor hidden)
    {
        int width = _embedding.EmbeddingDim;
        for (int b = 0; b < previous.Length; b++)
            _embedding.Weight.Span.Slice(previous[b] * width, width).CopyTo(input.Span.Slice(b * width, width));
        _decoder.Step(input, state, hidden);
        return _head.Forward(hidden);
    }

    private static Tensor Repeat(Tensor state, int count) => Gather(state, Enumerable.Repeat(0, count).ToList());

    // [L, B, H] -> [L, rows.Count, H] taking batch entries `rows`.
    private static Tensor Gather(Tensor state, List<int> rows)
    {
        int layers = state.Dim(0),
            batch = state.Dim(1),
            hidden = state.Dim(2);
        var gathered = Tensor.Zeros(layers, Math.Max(rows.Count, 1), hidden);
        for (int l = 0; l < layers; l++)
            for (int r = 0; r < rows.Count; r++)
                state
                    .Span.Slice((l * batch + rows[r]) * hidden, hidden)
                    .CopyTo(gathered.Span.Slice((l * rows.Count + r) * hidden, hidden));
        return gathered;
    }
}
