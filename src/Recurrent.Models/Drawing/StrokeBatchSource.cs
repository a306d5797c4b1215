using Recurrent.Data;
using Recurrent.Datasets;
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
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(labelOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (training.Count == 0)
            throw new ArgumentException("There are no training drawings.", nameof(training));
        _training = training;
        _labelOf = labelOf;
        _batchSize = batchSize;
        _seed = seed;
        var sorted = validation.OrderBy(d => d.Length).ToArray();
        _validation = Enumerable
            .Range(0, (sorted.Length + batchSize - 1) / batchSize)
            .Select(i => StrokeBatch.Create(sorted.Skip(i * batchSize).Take(batchSize).ToArray(), labelOf))
            .ToArray();
    }

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
        _current = StrokeBatch.Create(_epochBatches[index].Select(i => _training[i]).ToArray(), _labelOf);
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

    /// <inheritdoc />
    public void Dispose()
    {
        _current?.Dispose();
        foreach (var batch in _validation)
            batch.Dispose();
    }
}
