using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Cuts a <see cref="TimeSeriesDataset"/> into <see cref="SequenceBatch"/>es of up to <see cref="BatchSize"/> cases,
/// padded to the longest case of the batch. With a random generator the order is shuffled every epoch; with
/// bucketing, cases of similar length share a batch (less padding) and the batches come in random order. The last
/// batch may be smaller, as PyTorch's DataLoader without drop_last.
/// </summary>
public sealed class SequenceBatcher
{
    private readonly TimeSeriesDataset _data;
    private readonly int[] _labels;
    private readonly RandomGenerator? _random;

    /// <summary>Prepares batches of <paramref name="data"/>.</summary>
    /// <param name="data">The cases, with missing values already filled (see
    /// <see cref="TimeSeriesDataset.WithMissingFilled"/>).</param>
    /// <param name="labels">The training label set, or null to batch without labels (prediction).</param>
    /// <param name="batchSize">B, the most cases in a batch.</param>
    /// <param name="random">Shuffles each epoch when given; null keeps the dataset's order.</param>
    /// <param name="bucketByLength">Groups cases of similar length into the same batch.</param>
    /// <exception cref="InvalidDataException">A label is unknown, or a case has a missing value; the message names the
    /// file and line.</exception>
    public SequenceBatcher(
        TimeSeriesDataset data,
        LabelSet? labels,
        int batchSize,
        RandomGenerator? random = null,
        bool bucketByLength = false
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        _labels = labels is null ? Enumerable.Repeat(-1, data.Count).ToArray() : data.LabelIndices(labels);
        for (int i = 0; i < data.Count; i++)
        {
            int missing = Array.FindIndex(data.Series[i], float.IsNaN);
            if (missing >= 0)
                throw new InvalidDataException(
                    $"{data.Locate(i)}: step {missing / data.Channels + 1}, channel {missing % data.Channels + 1} is "
                        + $"missing. "
                        + "Fill missing values before batching (TimeSeriesDataset.WithMissingFilled, after scaling)."
                );
        }
        BatchSize = batchSize;
        _random = random;
        BucketByLength = bucketByLength;
    }

    /// <summary>B, the most cases in a batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether cases of similar length share a batch.</summary>
    public bool BucketByLength { get; }

    /// <summary>The number of batches in an epoch.</summary>
    public int BatchesPerEpoch => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The batches of one epoch. Each is new and must be disposed by the caller.</summary>
    public IEnumerable<SequenceBatch> Epoch()
    {
        foreach (
            var indices in EpochBatches.Arrange(_data.Count, BatchSize, _random, BucketByLength ? _data.Length : null)
        )
            yield return Make(indices);
    }

    /// <summary>
    /// One batch of the cases at <paramref name="indices"/>, in that order (none: an empty batch, which is a rank's
    /// share of a batch smaller than the ranks).
    /// </summary>
    public SequenceBatch Make(int[] indices)
    {
        int channels = _data.Channels;
        var lengths = Array.ConvertAll(indices, _data.Length);
        int maxLength = lengths.Length == 0 ? 0 : lengths.Max();
        var inputs = Tensor.Zeros(indices.Length, maxLength, channels);
        var span = inputs.Span;
        for (int b = 0; b < indices.Length; b++)
            _data.Series[indices[b]].CopyTo(span.Slice(b * maxLength * channels));
        return new SequenceBatch(inputs, lengths, Array.ConvertAll(indices, i => _labels[i]), (int[])indices.Clone());
    }
}
