using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Models.Text;

/// <summary>
/// Generates text from a <see cref="CharLanguageModel"/> one character at a time with the recurrent layer's step: no
/// tape, and every buffer made once, so producing a character allocates nothing. Feed a prime text with
/// <see cref="Feed(int)"/>, then call <see cref="Next"/> for each new character. The recurrent and decoder weights are
/// read from a copy made when the sampler is made: float32 in <see cref="PanelMatrix"/> order (one sequential stream
/// per character), or with <see cref="SamplerWeights.Int8"/> int8 with a scale per row, a quarter of the bytes. The
/// sampler does not follow later changes to the model's weights. The first layer's input gates of every character
/// (W_ih times its embedding) are computed once, when the vocabulary keeps that table within
/// <see cref="TokenTableFloats"/>, so a character reads one row of them instead of all of W_ih.
/// </summary>
public sealed class CharSampler : IDisposable
{
    private readonly CharLanguageModel _model;
    private readonly Tensor _input;
    private readonly Tensor _output;
    private readonly RecurrentState _state;
    private readonly float[] _logits;
    private readonly TokenPicker _picker;
    private readonly string[] _symbols;
    private readonly CopiedRecurrentStep _step;
    private readonly PanelMatrix? _panelDecoder;
    private readonly Int8Matrix? _int8Decoder;
    private readonly bool _stepsOnTokens;
    private bool _hasLogits;

    /// <summary>
    /// The most floats the table of the first layer's input gates per character may hold (64 MB); a larger
    /// vocabulary steps on the embedding rows through W_ih.
    /// </summary>
    public const int TokenTableFloats = 1 << 24;

    /// <summary>Prepares a sampler for <paramref name="model"/>, starting from a zero state.</summary>
    public CharSampler(CharLanguageModel model)
        : this(model, SamplerWeights.Float32) { }

