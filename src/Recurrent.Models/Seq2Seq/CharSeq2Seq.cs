using Recurrent.Autograd;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// A character encoder-decoder: an LSTM encoder reads the question (padded with spaces, then reversed, as in
/// Keras's addition example, so that the last digits it reads are the first of the question) and hands its final
/// state to an LSTM decoder that writes the answer one character at a time after a start mark <c>^</c> until the
/// end mark <c>$</c>. Training runs <see cref="Forward"/> with the true previous characters (teacher forcing);
/// decoding runs the same encoder and decoder one character at a time, fed its own choices, greedily or by beam
/// search.
/// </summary>
public sealed class CharSeq2Seq : Module
{
    /// <summary>The characters: padding space, digits, plus, start and end marks.</summary>
    public const string Alphabet = " 0123456789+^$";

    // The start and end marks, as indices into Alphabet.
    internal const int Start = 12;
    internal const int End = 13;
    private readonly Embedding _embedding;
    private readonly LstmLayer _encoder;
    private readonly LstmLayer _decoder;
    private readonly Linear _head;

    /// <summary>
    /// Creates the network for questions of up to <see cref="CharSeq2SeqConfig.QuestionLength"/> and answers of up to
    /// <see cref="CharSeq2SeqConfig.AnswerLength"/> characters, its weights drawn from <paramref name="rng"/>.
    /// </summary>
    public CharSeq2Seq(CharSeq2SeqConfig config, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rng);
        Config = config;
        _embedding = RegisterModule("embedding", new Embedding(Alphabet.Length, config.EmbeddingSize, rng));
        _encoder = RegisterModule("encoder", new LstmLayer(config.EmbeddingSize, config.HiddenSize, rng: rng));
        _decoder = RegisterModule("decoder", new LstmLayer(config.EmbeddingSize, config.HiddenSize, rng: rng));
        _encoder.SetForgetGateBias(1f);
        _decoder.SetForgetGateBias(1f);
        _head = RegisterModule("head", new Linear(config.HiddenSize, Alphabet.Length, rng));
    }

    /// <summary>The configuration the network was built from.</summary>
    public CharSeq2SeqConfig Config { get; }

    /// <summary>The longest question.</summary>
    public int QuestionLength => Config.QuestionLength;

    /// <summary>The longest answer (without the end mark).</summary>
    public int AnswerLength => Config.AnswerLength;

    /// <summary>The width of a character embedding.</summary>
    public int EmbeddingSize => Config.EmbeddingSize;

    /// <summary>The LSTM width of encoder and decoder.</summary>
    public int HiddenSize => Config.HiddenSize;

    /// <summary>The character embedding shared by encoder and decoder, <c>embedding</c>, <c>[V, E]</c>.</summary>
    public Embedding Embedding => _embedding;

    /// <summary>The LSTM that reads the question, <c>encoder</c>.</summary>
    public LstmLayer Encoder => _encoder;

    /// <summary>The LSTM that writes the answer from the encoder's state, <c>decoder</c>.</summary>
    public LstmLayer Decoder => _decoder;

    /// <summary>The next-character scores from the decoder's output, <c>head</c>, <c>[V, H]</c>.</summary>
    public Linear Head => _head;

    /// <summary>
    /// Reads <paramref name="path"/> and rebuilds the model it describes; see <see cref="Load(SafeTensorsFile)"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is damaged or is not a character encoder-decoder; the message names the file.
    /// </exception>
    public static CharSeq2Seq Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>
    /// Rebuilds a model from the configuration in a checkpoint's metadata and loads its weights, in evaluation mode.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a character encoder-decoder, a key is malformed, or
    /// the weights do not fit; the message names the file.</exception>
    public static CharSeq2Seq Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = new CharSeq2Seq(
            CheckpointMetadata.Read(file, CharSeq2SeqConfig.FromMetadata),
            new RandomGenerator(0)
        );
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }

    /// <summary>Writes the weights and the configuration to <paramref name="path"/> (atomically).</summary>
    public void Save(string path) => StateDict.Save(path, NamedState(), Config.ToMetadata());

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
    /// The one pass of the network: the encoder reads the question tokens <paramref name="questionTokens"/>
    /// <c>[B, Tq]</c> (see <see cref="QuestionTokens"/>) and the decoder, from the encoder's final state, reads
    /// <paramref name="decoderTokens"/> <c>[B, Td]</c> (the start mark, then the answer so far). Returns the logits of
    /// each next character <c>[B, Td, V]</c> and the decoder's state after them. Training is this pass with the true
    /// answer (teacher forcing); decoding is <see cref="Encode(int[], int)"/> once, then <see cref="Decode"/> one
    /// character at a time: the same equations.
    /// </summary>
    public (Tensor Logits, RecurrentState State) Forward(int[] questionTokens, int[] decoderTokens, int batch)
    {
        var encoded = Encode(questionTokens, batch);
        var result = Decode(decoderTokens, batch, encoded);
        if (!Tape.IsRecording)
            encoded.Dispose();
        return result;
    }

    /// <summary>
    /// The mean cross-entropy per answer character (the end mark included) of <see cref="Forward"/> fed the true
    /// answers, recorded on the current tape.
    /// </summary>
    public Tensor Loss(IReadOnlyList<(string Question, string Answer)> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int steps = AnswerLength + 1;
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
        var questions = QuestionTokens(batch.Select(p => p.Question).ToArray());
        var (logits, state) = Forward(questions, decoderIndices, batch.Count);
        var loss = Losses.Loss.CrossEntropy(logits, targets);
        if (!Tape.IsRecording)
        {
            logits.Dispose();
            state.Dispose();
        }
        return loss;
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
        for (int t = 0; t <= AnswerLength && !done.All(d => d); t++)
        {
            var (logits, next) = Decode(previous, batch, state); // [B, 1, V]
            state.Dispose();
            state = next;
            using (logits)
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
        var state = Encode([question]);
        var live = new List<(string Text, double Score, int Last)> { ("", 0, Start) };
        var finished = new List<(string Text, double Score)>();
        for (int t = 0; t <= AnswerLength && live.Count > 0 && finished.Count < beam; t++)
        {
            var (logits, next) = Decode(live.Select(l => l.Last).ToArray(), live.Count, state); // [live, 1, V]
            state.Dispose();
            var candidates = new List<(int From, int Token, double Score)>();
            for (int i = 0; i < live.Count; i++)
            {
                var row = logits.Span.Slice(i * Alphabet.Length, Alphabet.Length);
                float max = TensorPrimitives.Max(row);
                double logSum = max + Math.Log(row.ToArray().Sum(x => Math.Exp(x - max)));
                for (int k = 0; k < Alphabet.Length; k++)
                    candidates.Add((i, k, live[i].Score + row[k] - logSum));
            }
            logits.Dispose();
            var kept = candidates.OrderByDescending(x => x.Score).Take(beam - finished.Count).ToList();
            var survivors = new List<(string Text, double Score, int Last)>();
            var rows = new List<int>();
            foreach (var (from, token, score) in kept)
            {
                if (token == End || t == AnswerLength)
                    finished.Add((token == End ? live[from].Text : live[from].Text + Alphabet[token], score));
                else
                {
                    survivors.Add((live[from].Text + Alphabet[token], score, token));
                    rows.Add(from);
                }
            }
            state = new RecurrentState(Gather(next.H, rows), Gather(next.C!, rows));
            next.Dispose();
            live = survivors;
        }
        state.Dispose();
        return finished.OrderByDescending(f => f.Score).First().Text;
    }

    private static int Index(char ch)
    {
        int i = Alphabet.IndexOf(ch);
        return i >= 0 ? i : throw new ArgumentException($"'{ch}' is not one of the characters \"{Alphabet}\".");
    }

    private RecurrentState Encode(string[] questions) => Encode(QuestionTokens(questions), questions.Length);

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
