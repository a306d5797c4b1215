using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// The order in which a training epoch visits its items, as a pure function of the seed and the epoch number, so
/// that a run resumed at any epoch sees the batches it would have seen (PyTorch's <c>DataLoader(shuffle=True)</c>
/// with a generator seeded per epoch). Batch sources hold the items; this decides only their indices.
/// </summary>
public static class EpochBatches
{
    /// <summary>A uniformly random permutation of <c>[0, count)</c> for <paramref name="epoch"/>.</summary>
    public static int[] Permutation(int count, ulong seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        Shuffling.Shuffle(order, GeneratorFor(seed, epoch));
        return order;
    }

    /// <summary>
    /// The batches of <paramref name="epoch"/>: item indices <c>[0, count)</c> in a random order, cut into batches
    /// of <paramref name="batchSize"/> (the last may be smaller). With <paramref name="lengthOf"/> the batches
    /// are bucketed by length instead: within each window of <paramref name="sortWindowBatches"/> batches of the
    /// shuffled order the items are sorted by length (stably, so equal lengths still mix from epoch to epoch),
    /// then cut, and the order of the batches is shuffled; a batch then holds items of similar length and needs
    /// little padding. The default window is the whole epoch.
    /// </summary>
    public static int[][] Make(
        int count,
        int batchSize,
        ulong seed,
        int epoch,
        Func<int, int>? lengthOf = null,
        int sortWindowBatches = int.MaxValue
    ) => Arrange(count, batchSize, GeneratorFor(seed, epoch), lengthOf, sortWindowBatches);

    // As Make, drawing from random (no shuffling at all without it: the items in order, or sorted by length).
    internal static int[][] Arrange(
        int count,
        int batchSize,
        RandomGenerator? random,
        Func<int, int>? lengthOf,
        int sortWindowBatches = int.MaxValue
    )
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sortWindowBatches, 1);
        var order = Enumerable.Range(0, count).ToArray();
        if (random is not null)
            Shuffling.Shuffle(order, random);
        if (lengthOf is null)
            return order.Chunk(batchSize).ToArray();

        int window = (int)Math.Min((long)batchSize * sortWindowBatches, Math.Max(count, 1));
        var batches = new List<int[]>();
        for (int start = 0; start < order.Length; start += window)
            batches.AddRange(order.Skip(start).Take(window).OrderBy(lengthOf).Chunk(batchSize));
        var arranged = batches.ToArray();
        if (random is not null)
            Shuffling.Shuffle(arranged, random);
        return arranged;
    }

    private static RandomGenerator GeneratorFor(ulong seed, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return new RandomGenerator(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1)));
    }
}
