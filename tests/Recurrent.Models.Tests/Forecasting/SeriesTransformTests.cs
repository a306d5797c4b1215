using Recurrent.Models.Forecasting;

namespace Recurrent.Tests.Forecasting;

public class SeriesTransformTests
{
    [Theory]
    [InlineData(false, 0, true)]
    [InlineData(false, 4, false)]
    [InlineData(false, 4, true)]
    [InlineData(true, 4, true)]
    public void LevelsRebuildTheSeriesFromItsOwnZ(bool log, int lag, bool firstDifference)
    {
        var raw = Enumerable
            .Range(0, 40)
            .Select(t => (float)(20 + 0.3 * t * t / 10 + 3 * Math.Sin(t * Math.PI / 2)))
            .ToArray();
        var transform = SeriesTransform.Fit(raw, 30, log, lag, firstDifference);
        var z = transform.Forward(raw);

        var levels = transform.Levels(z.AsSpan(30, 10), raw, 30);

        for (int k = 0; k < 10; k++)
            Assert.Equal(raw[30 + k], transform.Raw(levels[k]), 3);
        Assert.Equal(lag + (firstDifference ? 1 : 0), transform.FirstRow);
    }
}