    /// <summary>
    /// Prepares a sampler for <paramref name="model"/> that reads its weights in the format
    /// <paramref name="weights"/>, starting from a zero state. The weights are copied (or quantised) here, once: the
    /// sampler does not follow later changes to the model's weights.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weights"/> is not a known format.</exception>
    public CharSampler(CharLanguageModel model, SamplerWeights weights)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Enum.IsDefined(weights))
            throw new ArgumentOutOfRangeException(
                nameof(weights),
                $"Unknown weight format {(int)weights}; use float32 or int8."
            );
        _model = model;
        Weights = weights;
        var first = model.Rnn.Cell(0);
        _stepsOnTokens = (long)model.Vocabulary.Count * first.GateCount * first.HiddenSize <= TokenTableFloats;
        var embedding = _stepsOnTokens ? model.Encoder : null;
        if (weights == SamplerWeights.Int8)
        {
            _step = CopiedRecurrentStep.Int8(model.Rnn, embedding);
            _int8Decoder = new Int8Matrix(
                model.Decoder.Weight.Span,
                model.Vocabulary.Count,
                model.Config.HiddenSize
            );
        }
        else
        {
            _step = CopiedRecurrentStep.Panels(model.Rnn, embedding);
            _panelDecoder = new PanelMatrix(model.Decoder.Weight.Span, model.Vocabulary.Count, model.Config.HiddenSize);
        }
        int vocabulary = model.Vocabulary.Count;
        _input = Tensor.Zeros(1, model.Config.EmbeddingSize);
        _output = Tensor.Zeros(1, model.Config.HiddenSize);
        _state = model.Rnn.ZeroState(1);
        _logits = new float[vocabulary];
        _picker = new TokenPicker(vocabulary);
        _symbols = Enumerable.Range(0, vocabulary).Select(model.Vocabulary.SymbolText).ToArray();
    }

    /// <summary>The format the sampler reads the recurrent and decoder weights in.</summary>
    public SamplerWeights Weights { get; }

    /// <summary>The text of token <paramref name="token"/>, made once (so writing it allocates nothing).</summary>
    public string Symbol(int token) => _symbols[token];

    /// <summary>Forgets everything fed so far.</summary>
    public void Reset()
    {
        _state.H.Span.Clear();
        _state.C?.Span.Clear();
        _hasLogits = false;
    }

    /// <summary>Reads one character: advances the state and computes the scores of the character after it.</summary>
    public void Feed(int token)
    {
        if ((uint)token >= (uint)_logits.Length)
            throw new ArgumentOutOfRangeException(
                nameof(token),
                $"Token {token} is outside the vocabulary of {_logits.Length} characters."
            );
        if (_stepsOnTokens)
            _step.Step([token], _state, _output);
        else
        {
            int embedding = _model.Config.EmbeddingSize;
            _model.Encoder.Weight.Span.Slice(token * embedding, embedding).CopyTo(_input.Span);
            _step.Step(_input, _state, _output);
        }
        if (_int8Decoder is not null)
            Int8MatrixVector.Multiply(_int8Decoder, _output.Span, _logits);
        else
            PanelMatrixVector.Multiply(_panelDecoder!, _output.Span, _logits);
        if (_model.Decoder.Bias is { } bias)
            TensorPrimitives.Add(_logits, bias.Span, _logits);
        _hasLogits = true;
    }

    /// <summary>Reads every character of <paramref name="tokens"/> in order.</summary>
    public void Feed(ReadOnlySpan<int> tokens)
    {
        foreach (int token in tokens)
            Feed(token);
    }

    /// <summary>
    /// The scores of the next character after what was fed, <c>[V]</c> (valid until the next <see cref="Feed(int)"/>).
    /// </summary>
    public ReadOnlySpan<float> Logits =>
        _hasLogits
            ? _logits
            : throw new InvalidOperationException("Feed at least one character before reading the scores.");

    /// <summary>
    /// Picks the next character from the current scores by <paramref name="options"/>, drawing from
    /// <paramref name="random"/>.
    /// </summary>
    public int Pick(SamplingOptions options, RandomGenerator random) => _picker.Pick(Logits, options, random);

    /// <summary>Picks the next character and feeds it, returning it.</summary>
    public int Next(SamplingOptions options, RandomGenerator random)
    {
        int token = Pick(options, random);
        Feed(token);
        return token;
    }

    /// <summary>
    /// Generates <paramref name="length"/> characters after <paramref name="prime"/>, handing each to
    /// <paramref name="write"/> as soon as it is made. An empty prime starts from a newline (or the first character of
    /// the vocabulary when there is no newline in it), which is not written.
    /// </summary>
    /// <exception cref="ArgumentException">The prime text has a character outside the vocabulary.</exception>
    public void Generate(string prime, int length, SamplingOptions options, ulong seed, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(prime);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        options.Validate();
        var vocabulary = _model.Vocabulary;
        var primeTokens = vocabulary.Encode(prime, "prime text");
        Reset();
        if (primeTokens.Length == 0)
            Feed(vocabulary.Contains(new System.Text.Rune('\n')) ? vocabulary.IndexOf(new System.Text.Rune('\n')) : 0);
        else
            Feed(primeTokens);
        var random = new RandomGenerator(seed);
        for (int i = 0; i < length; i++)
            write(_symbols[Next(options, random)]);
    }

    /// <summary>
    /// Generates as <see cref="Generate(string, int, SamplingOptions, ulong, Action{string})"/> does and returns the
    /// text (without the prime).
    /// </summary>
    public string GenerateText(string prime, int length, SamplingOptions options, ulong seed)
    {
        var builder = new System.Text.StringBuilder(length);
        Generate(prime, length, options, seed, s => builder.Append(s));
        return builder.ToString();
    }

    /// <summary>
    /// The mean next-character loss of <paramref name="tokens"/> read one step at a time from a zero state, with this
    /// sampler's weights: the log-probabilities sampling draws from, at temperature 1. It replaces what was fed.
    /// </summary>
    /// <exception cref="ArgumentException">There are fewer than two tokens, so nothing to predict.</exception>
    public TextScore Score(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length < 2)
            throw new ArgumentException(
                $"Scoring needs at least two characters (one to read, one to predict); the text has {tokens.Length}.",
                nameof(tokens)
            );
        Reset();
        double sum = 0;
        for (int i = 0; i < tokens.Length - 1; i++)
        {
            Feed(tokens[i]);
            int target = tokens[i + 1];
            if ((uint)target >= (uint)_logits.Length)
                throw new ArgumentOutOfRangeException(
                    nameof(tokens),
                    $"Token {target} at position {i + 1} is outside the vocabulary of {_logits.Length} characters."
                );
            sum -= LogProbability(_logits, target);
        }
        return new TextScore(sum / (tokens.Length - 1), tokens.Length - 1);
    }

    /// <summary>Returns the buffers of the state to the pool.</summary>
    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _state.Dispose();
    }

    // log softmax(logits)[target], in double so that a long text's sum keeps its digits.
    private static double LogProbability(ReadOnlySpan<float> logits, int target)
    {
        float largest = TensorPrimitives.Max(logits);
        double total = 0;
        foreach (float logit in logits)
            total += Math.Exp(logit - largest);
        return logits[target] - largest - Math.Log(total);
    }
}
