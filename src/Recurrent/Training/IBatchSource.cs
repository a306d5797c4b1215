namespace Recurrent.Training;

/// <summary>
/// Where the <see cref="Trainer{TBatch}"/> gets its batches: a training part, visited epoch after epoch, and a
/// validation part. A batch is a pure function of its epoch and index, which is what makes a run deterministic for a
/// seed and lets a resumed run continue in the middle of an epoch.
/// </summary>
/// <typeparam name="TBatch">Whatever the loss function consumes (token ids, a padded sequence batch, ...).</typeparam>
public interface IBatchSource<TBatch>
{
    /// <summary>The number of training batches in one epoch (at least 1).</summary>
    int TrainingBatchCount { get; }

    /// <summary>The number of validation batches (0 when there is no validation part).</summary>
    int ValidationBatchCount { get; }

    /// <summary>
    /// Training batch <paramref name="index"/> of epoch <paramref name="epoch"/>; the same arguments always give the
    /// same batch.
    /// </summary>
    TBatch TrainingBatch(int epoch, int index);

    /// <summary>Validation batch <paramref name="index"/>.</summary>
    TBatch ValidationBatch(int index);

    /// <summary>
    /// The number of items (samples or tokens) in a batch, for throughput and for weighting validation losses.
    /// </summary>
    int ItemCount(TBatch batch);
}
