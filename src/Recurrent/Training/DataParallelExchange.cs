using Recurrent.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Recurrent.Training;

/// <summary>
/// What a data-parallel <see cref="Trainer{TBatch}"/> exchanges with the other ranks of its
/// <see cref="ITrainingWorld"/>: the parameters at the start of a run, the gradients of every step, and the carried
/// recurrent state of a checkpoint (each rank carries its own rows of the streams; a checkpoint holds all of them, as
/// a single process would).
/// </summary>
internal sealed class DataParallelExchange
{
    // Seeds of rank 1, 2, ... are spread by the golden-ratio increment of SplitMix64, so no two ranks share a stream.
    private const ulong RankSeedIncrement = 0x9E3779B97F4A7C15UL;

    private readonly ITrainingWorld _world;
    private readonly Tensor[] _tensors;
    private readonly float[] _bucket;

    public DataParallelExchange(ITrainingWorld world, Tensor[] tensors)
    {
        _world = world;
        _tensors = tensors;
        _bucket = new float[tensors.Sum(t => t.Length) + 2];
    }

    public int Rank => _world.Rank;

    public int Size => _world.Size;

    /// <summary>The seed of this rank's dropout and shuffling: the run's own seed on rank 0.</summary>
    public static ulong RankSeed(ulong seed, int rank) => seed + (ulong)rank * RankSeedIncrement;

    /// <summary>
    /// This rank's generator state after a resume from <paramref name="saved"/>, rank 0's: rank 0 continues it, the
    /// others draw from streams seeded by it and their rank, so that no two ranks drop out the same units.
    /// </summary>
    public ulong[] RankState(ulong[] saved)
    {
        if (Rank == 0)
            return saved;
        ulong folded = saved.Aggregate(0UL, (h, word) => (h ^ word) * 0x100000001B3UL);
        return new RandomGenerator(RankSeed(folded, Rank)).State;
    }

    /// <summary>Gives every rank rank 0's parameters.</summary>
    public void BroadcastParameters()
    {
        var values = _bucket.AsSpan(0, _bucket.Length - 2);
        int at = 0;
        foreach (var t in _tensors)
        {
            t.Span.CopyTo(values.Slice(at, t.Length));
            at += t.Length;
        }
        _world.Broadcast(values);
        at = 0;
        foreach (var t in _tensors)
        {
            values.Slice(at, t.Length).CopyTo(t.Span);
            at += t.Length;
        }
    }

    /// <summary>
    /// Replaces every gradient by its mean over the ranks, weighted by the items of each rank's share of the batch,
    /// and returns the loss so weighted: the gradient and loss of the whole batch, also when the shares differ (the
    /// last, smaller batch of an epoch) or a share is empty (<paramref name="items"/> 0, the rank's gradients zero).
    /// </summary>
    public double AverageGradients(double loss, int items)
    {
        // One flat bucket holds every gradient and, in its last two elements, the loss and the item count, each
        // multiplied by the items, so that one all-reduce per step gives the sums that the weighted means need.
        var bucket = _bucket.AsSpan();
        int at = 0;
        foreach (var t in _tensors)
        {
            var part = bucket.Slice(at, t.Length);
            if (t.Grad is { } g && items > 0)
                TensorPrimitives.Multiply(g.Span, items, part);
            else
                part.Clear();
            at += t.Length;
        }
        bucket[at] = items > 0 ? (float)(loss * items) : 0f;
        bucket[at + 1] = items;
        _world.AllReduceSum(bucket);
        float scale = 1f / bucket[at + 1];
        at = 0;
        foreach (var t in _tensors)
        {
            if (t.Grad is { } g)
                TensorPrimitives.Multiply(bucket.Slice(at, t.Length), scale, g.Span);
            at += t.Length;
        }
        return bucket[at] * (double)scale;
    }

    /// <summary>
    /// Sums <paramref name="sums"/> (a validation pass's weighted losses, metrics and item count) over the ranks.
    /// </summary>
    public void Sum(Span<double> sums) => _world.AllReduceSum(sums);

    /// <summary>
    /// The whole carried state from each rank's rows of it: tensors <c>[layers, rows, hidden]</c>, rank r's rows being
    /// the r-th of <see cref="Size"/> equal parts.
    /// </summary>
    public IReadOnlyList<(string Name, Tensor Value)> GatherRows(IReadOnlyList<(string Name, Tensor Value)> local)
    {
        var whole = new List<(string, Tensor)>(local.Count);
        foreach (var (name, part) in local)
        {
            int layers = part.Dim(0),
                rows = part.Dim(1),
                width = part.Dim(2);
            var all = Tensor.Zeros(layers, rows * Size, width);
            for (int l = 0; l < layers; l++)
                part.Span.Slice(l * rows * width, rows * width)
                    .CopyTo(all.Span.Slice((l * rows * Size + Rank * rows) * width, rows * width));
            // Every rank adds zeros outside its own rows, so the sum is each rank's rows exactly.
            _world.AllReduceSum(all.Span);
            whole.Add((name, all));
            part.Dispose();
        }
        return whole;
    }

    /// <summary>This rank's rows of a whole carried state, read from a checkpoint.</summary>
    /// <exception cref="ArgumentException">The state's rows do not split evenly over the ranks.</exception>
    public IReadOnlyList<(string Name, Tensor Value)> ScatterRows(IReadOnlyList<(string Name, Tensor Value)> whole)
    {
        var local = new List<(string, Tensor)>(whole.Count);
        foreach (var (name, all) in whole)
        {
            if (all.Rank != 3 || all.Dim(1) % Size != 0)
                throw new ArgumentException(
                    $"The carried state '{name}' of shape {Shape.Format(all.Shape)} does not split into {Size} equal "
                        + "parts of streams, one per rank."
                );
            int layers = all.Dim(0),
                rows = all.Dim(1) / Size,
                width = all.Dim(2);
            var part = Tensor.Zeros(layers, rows, width);
            for (int l = 0; l < layers; l++)
                all.Span.Slice((l * rows * Size + Rank * rows) * width, rows * width)
                    .CopyTo(part.Span.Slice(l * rows * width, rows * width));
            local.Add((name, part));
        }
        return local;
    }
}
