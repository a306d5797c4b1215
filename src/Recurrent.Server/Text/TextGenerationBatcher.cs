using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Tensors;
using System.Text;
using System.Threading.Channels;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Server.Text;

/// <summary>
/// The one loop of a text model: every generation in flight is a row of a batch, and each turn of the loop advances
/// all of them by one character with one batched <see cref="RecurrentLayer.Step"/>. A row either reads the next
/// character of its prime or samples the next character with its own settings and generator, so a request gets
/// exactly the characters it would get alone. Requests join at the next step and leave when done or when their client
/// goes, so the batch grows and shrinks with the load.
/// </summary>
internal sealed class TextGenerationBatcher : IDisposable
{
    private readonly CharLanguageModel _model;
    private readonly int _maxBatch;
    private readonly ServerMetrics _metrics;
    private readonly Channel<GenerationJob> _incoming;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly TokenPicker _picker;
    private readonly string[] _symbols;
    private readonly int _startToken;
    private readonly float[] _logits;
    private readonly List<GenerationJob> _active = [];
    private RecurrentState? _state;
    private Tensor? _input;
    private Tensor? _output;
    private int _disposed;

    public TextGenerationBatcher(
        CharLanguageModel model,
        string name,
        int maxBatch,
        int maxQueued,
        ServerMetrics metrics
    )
    {
        _model = model;
        _maxBatch = maxBatch;
        _metrics = metrics;
        _incoming = Channel.CreateBounded<GenerationJob>(
            new BoundedChannelOptions(maxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }
        );
        int vocabulary = model.Vocabulary.Count;
        _picker = new TokenPicker(vocabulary);
        _symbols = Enumerable.Range(0, vocabulary).Select(model.Vocabulary.SymbolText).ToArray();
        var newline = new Rune('\n');
        _startToken = model.Vocabulary.Contains(newline) ? model.Vocabulary.IndexOf(newline) : 0;
        _logits = new float[maxBatch * vocabulary];
        _thread = new Thread(Run) { IsBackground = true, Name = $"generate {name}" };
        _thread.Start();
    }

