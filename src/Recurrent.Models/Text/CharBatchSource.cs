using Recurrent.Data;
using Recurrent.Training;

namespace Recurrent.Models.Text;

/// <summary>
/// The batches of a character model: the training tokens cut into streams by <see cref="CharStreamBatcher"/> (the
/// same chunks in the same order every epoch, as char-rnn, so the carried state always continues its stream), and
/// the validation tokens batched the same way, with fewer streams or shorter chunks when the validation text is short.
/// </summary>
public sealed class CharBatchSource : IBatchSource<TextBatch>
{
    private readonly CharStreamBatcher _train;
    private readonly CharStreamBatcher? _validation;

    /// <summary>
    /// Batches <paramref name="split"/> in <paramref name="batchSize"/> streams of
    /// <paramref name="sequenceLength"/>-step chunks.
    /// </summary>
    /// <exception cref="ArgumentException">The training text is shorter than one batch; the message gives both
    /// numbers.</exception>
    public CharBatchSource(TextSplit split, int batchSize, int sequenceLength)
        : this(split, batchSize, sequenceLength, 0, 1) { }

    /// <summary>
    /// Rank <paramref name="rank"/>'s share of the batches of <paramref name="ranks"/> ranks training together
    /// (<see cref="TrainerOptions.World"/>): the streams are cut as for one process with <paramref name="batchSize"/>
    /// streams, and each rank owns a fixed run of <paramref name="batchSize"/> / <paramref name="ranks"/> of them (and
    /// carries their state), so that the ranks together see exactly what that one process sees. The validation streams
    /// are shared out the same way, as evenly as they go.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="batchSize"/> is not a multiple of <paramref name="ranks"/>, the validation text has fewer
    /// streams than there are ranks, or the training text is shorter than one batch.
    /// </exception>
    public CharBatchSource(TextSplit split, int batchSize, int sequenceLength, int rank, int ranks)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        if (batchSize % ranks != 0)
            throw new ArgumentException(
                $"The batch size {batchSize} (streams) must be a multiple of the number of ranks, {ranks}, so that "
                    + "every rank carries as many streams.",
                nameof(batchSize)
            );
        _train = new CharStreamBatcher(split.Train, batchSize, sequenceLength).Part(rank, ranks);
        int validation = split.Validation.Length;
        if (validation >= 2)
        {
            int steps = Math.Min(sequenceLength, validation - 1);
            int streams = Math.Clamp((validation - 1) / steps, 1, batchSize);
            _validation = new CharStreamBatcher(split.Validation, streams, steps).Part(rank, ranks);
        }
    }

    /// <summary>The batcher of the training text.</summary>
    public CharStreamBatcher Training => _train;

    /// <summary>
    /// The number of validation characters predicted per pass (what the validation loss averages over).
    /// </summary>
    public long ValidationTokenCount =>
        _validation is null ? 0 : (long)_validation.ChunksPerEpoch * _validation.BatchSize * _validation.SequenceLength;

    /// <inheritdoc />
    public int TrainingBatchCount => _train.ChunksPerEpoch;

    /// <inheritdoc />
    public int ValidationBatchCount => _validation?.ChunksPerEpoch ?? 0;

    /// <inheritdoc />
    public TextBatch TrainingBatch(int epoch, int index) => Make(_train, index);

    /// <inheritdoc />
    public TextBatch ValidationBatch(int index) =>
        Make(_validation ?? throw new InvalidOperationException("There is no validation text."), index);

    /// <inheritdoc />
    public int ItemCount(TextBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.BatchSize * batch.SequenceLength;
    }

    private static TextBatch Make(CharStreamBatcher batcher, int chunk)
    {
        var inputs = new int[batcher.BatchSize * batcher.SequenceLength];
        var targets = new int[inputs.Length];
        batcher.Fill(chunk, inputs, targets);
        return new TextBatch(chunk, batcher.BatchSize, batcher.SequenceLength, inputs, targets);
    }
}
