using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// Training batches drawn one after another from a random generator (freshly generated problems, windows at random
/// positions), as an endless stream cut into epochs of <see cref="TrainingBatchCount"/> batches, and a fixed validation
/// part. Drawn in order, the batches come straight from the generator the caller gave, which therefore advances
/// exactly as a hand-written loop drawing them would advance it; asked for any other batch (a resumed run), the source
/// rewinds the generator to where it was at construction and draws again up to that batch, so that every batch is a
/// pure function of its position.
/// </summary>
/// <typeparam name="TBatch">What <c>draw</c> makes.</typeparam>
public sealed class DrawnBatchSource<TBatch> : IBatchSource<TBatch>
{
    private readonly RandomGenerator _generator;
    private readonly ulong[] _start;
    private readonly Func<RandomGenerator, TBatch> _draw;
    private readonly IReadOnlyList<TBatch> _validation;
    private readonly Func<TBatch, int> _itemCount;
    private long _next;
    private long _lastIndex = -1;
    private TBatch _last = default!;

    /// <summary>Creates the source.</summary>
    /// <param name="generator">The generator to draw from; its present state is the start of the stream.</param>
    /// <param name="draw">Draws one training batch from the generator.</param>
    /// <param name="batchesPerEpoch">
    /// How many batches make an epoch (the run's length, for a stream without epochs).
    /// </param>
    /// <param name="validation">The validation batches; empty for none.</param>
    /// <param name="itemCount">The number of items in a batch.</param>
    public DrawnBatchSource(
        RandomGenerator generator,
        Func<RandomGenerator, TBatch> draw,
        int batchesPerEpoch,
        IReadOnlyList<TBatch> validation,
        Func<TBatch, int> itemCount
    )
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(itemCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesPerEpoch, 1);
        _generator = generator;
        _start = generator.State;
        _draw = draw;
        TrainingBatchCount = batchesPerEpoch;
        _validation = validation;
        _itemCount = itemCount;
    }

    /// <inheritdoc />
    public int TrainingBatchCount { get; }

    /// <inheritdoc />
    public int ValidationBatchCount => _validation.Count;

    /// <inheritdoc />
    public TBatch TrainingBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)TrainingBatchCount)
            throw new ArgumentOutOfRangeException(
                nameof(index),
                $"DrawnBatchSource: training batch {index} does not exist (there are {TrainingBatchCount})."
            );
        long position = (long)epoch * TrainingBatchCount + index;
        if (position == _lastIndex)
            return _last;
        SkipTo(position);
        _last = _draw(_generator);
        _lastIndex = position;
        _next = position + 1;
        return _last;
    }

    /// <summary>
    /// Leaves the generator where drawing the first <paramref name="batches"/> training batches leaves it: after a run
    /// resumed at its end, which drew nothing, the caller's generator is then where the whole run left it.
    /// </summary>
    public void SkipTo(long batches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batches);
        if (batches == _next)
            return;
        _generator.State = _start;
        for (_next = 0; _next < batches; _next++)
            _draw(_generator);
        _lastIndex = -1;
    }

    /// <inheritdoc />
    public TBatch ValidationBatch(int index) => _validation[index];

    /// <inheritdoc />
    public int ItemCount(TBatch batch) => _itemCount(batch);
}
