using Recurrent.IO;
using Recurrent.Models.Forecasting;

namespace Recurrent.Cli.Plots;

/// <summary>
/// Draws a forecast window with ScottPlot: the history, the truth, the mean forecast and a band of sampled
/// trajectories.
/// </summary>
public static class ForecastPlot
{
    /// <summary>
    /// Writes the PNG to <paramref name="pngPath"/> atomically; <paramref name="dates"/> says whether the times are OLE
    /// dates.
    /// </summary>
    public static void Write(
        PlottedWindow window,
        string pngPath,
        string title,
        bool dates,
        int width = 1000,
        int height = 500
    )
    {
        ArgumentNullException.ThrowIfNull(window);
        var plot = new ScottPlot.Plot();
        var joinedTimes = new[] { window.HistoryTimes[^1] }.Concat(window.FutureTimes).ToArray();
        double[] Joined(double[] future) => new[] { window.History[^1] }.Concat(future).ToArray();
        int horizon = window.FutureTimes.Length;
        // A baseline's forecast has no sampled paths, so no band.
        if (window.Trajectories.Length > 0)
        {
            var low = new double[horizon];
            var high = new double[horizon];
            for (int k = 0; k < horizon; k++)
            {
                var column = window.Trajectories.Select(t => t[k]).Order().ToArray();
                low[k] = column[(int)(0.05 * (column.Length - 1))];
                high[k] = column[(int)Math.Ceiling(0.95 * (column.Length - 1))];
            }
            var band = plot.Add.FillY(joinedTimes, Joined(low), Joined(high));
            band.FillColor = ScottPlot.Colors.Orange.WithAlpha(0.25);
            band.LineWidth = 0;
            band.LegendText = $"90% band of {window.Trajectories.Length} sampled trajectories";
        }
        foreach (var trajectory in window.Trajectories.Take(12))
        {
            var line = plot.Add.ScatterLine(joinedTimes, Joined(trajectory));
            line.Color = ScottPlot.Colors.Orange.WithAlpha(0.45);
            line.LineWidth = 1;
        }
        var history = plot.Add.ScatterLine(window.HistoryTimes, window.History);
        history.Color = ScottPlot.Colors.Black;
        history.LegendText = "history";
        var truth = plot.Add.ScatterLine(joinedTimes, Joined(window.Truth));
        truth.Color = ScottPlot.Colors.Green;
        truth.LineWidth = 2;
        truth.LegendText = "truth (held out)";
        var mean = plot.Add.ScatterLine(joinedTimes, Joined(window.Forecast));
        mean.Color = ScottPlot.Colors.Red;
        mean.LineWidth = 2;
        mean.LinePattern = ScottPlot.LinePattern.Dashed;
        mean.LegendText = "mean forecast";
        if (dates)
            plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        var png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(pngPath, s => s.Write(png));
    }
}
