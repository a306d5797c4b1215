using Recurrent.Data;
using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class ClassificationSharedDataTests
{
    [SkippableTheory]
    [InlineData("GunPoint", 50, 150, 1, 150, 150, 2)]
    [InlineData("ItalyPowerDemand", 67, 1029, 1, 24, 24, 2)]
    [InlineData("ECG200", 100, 100, 1, 96, 96, 2)]
    [InlineData("SyntheticControl", 300, 300, 1, 60, 60, 6)]
    [InlineData("JapaneseVowels", 270, 370, 12, 7, 29, 9)]
    [InlineData("BasicMotions", 40, 40, 6, 100, 100, 4)]
    [InlineData("PenDigits", 7494, 3498, 2, 8, 8, 10)]
    public void TsDatasetsHaveTheKnownShapes(
        string name,
        int trainCount,
        int testCount,
        int channels,
        int minLength,
        int maxLength,
        int classes
    )
    {
        var train = TsFile.Read(SharedData.File("tsc", name, $"{name}_TRAIN.ts"));
        var test = TsFile.Read(SharedData.File("tsc", name, $"{name}_TEST.ts"));
        Assert.Equal(trainCount, train.Count);
        Assert.Equal(testCount, test.Count);
        Assert.Equal(channels, train.Channels);
        test.EnsureChannels(train.Channels);
        Assert.Equal(minLength, Math.Min(train.MinLength, test.MinLength));
        Assert.Equal(maxLength, Math.Max(train.MaxLength, test.MaxLength));
        var labels = LabelSet.FromTraining(train);
        Assert.Equal(classes, labels.Count);
        Assert.Equal(classes, test.LabelIndices(labels).Distinct().Count());
        Assert.DoesNotContain(train.Series, s => s.Any(float.IsNaN));
    }

    [SkippableFact]
    public void JapaneseVowelsBatchesKeepEveryLength()
    {
        var train = TsFile.Read(SharedData.File("tsc", "JapaneseVowels", "JapaneseVowels_TRAIN.ts"));
        var scaled = ChannelScaler.Fit(train).Transform(train);
        var batcher = new SequenceBatcher(
            scaled,
            LabelSet.FromTraining(train),
            batchSize: 32,
            new Tensors.RandomGenerator(1),
            bucketByLength: true
        );
        int cases = 0;
        foreach (var batch in batcher.Epoch())
        {
            using (batch)
            {
                Assert.Equal(12, batch.Inputs.Dim(2));
                Assert.Equal(batch.Lengths.Max(), batch.MaxLength);
                cases += batch.Count;
            }
        }
        Assert.Equal(270, cases);
    }

    [SkippableFact]
    public void MnistHasTenThousandImagesOf28By28()
    {
        var test = SequentialMnist.Load(
            SharedData.File("mnist", "t10k-images-idx3-ubyte.gz"),
            SharedData.File("mnist", "t10k-labels-idx1-ubyte.gz")
        );
        Assert.Equal(10_000, test.Count);
        Assert.Equal(28, test.Channels);
        Assert.Equal(28, test.MinLength);
        Assert.Equal(28, test.MaxLength);
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], ClassCounts(test));
        Assert.All(test.Series[0], p => Assert.InRange(p, 0f, 1f));

        var train = SequentialMnist.Load(
            SharedData.File("mnist", "train-images-idx3-ubyte-first10k.gz"),
            SharedData.File("mnist", "train-labels-idx1-ubyte-first10k.gz")
        );
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], ClassCounts(train));
        var allLabels = IdxFile.Read(SharedData.File("mnist", "train-labels-idx1-ubyte.gz"));
        Assert.Equal([60_000], allLabels.Shape);
    }

    [SkippableFact]
    public void OptDigitsHaveTheKnownSplitAndClassCounts()
    {
        var train = OptDigitsFile.Read(SharedData.File("optdigits", "optdigits.tra"));
        var test = OptDigitsFile.Read(SharedData.File("optdigits", "optdigits.tes"), OptDigitsLayout.PixelsAsSteps);
        Assert.Equal(3823, train.Count);
        Assert.Equal(1797, test.Count);
        Assert.Equal((8, 8), (train.Channels, train.MaxLength));
        Assert.Equal((1, 64), (test.Channels, test.MaxLength));
        Assert.Equal([376, 389, 380, 389, 387, 376, 377, 387, 380, 382], ClassCounts(train));
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], ClassCounts(test));
    }

    private static int[] ClassCounts(TimeSeriesDataset data)
    {
        var counts = new int[10];
        foreach (var label in data.Labels)
            counts[int.Parse(label, System.Globalization.CultureInfo.InvariantCulture)]++;
        return counts;
    }
}
