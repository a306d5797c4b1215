using Recurrent.Data;

namespace Recurrent.Training;

/// <summary>
/// Batches of a list of samples: the last <c>validationFraction</c> of the list is the validation part (never seen
/// in training, as nanoGPT splits), the rest is cut into batches, reshuffled every epoch by a permutation that
/// depends only on the seed and the epoch. The last batch of an epoch may be smaller.
/// </summary>
/// <typeparam name="TItem">The type of one sample.</typeparam>
public sealed class ListBatchSource<TItem> : IBatchSource<IReadOnlyList<TItem>>
{
    private readonly IReadOnlyList<TItem> _training;
    private readonly IReadOnlyList<TItem> _validation;
    private readonly int _batchSize;
    private readonly bool _shuffle;
    private readonly ulong _seed;
    private int _permutationEpoch = -1;
    private int[] _permutation = [];

    /// <summary>Splits <paramref name="items"/> and prepares batches of <paramref name="batchSize"/>.</summary>
    public ListBatchSource(
        IReadOnlyList<TItem> items,
        int batchSize,
        double validationFraction = 0.1,
        bool shuffle = true,
        ulong seed = 0
    )
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (validationFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction),
                $"ListBatchSource: the validation fraction must be in [0, 1); got {validationFraction}."
            );
        int validationCount = (int)Math.Round(items.Count * validationFraction);
        int trainingCount = items.Count - validationCount;
        if (trainingCount < 1)
            throw new ArgumentException(
                $"ListBatchSource: {items.Count} samples leave none for training with a validation fraction of "
                    + $"{validationFraction}.",
                nameof(items)
            );
        _training = items.Take(trainingCount).ToArray();
        _validation = items.Skip(trainingCount).ToArray();
        _batchSize = batchSize;
        _shuffle = shuffle;
        _seed = seed;
    }

    /// <inheritdoc />
    public int TrainingBatchCount => (_training.Count + _batchSize - 1) / _batchSize;

    /// <inheritdoc />
    public int ValidationBatchCount => (_validation.Count + _batchSize - 1) / _batchSize;

    /// <inheritdoc />
    public IReadOnlyList<TItem> TrainingBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)TrainingBatchCount)
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"ListBatchSource: training batch {index} does not exist (there are {TrainingBatchCount})."
            );
        var order = Permutation(epoch);
        int start = index * _batchSize,
            count = Math.Min(_batchSize, _training.Count - start);
        var batch = new TItem[count];
        for (int i = 0; i < count; i++)
            batch[i] = _training[order is null ? start + i : order[start + i]];
        return batch;
    }

    /// <inheritdoc />
    public IReadOnlyList<TItem> ValidationBatch(int index)
    {
        if ((uint)index >= (uint)ValidationBatchCount)
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"ListBatchSource: validation batch {index} does not exist (there are {ValidationBatchCount})."
            );
        int start = index * _batchSize;
        return _validation.Skip(start).Take(Math.Min(_batchSize, _validation.Count - start)).ToArray();
    }

    /// <inheritdoc />
    public int ItemCount(IReadOnlyList<TItem> batch) => batch.Count;

    private int[]? Permutation(int epoch)
    {
        if (!_shuffle)
            return null;
        if (_permutationEpoch != epoch)
        {
            _permutation = EpochBatches.Permutation(_training.Count, _seed, epoch);
            _permutationEpoch = epoch;
        }
        return _permutation;
    }
}
