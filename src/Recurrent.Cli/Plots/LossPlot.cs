using Recurrent.IO;
using Recurrent.Training;

namespace Recurrent.Cli.Plots;

/// <summary>
/// Draws the training and validation loss of a run (from its <c>metrics.jsonl</c>) as a PNG with ScottPlot: the
/// training loss of every logged step as faint points with its moving average as a line over them (a per-step
/// curve jumps with every batch and hides the trend), and the validation loss as marked points.
/// </summary>
public static class LossPlot
{
    /// <summary>
    /// Writes the loss curve of <paramref name="metricsPath"/> to <paramref name="pngPath"/> atomically. Returns false,
    /// writing nothing, when the metrics hold no loss yet.
    /// </summary>
    public static bool Write(
        string metricsPath,
        string pngPath,
        string title = "loss",
        int width = 900,
        int height = 500
    )
    {
        var losses = MetricsLog.ReadLosses(metricsPath);
        var train = losses.Where(l => l.Kind == "train" && double.IsFinite(l.Value)).ToList();
        var validation = losses.Where(l => l.Kind == "val" && double.IsFinite(l.Value)).ToList();
        if (train.Count == 0 && validation.Count == 0)
            return false;

        var plot = new ScottPlot.Plot();
        if (train.Count > 0)
        {
            var steps = train.Select(l => (double)l.Step).ToArray();
            var values = train.Select(l => l.Value).ToArray();
            var raw = plot.Add.ScatterPoints(steps, values);
            raw.LegendText = "training loss, each logged step";
            raw.MarkerSize = 3;
            raw.Color = ScottPlot.Color.FromHex("#1f77b4").WithAlpha(0.3);
            int window = SmoothingWindow(values.Length);
            var smooth = plot.Add.ScatterLine(steps, MovingAverage(values, window));
            smooth.LegendText = $"training loss, moving average of {window}";
            smooth.LineWidth = 2;
            smooth.Color = ScottPlot.Color.FromHex("#1f77b4");
        }
        if (validation.Count > 0)
        {
            var line = plot.Add.Scatter(
                validation.Select(l => (double)l.Step).ToArray(),
                validation.Select(l => l.Value).ToArray()
            );
            line.LegendText = "validation loss";
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.Color = ScottPlot.Color.FromHex("#d62728");
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss (nats per item)");
        plot.ShowLegend();
        var png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(pngPath, s => s.Write(png));
        return true;
    }

    /// <summary>The moving-average window for <paramref name="points"/> logged losses: a twentieth, 1 to 200.</summary>
    public static int SmoothingWindow(int points) => Math.Clamp(points / 20, 1, 200);

    /// <summary>
    /// The trailing moving average of <paramref name="values"/> over <paramref name="window"/> points (over fewer at
    /// the start, where fewer exist), so that the curve starts at the first point and never looks ahead.
    /// </summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var averages = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
                sum -= values[i - window];
            averages[i] = sum / Math.Min(i + 1, window);
        }
        return averages;
    }
}
