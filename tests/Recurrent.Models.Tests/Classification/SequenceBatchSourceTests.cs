using Recurrent.Data;
using Recurrent.Models.Classification;

namespace Recurrent.Tests.Classification;

public class SequenceBatchSourceTests
{
    [Fact]
    public void JitterChangesValidValuesOnlyAndIsAFunctionOfThePosition()
    {
        var series = new[] { new float[] { 1, 2, 3, 4 }, new float[] { 5, 6 } };
        var data = new TimeSeriesDataset("two", 1, series, ["a", "b"]);
        var labels = new LabelSet(["a", "b"]);
        using var plain = new SequenceBatchSource(data, null, labels, batchSize: 2, seed: 3);
        using var noisy = new SequenceBatchSource(data, null, labels, batchSize: 2, seed: 3) { Jitter = 0.1f };
        using var again = new SequenceBatchSource(data, null, labels, batchSize: 2, seed: 3) { Jitter = 0.1f };

        var clean = plain.TrainingBatch(0, 0);
        var jittered = noisy.TrainingBatch(0, 0);
        var repeated = again.TrainingBatch(0, 0);

        Assert.Equal(jittered.Inputs.ToArray(), repeated.Inputs.ToArray());
        Assert.Equal(clean.Lengths, jittered.Lengths);
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 4; t++)
            {
                float before = clean.Inputs.Span[b * 4 + t],
                    after = jittered.Inputs.Span[b * 4 + t];
                if (t < clean.Lengths[b])
                {
                    Assert.NotEqual(before, after);
                    Assert.InRange(after - before, -1f, 1f);
                }
                else
                {
                    Assert.Equal(0f, after);
                }
            }
    }
}
