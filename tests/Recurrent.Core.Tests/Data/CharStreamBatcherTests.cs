using Recurrent.Data;

namespace Recurrent.Tests.Data;

public class CharStreamBatcherTests
{
    [Fact]
    public void ConsecutiveChunksContinueEachStream()
    {
        var tokens = Enumerable.Range(0, 26).ToArray();
        var batcher = new CharStreamBatcher(tokens, batchSize: 2, sequenceLength: 3);
        // 25 usable inputs / 2 streams = 12 per stream, cut to whole chunks of 3 = 12: streams start at 0 and 12.
        Assert.Equal(12, batcher.StreamLength);
        Assert.Equal(4, batcher.ChunksPerEpoch);
        var chunks = batcher.Epoch().ToArray();
        Assert.Equal(4, chunks.Length);
        Assert.Equal([0, 1, 2, 12, 13, 14], chunks[0].Inputs);
        Assert.Equal([1, 2, 3, 13, 14, 15], chunks[0].Targets);
        Assert.Equal([3, 4, 5, 15, 16, 17], chunks[1].Inputs);
        Assert.Equal([9, 10, 11, 21, 22, 23], chunks[3].Inputs);
        Assert.Equal([10, 11, 12, 22, 23, 24], chunks[3].Targets);
        Assert.Equal(3, chunks[3].Chunk);
    }

    [Fact]
    public void ExactlyOneBatchIsEnough()
    {
        var batcher = new CharStreamBatcher(Enumerable.Range(0, 7).ToArray(), batchSize: 2, sequenceLength: 3);
        Assert.Equal(1, batcher.ChunksPerEpoch);
        var chunk = Assert.Single(batcher.Epoch());
        Assert.Equal([1, 2, 3, 4, 5, 6], chunk.Targets);
    }

    [Fact]
    public void CorpusShorterThanOneBatchIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new CharStreamBatcher(new int[50], batchSize: 8, sequenceLength: 10)
        );
        Assert.Contains("50 characters", e.Message);
        Assert.Contains("8 streams x 10 steps", e.Message);
        Assert.Contains("81", e.Message);
    }

    [Fact]
    public void FillChecksTheChunkAndBufferSizes()
    {
        var batcher = new CharStreamBatcher(new int[100], batchSize: 2, sequenceLength: 5);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            batcher.Fill(batcher.ChunksPerEpoch, new int[10], new int[10])
        );
        Assert.Throws<ArgumentException>(() => batcher.Fill(0, new int[9], new int[10]));
    }

    [Fact]
    public void PartsOfTheStreamsPutTogetherAreTheWholeChunk()
    {
        var tokens = Enumerable.Range(0, 1000).ToArray();
        var whole = new CharStreamBatcher(tokens, batchSize: 7, sequenceLength: 5);
        var parts = Enumerable.Range(0, 3).Select(r => whole.Part(r, 3)).ToArray();
        Assert.Equal([2, 2, 3], parts.Select(p => p.BatchSize));
        Assert.All(parts, p => Assert.Equal(whole.ChunksPerEpoch, p.ChunksPerEpoch));
        for (int chunk = 0; chunk < whole.ChunksPerEpoch; chunk += 9)
        {
            var inputs = new int[7 * 5];
            var targets = new int[7 * 5];
            whole.Fill(chunk, inputs, targets);
            var joined = parts
                .SelectMany(p =>
                {
                    var i = new int[p.BatchSize * 5];
                    p.Fill(chunk, i, new int[i.Length]);
                    return i;
                })
                .ToArray();
            Assert.Equal(inputs, joined);
        }
        Assert.Throws<ArgumentException>(() => whole.Part(0, 8));
    }

    [Fact]
    public void SplitHoldsOutTheLastFraction()
    {
        var split = TextSplit.Create(Enumerable.Range(0, 25).ToArray());
        Assert.Equal(22, split.Train.Length);
        Assert.Equal([22, 23, 24], split.Validation);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextSplit.Create(new int[4], 1.0));
        Assert.Empty(TextSplit.Create(new int[4], 0).Validation);
    }
}
