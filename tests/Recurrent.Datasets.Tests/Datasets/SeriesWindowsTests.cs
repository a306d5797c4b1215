using Recurrent.Datasets;

namespace Recurrent.Tests.Datasets;

public class SeriesWindowsTests
{
    private static TimeSeriesTable Table(
        int rows,
        MissingValuePolicy missing = MissingValuePolicy.Refuse,
        string? hole = null
    )
    {
        var lines = new List<string> { "t,a,b" };
        for (int r = 0; r < rows; r++)
            lines.Add($"{r},{(hole is not null && r == 2 ? hole : r.ToString())},{100 + r}");
        return TimeSeriesCsv.Parse(
            lines,
            "w.csv",
            new TimeSeriesCsvOptions
            {
                TimeColumn = "t",
                ValueColumns = ["a", "b"],
                Missing = missing,
            }
        );
    }

    [Fact]
    public void WindowsPairHistoryWithTheFollowingFutureAtTheStride()
    {
        var windows = SeriesWindows.Create(Table(8), history: 3, horizon: 2, stride: 2, targetColumns: ["b"]);
        Assert.Equal([0, 2], windows.Starts);
        Assert.Equal([0f, 100f, 1f, 101f, 2f, 102f], windows.Histories[..6]);
        Assert.Equal([103f, 104f, 105f, 106f], windows.Futures);
        Assert.Null(windows.HistoryMask);
        Assert.Equal([2, 3, 2], windows.HistoryTensor().Shape.ToArray());
        Assert.Equal([2, 2, 1], windows.FutureTensor().Shape.ToArray());
    }

    [Fact]
    public void TestWindowsMayReachBackIntoTheTrainingRows()
    {
        var windows = SeriesWindows.Create(Table(10), history: 4, horizon: 2, firstRow: 8 - 4);
        Assert.Equal([4], windows.Starts);
        Assert.Equal([8f, 108f, 9f, 109f], windows.Futures);
    }

    [Fact]
    public void TooFewRowsForOneWindowIsAClearMessage()
    {
        var e = Assert.Throws<InvalidDataException>(() => SeriesWindows.Create(Table(5), history: 4, horizon: 2));
        Assert.Contains("w.csv", e.Message);
        Assert.Contains("5 row(s)", e.Message);
        Assert.Contains("need 6", e.Message);
        Assert.Contains(
            "not among",
            Assert.Throws<ArgumentException>(() => SeriesWindows.Create(Table(8), 2, 1, targetColumns: ["c"])).Message
        );
    }

    [Fact]
    public void MaskedValuesBecomeZeroWithAMask()
    {
        var windows = SeriesWindows.Create(Table(6, MissingValuePolicy.Mask, "NA"), history: 3, horizon: 1);
        Assert.Equal(0f, windows.Histories[4]);
        Assert.Equal(0f, windows.HistoryMask![4]);
        Assert.Equal(1f, windows.HistoryMask[5]);
        Assert.Equal(3, windows.Count);
    }

    [Fact]
    public void ScalerIsFittedOnTheTrainingRowsOnly()
    {
        var table = Table(10);
        var scaler = table.FitScaler(ScalingKind.MinMax, trainRows: 5);
        Assert.Equal([0f, 100f], scaler.Shift);
        Assert.Equal([4f, 4f], scaler.Scale);
        var scaled = table.Transform(scaler);
        Assert.Equal(9f / 4f, scaled.Column("a")[9]);
        Assert.Equal(9f, table.Column("a")[9]);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.FitScaler(ScalingKind.Standardize, 11));
    }
}
