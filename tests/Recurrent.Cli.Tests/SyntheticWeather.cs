using System.Globalization;

namespace Recurrent.Tests;

/// <summary>
/// A small weather table in the layout of the labelling dataset (date, four measurements, a weather label cycling
/// through sun, rain and fog), for command tests that must not need the real data.
/// </summary>
public static class SyntheticWeather
{
    /// <summary>
    /// Writes 80 days from 2012-01-01, the measurements drawn from a fixed seed, to <paramref name="path"/>.
    /// </summary>
    public static void Write(string path)
    {
        var rng = new Random(4);
        string[] kinds = ["sun", "rain", "fog"];
        var rows = Enumerable
            .Range(0, 80)
            .Select(r =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{new DateTime(2012, 1, 1).AddDays(r):yyyy-MM-dd},{rng.NextDouble() * 5:F1},"
                        + $"{10 + rng.NextDouble() * 10:F1},{rng.NextDouble() * 8:F1},"
                        + $"{rng.NextDouble() * 6:F1},{kinds[r % 3]}"
                )
            );
        File.WriteAllLines(path, rows.Prepend("date,precipitation,temp_max,temp_min,wind,weather"));
    }
}
