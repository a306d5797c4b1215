using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Tensors;

namespace Recurrent.Tests.Data;

public class SequenceBatcherTests
{
    private static TimeSeriesDataset Dataset() =>
        TsFile.Parse(
            ["@data", "1,2,3:10,20,30:a", "4:40:b", "5,6:50,60:a", "7,8,9,10:70,80,90,100:b", "11:110:a"],
            "mixed.ts"
        );

    [Fact]
    public void BatchIsPaddedWithZerosAndCarriesLengthsAndLabels()
    {
        var data = Dataset();
        var batcher = new SequenceBatcher(data, LabelSet.FromTraining(data), batchSize: 2);
        using var batch = batcher.Epoch().First();
        Assert.Equal([2, 3, 2], batch.Inputs.Shape.ToArray());
        Assert.Equal([3, 1], batch.Lengths);
        Assert.Equal([0, 1], batch.Labels);
        Assert.Equal([0, 1], batch.Indices);
        Assert.Equal([1f, 10f, 2f, 20f, 3f, 30f, 4f, 40f, 0f, 0f, 0f, 0f], batch.Inputs.ToArray());
        Assert.Equal(3, batch.MaxLength);
    }

    [Fact]
    public void AnEpochVisitsEveryCaseOnceAndTheLastBatchMayBeSmaller()
    {
        var data = Dataset();
        var batcher = new SequenceBatcher(data, LabelSet.FromTraining(data), batchSize: 2, new RandomGenerator(7));
        Assert.Equal(3, batcher.BatchesPerEpoch);
        var batches = batcher.Epoch().ToList();
        Assert.Equal([0, 1, 2, 3, 4], batches.SelectMany(b => b.Indices).Order());
        Assert.Equal(5, batches.Sum(b => b.Count));
        foreach (var b in batches)
            b.Dispose();
    }

    [Fact]
    public void ShuffleIsReproducibleFromTheSeed()
    {
        var data = Dataset();
        int[] Order(ulong seed) =>
            [
                .. new SequenceBatcher(data, null, 2, new RandomGenerator(seed))
                    .Epoch()
                    .SelectMany(b =>
                    {
                        b.Dispose();
                        return b.Indices;
                    }),
            ];
        Assert.Equal(Order(3), Order(3));
    }

    [Fact]
    public void BucketingPutsSimilarLengthsTogether()
    {
        var data = Dataset();
        var batcher = new SequenceBatcher(
            data,
            LabelSet.FromTraining(data),
            batchSize: 2,
            new RandomGenerator(1),
            bucketByLength: true
        );
        var batches = batcher.Epoch().ToList();
        var groups = batches.Select(b => string.Join(",", b.Lengths.Order())).Order().ToArray();
        Assert.Equal(["1,1", "2,3", "4"], groups);
        Assert.All(batches, b => Assert.Equal(b.Lengths.Max(), b.MaxLength));
        foreach (var b in batches)
            b.Dispose();
    }

    [Fact]
    public void UnknownLabelOrMissingValueIsRefusedBeforeBatching()
    {
        var data = Dataset();
        var labels = new LabelSet(["a"]);
        Assert.Contains(
            "mixed.ts, line 3",
            Assert.Throws<InvalidDataException>(() => new SequenceBatcher(data, labels, 2)).Message
        );

        var gappy = TsFile.Parse(["@data", "1,2:3,4:a", "5,?:6,7:a"], "gappy.ts");
        var e = Assert.Throws<InvalidDataException>(() => new SequenceBatcher(gappy, null, 2));
        Assert.Contains("gappy.ts, line 3", e.Message);
        Assert.Contains("step 2, channel 1", e.Message);
        var filled = gappy.WithMissingFilled(0f);
        Assert.Equal([5f, 6f, 0f, 7f], filled.Series[1]);
        _ = new SequenceBatcher(filled, null, 2);
    }

    [Fact]
    public void ValidationSplitTakesCasesFromTheTrainingSet()
    {
        var data = Dataset();
        var (train, validation) = data.Split(0.4, new RandomGenerator(5));
        Assert.Equal(3, train.Count);
        Assert.Equal(2, validation.Count);
        var lines = Enumerable
            .Range(0, 3)
            .Select(train.SourceLine)
            .Concat(Enumerable.Range(0, 2).Select(validation.SourceLine))
            .Order();
        Assert.Equal([2, 3, 4, 5, 6], lines);
    }
}
