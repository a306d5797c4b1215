using Recurrent.IO;
using Recurrent.Training;

namespace Recurrent.Cli.Plots;

/// <summary>
/// Draws the training and validation loss of a run (from its <c>metrics.jsonl</c>) as a PNG with ScottPlot.
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
            var line = plot.Add.ScatterLine(
                train.Select(l => (double)l.Step).ToArray(),
                train.Select(l => l.Value).ToArray()
            );
            line.LegendText = "training loss";
            line.LineWidth = 1;
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
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss (nats per item)");
        plot.ShowLegend();
        var png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(pngPath, s => s.Write(png));
        return true;
    }
}
