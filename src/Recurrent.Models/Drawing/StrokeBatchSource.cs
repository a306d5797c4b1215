using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Batches of drawings for the <see cref="Trainer{TBatch}"/>. Each epoch the training drawings are shuffled by a
/// permutation that depends only on the seed and the epoch, then grouped in windows of twenty batches sorted by
/// length, so that a batch holds drawings of similar length (little padding); the batches' order is shuffled again.
/// Validation batches are sorted by length and fixed. A training batch lives until the next one is asked for.
/// </summary>
public sealed class StrokeBatchSource : IBatchSource<StrokeBatch>, IDisposable
{
    private readonly IReadOnlyList<StrokeSequence> _training;
    private readonly StrokeBatch[] _validation;
    private readonly Func<StrokeSequence, int> _labelOf;
    private readonly int _batchSize;
    private readonly ulong _seed;
    private readonly int _rank;
    private readonly int _ranks;
    private int _orderEpoch = -1;
    private int[][] _epochBatches = [];
    private StrokeBatch? _current;

    // Drawings are sorted by length within windows of this many batches: similar lengths in a batch, while the
    // windows keep an epoch's batches from running from the shortest drawings to the longest.
    private const int SortWindowBatches = 20;

    /// <summary>
    /// Batches of <paramref name="batchSize"/> drawings; <paramref name="labelOf"/> gives each drawing's label index.
    /// </summary>
    public StrokeBatchSource(
        IReadOnlyList<StrokeSequence> training,
        IReadOnlyList<StrokeSequence> validation,
        Func<StrokeSequence, int> labelOf,
        int batchSize,
        ulong seed
    )
        : this(training, validation, labelOf, batchSize, seed, rank: 0, ranks: 1) { }

    /// <summary>
    /// Rank <paramref name="rank"/>'s share of the batches of <paramref name="ranks"/> ranks training together
    /// (data-parallel, as PyTorch's DistributedDataParallel): every global batch is the one a single process would
    /// make, and rank r takes the r-th of <paramref name="ranks"/> consecutive parts of it, so that the ranks together
    /// see exactly the batches that one process sees. The last, smaller batch of an epoch splits as evenly as it can
    /// (a part may be empty); so do the validation batches.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// There are no training drawings, <paramref name="batchSize"/> is not a multiple of <paramref name="ranks"/>, or
    /// <paramref name="rank"/> is not one of the ranks.
    /// </exception>
    public StrokeBatchSource(
        IReadOnlyList<StrokeSequence> training,
        IReadOnlyList<StrokeSequence> validation,
        Func<StrokeSequence, int> labelOf,
        int batchSize,
        ulong seed,
        int rank,
        int ranks
    )
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(labelOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, ranks);
        if (training.Count == 0)
            throw new ArgumentException("There are no training drawings.", nameof(training));
        if (batchSize % ranks != 0)
            throw new ArgumentException(
                $"The batch size {batchSize} (drawings) must be a multiple of the number of ranks, {ranks}, so that "
                    + "every rank takes an equal share of each batch.",
                nameof(batchSize)
            );
        _training = training;
        _labelOf = labelOf;
        _batchSize = batchSize;
        _seed = seed;
        (_rank, _ranks) = (rank, ranks);
        var sorted = validation.OrderBy(d => d.Length).ToArray();
        _validation = Enumerable
            .Range(0, (sorted.Length + batchSize - 1) / batchSize)
            .Select(i => StrokeBatch.Create(Share(sorted.Skip(i * batchSize).Take(batchSize).ToArray()), labelOf))
            .ToArray();
    }

    /// <summary>
    /// The distortion applied to every training drawing each time it is batched (none when null); validation
    /// drawings are never distorted. Each batch's distortions depend only on the seed, the epoch and the batch.
    /// </summary>
    public StrokeAugmentation? Augmentation { get; init; }

    /// <inheritdoc />
    public int TrainingBatchCount => (_training.Count + _batchSize - 1) / _batchSize;

    /// <inheritdoc />
    public int ValidationBatchCount => _validation.Length;

    /// <inheritdoc />
    public StrokeBatch TrainingBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)TrainingBatchCount)
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"StrokeBatchSource: training batch {index} does not exist (there are {TrainingBatchCount})."
            );
        if (_orderEpoch != epoch)
        {
            _epochBatches = EpochBatches.Make(
                _training.Count,
                _batchSize,
                _seed,
                epoch,
                i => _training[i].Length,
                SortWindowBatches
            );
            _orderEpoch = epoch;
        }
        _current?.Dispose();
        var drawings = _epochBatches[index].Select(i => _training[i]).ToArray();
        if (Augmentation is { IsNone: false } augmentation)
        {
            // The whole global batch is distorted in one order, so every rank's share is what one process would see.
            var rng = new RandomGenerator(_seed ^ 0xA6_0000_0000UL ^ ((ulong)epoch << 20) ^ (ulong)index);
            drawings = drawings.Select(d => augmentation.Apply(d, rng)).ToArray();
        }
        _current = StrokeBatch.Create(Share(drawings), _labelOf);
        return _current;
    }

    /// <inheritdoc />
    public StrokeBatch ValidationBatch(int index) => _validation[index];

    /// <inheritdoc />
    public int ItemCount(StrokeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Points;
    }

    // This rank's consecutive part of a global batch: the whole batch for a single process.
    private T[] Share<T>(T[] batch)
    {
        if (_ranks == 1)
            return batch;
        int from = (int)((long)batch.Length * _rank / _ranks),
            to = (int)((long)batch.Length * (_rank + 1) / _ranks);
        return batch[from..to];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _current?.Dispose();
        foreach (var batch in _validation)
            batch.Dispose();
    }
}
