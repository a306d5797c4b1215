using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>
/// The epoch order shared by the batch sources: a permutation, reproducible, and bucketed by length on request.
/// </summary>
public class EpochBatchesTests
{
    [Theory]
    [InlineData(false, int.MaxValue)]
    [InlineData(true, int.MaxValue)]
    [InlineData(true, 2)]
    public void EveryItemIsInExactlyOneBatchAndTheSeedAndEpochDecideTheOrder(bool bucket, int window)
    {
        Func<int, int>? length = bucket ? i => (i * 37) % 11 : null;
        var batches = EpochBatches.Make(23, 4, seed: 9, epoch: 3, length, window);
        Assert.Equal(6, batches.Length);
        Assert.Equal(Enumerable.Range(0, 23), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 4));
        Assert.Equal(batches, EpochBatches.Make(23, 4, seed: 9, epoch: 3, length, window));
        Assert.NotEqual(batches, EpochBatches.Make(23, 4, seed: 9, epoch: 4, length, window));
        Assert.NotEqual(batches, EpochBatches.Make(23, 4, seed: 10, epoch: 3, length, window));
    }

    [Fact]
    public void BucketingSortsWithinEachWindowOfBatches()
    {
        static int Length(int i) => (i * 37) % 11;
        var whole = EpochBatches.Make(40, 5, seed: 1, epoch: 0, Length);
        // Sorted over the whole epoch, the batches' length ranges do not overlap.
        var ranges = whole
            .Select(b => (Min: b.Min(Length), Max: b.Max(Length)))
            .OrderBy(r => r.Min)
            .ThenBy(r => r.Max)
            .ToArray();
        for (int i = 1; i < ranges.Length; i++)
            Assert.True(ranges[i - 1].Max <= ranges[i].Min, $"batches {ranges[i - 1]} and {ranges[i]} overlap");
        Assert.All(EpochBatches.Make(40, 5, seed: 1, epoch: 0, Length, sortWindowBatches: 2), b =>
            Assert.Equal(b.Select(Length).Order(), b.Select(Length))
        );
    }

    [Fact]
    public void PermutationMatchesTheUnbucketedBatches()
    {
        var permutation = EpochBatches.Permutation(17, seed: 5, epoch: 2);
        Assert.Equal(permutation, EpochBatches.Make(17, 3, seed: 5, epoch: 2).SelectMany(b => b));
    }
}
