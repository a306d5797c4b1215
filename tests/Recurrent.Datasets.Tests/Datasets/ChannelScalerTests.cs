using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class ChannelScalerTests
{
    [Fact]
    public void StandardizationUsesTheTrainingStatisticsPerChannelIgnoringMissingValues()
    {
        float[][] train =
        [
            [1, 10, 3, 10],
            [5, float.NaN],
        ];
        var scaler = ChannelScaler.Fit(train, channels: 2, ScalingKind.Standardize);
        Assert.Equal([3f, 10f], scaler.Shift);
        Assert.Equal(MathF.Sqrt(8f / 3f), scaler.Scale[0], 5);
        Assert.Equal(1f, scaler.Scale[1]);
        float[] test = [3, 12, float.NaN, 10];
        scaler.Transform(test);
        Assert.Equal(0f, test[0]);
        Assert.Equal(2f, test[1]);
        Assert.True(float.IsNaN(test[2]));
        scaler.InverseTransform(test);
        Assert.Equal(12f, test[1]);
    }

    [Fact]
    public void MinMaxMapsTheTrainingRangeToZeroOne()
    {
        var scaler = ChannelScaler.Fit(
            [
                [2f, 4f, 6f],
            ],
            channels: 1,
            ScalingKind.MinMax
        );
        float[] values = [2, 6, 10];
        scaler.Transform(values);
        Assert.Equal([0f, 1f, 2f], values);
        float[] forecast = [0.5f];
        scaler.InverseTransform(forecast, channel: 0);
        Assert.Equal(4f, forecast[0]);
    }

    [Fact]
    public void SerializedScalerRoundTripsExactly()
    {
        var scaler = ChannelScaler.Fit(
            [
                [0.1f, 1e6f, 0.7f, -3e6f, 0.3f, 2.5f],
            ],
            channels: 2,
            ScalingKind.Standardize
        );
        var parsed = ChannelScaler.Parse(scaler.Serialize());
        Assert.Equal(scaler.Kind, parsed.Kind);
        Assert.Equal(scaler.Shift, parsed.Shift);
        Assert.Equal(scaler.Scale, parsed.Scale);
        Assert.Throws<FormatException>(() => ChannelScaler.Parse("channel-scaler-v1 minmax shift=1,2 scale=1"));
        Assert.Throws<FormatException>(() => ChannelScaler.Parse("channel-scaler-v1 minmax shift=1 scale=0"));
        Assert.Throws<FormatException>(() => ChannelScaler.Parse("hello"));
    }

    [Fact]
    public void ChannelWithOnlyMissingValuesIsAnError()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            ChannelScaler.Fit(
                [
                    [1f, float.NaN],
                ],
                2,
                ScalingKind.Standardize,
                "train.ts"
            )
        );
        Assert.Contains("channel 1 of train.ts", e.Message);
    }

    [Fact]
    public void DatasetIsScaledWithTheTrainingScaler()
    {
        var train = TsFile.Parse(["@data", "0,2:a", "4:b"], "train.ts");
        var test = TsFile.Parse(["@data", "2,6:a"], "test.ts");
        var scaler = ChannelScaler.Fit(train);
        Assert.Equal(2f, scaler.Shift[0]);
        var scaled = scaler.Transform(test);
        Assert.Equal([0f, 4f / scaler.Scale[0]], scaled.Series[0]);
        Assert.Equal([2f, 6f], test.Series[0]);
        var twoChannels = TsFile.Parse(["@data", "0,2:1,3:a"], "two.ts");
        var e = Assert.Throws<InvalidDataException>(() => scaler.Transform(twoChannels));
        Assert.Contains("two.ts: the scaler has 1 channels, the series 2", e.Message);
    }
}
