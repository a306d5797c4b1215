using Recurrent.Cli.Plots;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class LossPlotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recurrent-plot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void DrawsAPngFromTheMetricsOnAHeadlessMachine()
    {
        string metrics = Path.Combine(_directory, "metrics.jsonl");
        var log = MetricsLog.Open(metrics, 0);
        for (int step = 1; step <= 30; step++)
        {
            log.Append(("kind", "train"), ("step", (long)step), ("loss", 3.0 / step));
            if (step % 10 == 0)
                log.Append(("kind", "val"), ("step", (long)step), ("val_loss", 3.5 / step));
        }
        File.AppendAllText(metrics, "{\"kind\":\"train\",\"st");

        string png = Path.Combine(_directory, "loss.png");
        Assert.True(LossPlot.Write(metrics, png));

        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(33, MetricsLog.ReadLosses(metrics).Count);
    }

    [Fact]
    public void TheMovingAverageTrailsOverTheWindowAndStartsAtTheFirstPoint()
    {
        Assert.Equal([4.0, 3.0, 2.0, 3.0, 4.0], LossPlot.MovingAverage([4, 2, 0, 7, 5], 3));
        Assert.Equal([1.0, 5.0], LossPlot.MovingAverage([1, 5], 1));
        Assert.Empty(LossPlot.MovingAverage([], 4));
        Assert.Equal(1, LossPlot.SmoothingWindow(30));
        Assert.Equal(50, LossPlot.SmoothingWindow(1000));
        Assert.Equal(200, LossPlot.SmoothingWindow(100_000));
    }

    [Fact]
    public void ResumedLogDropsLinesAfterTheCheckpoint()
    {
        string metrics = Path.Combine(_directory, "metrics.jsonl");
        var log = MetricsLog.Open(metrics, 0);
        for (int step = 1; step <= 10; step++)
            log.Append(("kind", "train"), ("step", (long)step), ("loss", 1.0));
        MetricsLog.Open(metrics, 6);
        Assert.Equal([1L, 2, 3, 4, 5, 6], MetricsLog.ReadLosses(metrics).Select(l => l.Step));
    }
}