    /// <summary>
    /// Queues a generation; its characters arrive on <see cref="GenerationJob.Output"/>. An empty prime starts from a
    /// newline (or the first character when the vocabulary has none), as <see cref="CharSampler"/> does.
    /// </summary>
    /// <exception cref="RequestRejectedException">The queue is full (503).</exception>
    public GenerationJob Enqueue(
        int[] prime,
        int length,
        SamplingOptions options,
        ulong seed,
        CancellationToken cancellation
    )
    {
        var job = new GenerationJob(prime.Length == 0 ? [_startToken] : prime, length, options, seed, cancellation);
        if (length == 0)
            job.Complete();
        else if (!_incoming.Writer.TryWrite(job))
            throw new RequestRejectedException(
                503,
                "Too many generations are waiting for this model; try again shortly."
            );
        return job;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stop.Cancel();
        _incoming.Writer.TryComplete();
        _thread.Join();
        foreach (var job in _active)
            job.Complete();
        while (_incoming.Reader.TryRead(out var job))
            job.Complete();
        _state?.Dispose();
        _input?.Dispose();
        _output?.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_active.Count == 0 && !WaitForWork())
                    return;
                Step();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    private bool WaitForWork()
    {
        try
        {
            return _incoming.Reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// One turn: every row picks its input (prime or sample), finished and abandoned rows leave, waiting requests
    /// join, and the survivors advance together.
    /// </summary>
    private void Step()
    {
        int vocabulary = _symbols.Length;
        var previous = _active.ToArray();
        var rows = new List<(GenerationJob Job, int OldRow, int Token)>(_maxBatch);
        for (int row = 0; row < previous.Length; row++)
        {
            var job = previous[row];
            if (job.Cancellation.IsCancellationRequested)
            {
                job.Complete(new OperationCanceledException(job.Cancellation));
                continue;
            }
            int token;
            if (job.IsReadingPrime)
                token = job.NextPrimeToken();
            else
            {
                token = _picker.Pick(_logits.AsSpan(row * vocabulary, vocabulary), job.Options, job.Random);
                _metrics.CountGeneratedTokens(1);
                if (job.Write(_symbols[token]))
                {
                    job.Complete();
                    continue;
                }
            }
            rows.Add((job, row, token));
        }
        while (rows.Count < _maxBatch && _incoming.Reader.TryRead(out var joining))
        {
            if (joining.Cancellation.IsCancellationRequested)
                joining.Complete(new OperationCanceledException(joining.Cancellation));
            else
                rows.Add((joining, -1, joining.NextPrimeToken()));
        }
        _active.Clear();
        foreach (var (job, _, _) in rows)
            _active.Add(job);
        if (rows.Count == 0)
            return;
        Rebatch(rows);
        Advance(rows);
        _metrics.ObserveBatch(rows.Count);
    }

    /// <summary>
    /// Makes the batch state fit the rows: a surviving row keeps its state (moved to its new place), a joining row
    /// starts from zeros. Nothing is copied while the rows stay the same.
    /// </summary>
    private void Rebatch(List<(GenerationJob Job, int OldRow, int Token)> rows)
    {
        bool same = _state is not null && _state.H.Dim(1) == rows.Count;
        for (int i = 0; same && i < rows.Count; i++)
            same = rows[i].OldRow == i;
        if (same)
            return;
        var rnn = _model.Rnn;
        var next = rnn.ZeroState(rows.Count);
        if (_state is { } old)
        {
            int layers = old.H.Dim(0),
                oldBatch = old.H.Dim(1),
                hidden = old.H.Dim(2);
            for (int i = 0; i < rows.Count; i++)
            {
                if (rows[i].OldRow < 0)
                    continue;
                for (int l = 0; l < layers; l++)
                {
                    int from = (l * oldBatch + rows[i].OldRow) * hidden,
                        to = (l * rows.Count + i) * hidden;
                    old.H.Span.Slice(from, hidden).CopyTo(next.H.Span.Slice(to, hidden));
                    if (old.C is { } c)
                        c.Span.Slice(from, hidden).CopyTo(next.C!.Span.Slice(to, hidden));
                }
            }
            old.Dispose();
        }
        _state = next;
        _input?.Dispose();
        _output?.Dispose();
        _input = Tensor.Zeros(rows.Count, _model.Config.EmbeddingSize);
        _output = Tensor.Zeros(rows.Count, _model.Config.HiddenSize);
    }

    /// <summary>Reads each row's input character and computes the scores of every row's next character.</summary>
    private void Advance(List<(GenerationJob Job, int OldRow, int Token)> rows)
    {
        int embedding = _model.Config.EmbeddingSize,
            hidden = _model.Config.HiddenSize,
            vocabulary = _symbols.Length;
        var table = _model.Encoder.Weight.Span;
        var input = _input!.Span;
        for (int i = 0; i < rows.Count; i++)
            table.Slice(rows[i].Token * embedding, embedding).CopyTo(input.Slice(i * embedding, embedding));
        _model.Rnn.Step(_input, _state!, _output!);
        // Each row's scores as CharSampler computes them (one dot product per character), so a row's characters do
        // not depend on the rows beside it.
        ReadOnlySpan<float> outputs = _output!.Span,
            weight = _model.Decoder.Weight.Span;
        var bias = _model.Decoder.Bias;
        for (int i = 0; i < rows.Count; i++)
        {
            var h = outputs.Slice(i * hidden, hidden);
            var logits = _logits.AsSpan(i * vocabulary, vocabulary);
            for (int v = 0; v < vocabulary; v++)
                logits[v] = TensorPrimitives.Dot(weight.Slice(v * hidden, hidden), h);
            if (bias is not null)
                TensorPrimitives.Add(logits, bias.Span, logits);
        }
    }
}
