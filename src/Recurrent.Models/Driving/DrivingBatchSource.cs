using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Driving;

/// <summary>
/// Batches for truncated BPTT over recorded episodes: every epoch the training episodes are shuffled and taken
/// <c>B</c> at a time, and each group is cut into consecutive segments of <c>T</c> steps, visited in order so that
/// the LSTM state carries from one segment to the next. Validation runs the held-out episodes the same way, unshuffled.
/// </summary>
public sealed class DrivingBatchSource : IBatchSource<DrivingBatch>
{
    private readonly IReadOnlyList<DrivingEpisode> _training;
    private readonly IReadOnlyList<DrivingEpisode> _validation;
    private readonly int _batch,
        _segment,
        _segments;
    private readonly ulong _seed;

    /// <summary>
    /// Creates the source; all episodes must have the same number of steps, a multiple of
    /// <paramref name="segmentSteps"/>.
    /// </summary>
    public DrivingBatchSource(
        IReadOnlyList<DrivingEpisode> training,
        IReadOnlyList<DrivingEpisode> validation,
        int batchSize,
        int segmentSteps,
        ulong seed
    )
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSteps, 1);
        if (training.Count == 0)
            throw new ArgumentException("There are no training episodes.", nameof(training));
        int steps = training[0].Steps;
        foreach (var e in training.Concat(validation))
            if (e.Steps != steps)
                throw new ArgumentException(
                    $"Every episode must have the same length; found {steps} and {e.Steps} steps.",
                    nameof(training)
                );
        if (steps % segmentSteps != 0)
            throw new ArgumentException(
                $"The episodes' {steps} steps do not split into segments of {segmentSteps}.",
                nameof(segmentSteps)
            );
        _training = training;
        _validation = validation;
        _batch = Math.Min(batchSize, training.Count);
        _segment = segmentSteps;
        _segments = steps / segmentSteps;
        _seed = seed;
    }

    private int Groups(int episodes) => (episodes + _batch - 1) / _batch;

    /// <inheritdoc />
    public int TrainingBatchCount => Groups(_training.Count) * _segments;

    /// <inheritdoc />
    public int ValidationBatchCount => Groups(_validation.Count) * _segments;

    /// <inheritdoc />
    public DrivingBatch TrainingBatch(int epoch, int index)
    {
        var order = Enumerable.Range(0, _training.Count).ToArray();
        var rng = new RandomGenerator(_seed + (ulong)epoch * 0x9E37_79B9UL);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return Make(_training, order, index);
    }

    /// <inheritdoc />
    public DrivingBatch ValidationBatch(int index) =>
        Make(_validation, Enumerable.Range(0, _validation.Count).ToArray(), index);

    /// <inheritdoc />
    public int ItemCount(DrivingBatch batch) => batch.Batch * batch.Steps;

    private DrivingBatch Make(IReadOnlyList<DrivingEpisode> episodes, int[] order, int index)
    {
        int group = index / _segments,
            segment = index % _segments;
        int first = group * _batch,
            count = Math.Min(_batch, order.Length - first);
        const int pixels = KartCamera.PixelCount,
            buttons = KartButtonSet.Count;
        var x = new float[count * _segment * pixels];
        var y = new float[count * _segment * buttons];
        for (int b = 0; b < count; b++)
        {
            var episode = episodes[order[first + b]];
            for (int t = 0; t < _segment; t++)
            {
                int step = segment * _segment + t,
                    row = b * _segment + t;
                var frame = episode.Frames.AsSpan(step * pixels, pixels);
                var destination = x.AsSpan(row * pixels, pixels);
                for (int p = 0; p < pixels; p++)
                    destination[p] = frame[p] * (1f / 255);
                KartButtonSet.ToTargets((KartButtons)episode.Labels[step], y.AsSpan(row * buttons, buttons));
            }
        }
        return new DrivingBatch(count, _segment, x, y, segment == 0);
    }
}
