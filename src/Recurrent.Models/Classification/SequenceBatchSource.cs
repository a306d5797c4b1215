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
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _training = training;
        _trainingBatcher = new SequenceBatcher(training, labels, batchSize);
        _batchSize = batchSize;
        _seed = seed;
        _bucketByLength = bucketByLength;
        if (validation is null || validation.Count == 0)
        {
            _validation = [];
        }
        else
        {
            var validationBatcher = new SequenceBatcher(validation, labels, batchSize);
            _validation = [.. validationBatcher.Epoch()];
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
        _current = _trainingBatcher.Make(_epochBatches[index]);
        if (Augmentation is not null || Jitter > 0f)
        {
            // Seeded by the position alone, so the batch stays a pure function of (epoch, index).
            var rng = new RandomGenerator(
                _seed ^ (0xA24BAED4963EE407UL * (ulong)(epoch + 1)) ^ (0x9FB21C651E98DF25UL * (ulong)(index + 1))
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

    /// <summary>Returns the memory of the batches still alive to the pool.</summary>
    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
        foreach (var batch in _validation)
            batch.Dispose();
    }
}
