using System.Globalization;

namespace Recurrent.Bench.Harness;

/// <summary>
/// The lines a worker and the parent exchange. The worker writes lines starting with <see cref="Prefix"/> on its
/// standard output (anything else there, such as a library's own printing, is ignored); the parent writes commands
/// on the worker's standard input.
/// </summary>
internal static class WorkerProtocol
{
    /// <summary>Marks a line of the protocol on the worker's standard output.</summary>
    public const string Prefix = "bench:";

    /// <summary>The worker has built and warmed up its workload.</summary>
    public const string Ready = Prefix + "ready";

    /// <summary>Starts a worker's failure line; the message follows.</summary>
    public const string Error = Prefix + "error ";

    /// <summary>Asks a serving worker for one measurement.</summary>
    public const string MeasureCommand = "measure";

    /// <summary>Asks a serving worker to exit.</summary>
    public const string ExitCommand = "exit";

    /// <summary>Formats a measurement line: the value in the case's unit and the worker's peak RSS so far.</summary>
    public static string Result(double value, double peakMegabytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}value={value:R} peak_rss_mb={peakMegabytes:F1}");

    /// <summary>Parses a line written by <see cref="Result"/>.</summary>
    public static bool TryParseResult(string line, out double value, out double peakMegabytes)
    {
        value = peakMegabytes = 0;
        if (!line.StartsWith(Prefix + "value=", StringComparison.Ordinal))
            return false;
        var fields = line[Prefix.Length..].Split(' ');
        return fields.Length == 2
            && double.TryParse(
                fields[0]["value=".Length..],
                NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out value
            )
            && fields[1].StartsWith("peak_rss_mb=", StringComparison.Ordinal)
            && double.TryParse(
                fields[1]["peak_rss_mb=".Length..],
                NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out peakMegabytes
            );
    }
}
