namespace Recurrent.Data;

/// <summary>
/// char-rnn's batching for truncated backpropagation through time. The tokens are cut into <see cref="BatchSize"/>
/// parallel streams of equal length; chunk k of an epoch holds characters <c>[k*T, (k+1)*T)</c> of every stream as
/// inputs and the characters one step later as targets, so row b of chunk k+1 continues row b of chunk k and the
/// recurrent state can be carried from one chunk to the next. The few tokens that do not fill a whole chunk are left
/// out.
/// </summary>
public sealed class CharStreamBatcher
{
    private readonly int[] _tokens;
    private readonly int _firstStream;

    /// <summary>
    /// Prepares batches of <paramref name="batchSize"/> streams and <paramref name="sequenceLength"/> steps.
    /// </summary>
    /// <exception cref="ArgumentException">The tokens are too few for one batch; the message gives both
    /// numbers.</exception>
    public CharStreamBatcher(int[] tokens, int batchSize, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        long needed = (long)batchSize * sequenceLength + 1;
        if (tokens.Length < needed)
            throw new ArgumentException(
                $"The text has {tokens.Length} characters, shorter than one batch: {batchSize} streams x "
                    + $"{sequenceLength} steps "
                    + $"need {needed} characters (one more for the last target). Use a longer text, or a smaller "
                        + $"--batch-size or --seq-length.",
                nameof(tokens)
            );
        _tokens = tokens;
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        StreamLength = (tokens.Length - 1) / batchSize / sequenceLength * sequenceLength;
        ChunksPerEpoch = StreamLength / sequenceLength;
    }

    private CharStreamBatcher(CharStreamBatcher whole, int firstStream, int streams)
    {
        _tokens = whole._tokens;
        _firstStream = whole._firstStream + firstStream;
        BatchSize = streams;
        SequenceLength = whole.SequenceLength;
        StreamLength = whole.StreamLength;
        ChunksPerEpoch = whole.ChunksPerEpoch;
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of the streams, for data-parallel training: the streams
    /// are those of this batcher (cut as for its whole batch size), parted into consecutive runs as equal as they can
    /// be, so that the parts of a chunk put together are this batcher's chunk.
    /// </summary>
    /// <exception cref="ArgumentException">There are fewer streams than parts.</exception>
    public CharStreamBatcher Part(int part, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(part, parts);
        if (BatchSize < parts)
            throw new ArgumentException(
                $"{BatchSize} streams cannot be shared by {parts} ranks; use a larger batch size or a longer text.",
                nameof(parts)
            );
        int first = (int)((long)BatchSize * part / parts);
        int end = (int)((long)BatchSize * (part + 1) / parts);
        return new CharStreamBatcher(this, first, end - first);
    }

    /// <summary>B, the number of parallel streams (rows of a batch).</summary>
    public int BatchSize { get; }

    /// <summary>T, the number of steps of a chunk.</summary>
    public int SequenceLength { get; }

    /// <summary>The number of input tokens of each stream used in an epoch.</summary>
    public int StreamLength { get; }

    /// <summary>The number of chunks in an epoch.</summary>
    public int ChunksPerEpoch { get; }

    /// <summary>
    /// Writes chunk <paramref name="chunk"/> into <paramref name="inputs"/> and <paramref name="targets"/>, each
    /// <c>[B, T]</c> row-major (batch first), without allocating.
    /// </summary>
    public void Fill(int chunk, Span<int> inputs, Span<int> targets)
    {
        if ((uint)chunk >= (uint)ChunksPerEpoch)
            throw new ArgumentOutOfRangeException(
                nameof(chunk),
                $"Chunk {chunk} is outside the epoch of {ChunksPerEpoch} chunks."
            );
        int size = BatchSize * SequenceLength;
        if (inputs.Length != size || targets.Length != size)
            throw new ArgumentException(
                $"A chunk is [{BatchSize}, {SequenceLength}] = {size} tokens; the buffers hold {inputs.Length} and "
                    + $"{targets.Length}."
            );
        for (int b = 0; b < BatchSize; b++)
        {
            int start = (_firstStream + b) * StreamLength + chunk * SequenceLength;
            _tokens.AsSpan(start, SequenceLength).CopyTo(inputs.Slice(b * SequenceLength, SequenceLength));
            _tokens.AsSpan(start + 1, SequenceLength).CopyTo(targets.Slice(b * SequenceLength, SequenceLength));
        }
    }

    /// <summary>The chunks of one epoch in order, each with new arrays.</summary>
    public IEnumerable<TextBatch> Epoch()
    {
        for (int k = 0; k < ChunksPerEpoch; k++)
        {
            var inputs = new int[BatchSize * SequenceLength];
            var targets = new int[BatchSize * SequenceLength];
            Fill(k, inputs, targets);
            yield return new TextBatch(k, BatchSize, SequenceLength, inputs, targets);
        }
    }
}
