using Recurrent.Data;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// Labelled, padded batches of variable-length series for the <see cref="Trainer{TBatch}"/>: the training part is
/// reshuffled every epoch by a permutation that depends only on the seed and the epoch (optionally bucketed by
/// length, so a batch holds series of similar length), the validation part keeps its order. A training batch lives
/// until the next one is asked for, which is all the trainer needs; validation batches live until disposal.
/// </summary>
public sealed class SequenceBatchSource : IBatchSource<SequenceBatch>, IDisposable
{
    private readonly TimeSeriesDataset _training;
    private readonly SequenceBatcher _trainingBatcher;
    private readonly SequenceBatch[] _validation;
    private readonly int _batchSize;
    private readonly ulong _seed;
    private readonly ulong _augmentationSeed;
    private readonly int _rank;
    private readonly int _ranks;
    private readonly bool _bucketByLength;
    private int _orderEpoch = -1;
    private int[][] _epochBatches = [];
    private SequenceBatch? _current;

    /// <summary>Moves every training series at random before it is batched, when set.</summary>
    public RandomShift? Augmentation { get; init; }

    /// <summary>
    /// The standard deviation of Gaussian noise added to every valid value of a training series (in scaled units,
    /// after any shift), a new draw each time the series is batched; 0 adds none.
    /// </summary>
    public float Jitter
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>Prepares batches of <paramref name="batchSize"/> prepared series.</summary>
    /// <exception cref="InvalidDataException">A label is not in <paramref name="labels"/>; the message names the file
    /// and line.</exception>
    public SequenceBatchSource(
        TimeSeriesDataset training,
        TimeSeriesDataset? validation,
        LabelSet labels,
        int batchSize,
        ulong seed,
        bool bucketByLength = false
    )
        : this(training, validation, labels, batchSize, seed, bucketByLength, rank: 0, ranks: 1) { }

    /// <summary>
    /// Rank <paramref name="rank"/>'s share of the batches of <paramref name="ranks"/> ranks training together
    /// (data-parallel, as PyTorch's DistributedDataParallel): every global batch is the one a single process would
    /// make, and rank r takes the r-th of <paramref name="ranks"/> consecutive parts of it, so that the ranks together
    /// see exactly the batches that one process sees. The last, smaller batch of an epoch splits as evenly as it can
    /// (a part may be empty); so do the validation batches. Augmentation draws from a stream of the seed and the rank.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="batchSize"/> is not a multiple of <paramref name="ranks"/>, or <paramref name="rank"/> is not
    /// one of the ranks.
    /// </exception>
    /// <exception cref="InvalidDataException">A label is not in <paramref name="labels"/>; the message names the file
    /// and line.</exception>
    public SequenceBatchSource(
        TimeSeriesDataset training,
        TimeSeriesDataset? validation,
        LabelSet labels,
        int batchSize,
        ulong seed,
        bool bucketByLength,
        int rank,
        int ranks
    )
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, ranks);
        if (batchSize % ranks != 0)
            throw new ArgumentException(
                $"The batch size {batchSize} (series) must be a multiple of the number of ranks, {ranks}, so that "
                    + "every rank takes an equal share of each batch.",
                nameof(batchSize)
            );
        _training = training;
        _trainingBatcher = new SequenceBatcher(training, labels, batchSize);
        _batchSize = batchSize;
        _seed = seed;
        // Rank 0 augments as a single process does; the others draw from streams of their own.
        _augmentationSeed = seed + (ulong)rank * 0x9E3779B97F4A7C15UL;
        (_rank, _ranks) = (rank, ranks);
        _bucketByLength = bucketByLength;
        if (validation is null || validation.Count == 0)
        {
            _validation = [];
        }
        else
        {
            var validationBatcher = new SequenceBatcher(validation, labels, batchSize);
            _validation =
                ranks == 1
                    ? [.. validationBatcher.Epoch()]
                    :
                    [
                        .. Enumerable
                            .Range(0, validation.Count)
                            .Chunk(batchSize)
                            .Select(batch => validationBatcher.Make(Share(batch))),
                    ];
        }
    }

    /// <inheritdoc />
    public int TrainingBatchCount => (_training.Count + _batchSize - 1) / _batchSize;

    /// <inheritdoc />
    public int ValidationBatchCount => _validation.Length;

    /// <inheritdoc />
    public SequenceBatch TrainingBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)TrainingBatchCount)
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"SequenceBatchSource: training batch {index} does not exist (there are {TrainingBatchCount})."
            );
        if (_orderEpoch != epoch)
        {
            _epochBatches = EpochBatches.Make(
                _training.Count,
                _batchSize,
                _seed,
                epoch,
                _bucketByLength ? _training.Length : null
            );
            _orderEpoch = epoch;
        }
        _current?.Dispose();
        _current = _trainingBatcher.Make(Share(_epochBatches[index]));
        if (Augmentation is not null || Jitter > 0f)
        {
            // Seeded by the position alone, so the batch stays a pure function of (epoch, index).
            var rng = new RandomGenerator(
                _augmentationSeed
                    ^ (0xA24BAED4963EE407UL * (ulong)(epoch + 1))
                    ^ (0x9FB21C651E98DF25UL * (ulong)(index + 1))
            );
            int steps = _current.MaxLength,
                channels = _current.Inputs.Dim(2);
            for (int b = 0; b < _current.Count; b++)
            {
                var series = _current.Inputs.Span.Slice(b * steps * channels, steps * channels);
                Augmentation?.Apply(series, _current.Lengths[b], channels, rng);
                if (Jitter > 0f)
                    foreach (ref float x in series[..(_current.Lengths[b] * channels)])
                        x += Jitter * (float)rng.NextGaussian();
            }
        }
        return _current;
    }

    /// <inheritdoc />
    public SequenceBatch ValidationBatch(int index) => _validation[index];

    /// <inheritdoc />
    public int ItemCount(SequenceBatch batch) => batch.Count;

    // This rank's consecutive part of a global batch: the whole batch for a single process.
    private int[] Share(int[] batch)
    {
        if (_ranks == 1)
            return batch;
        int from = (int)((long)batch.Length * _rank / _ranks),
            to = (int)((long)batch.Length * (_rank + 1) / _ranks);
        return batch[from..to];
    }

    /// <summary>Returns the memory of the batches still alive to the pool.</summary>
    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
        foreach (var batch in _validation)
            batch.Dispose();
    }
}
