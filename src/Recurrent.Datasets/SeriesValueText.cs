using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// One value of a series as the archive's file formats write it (<c>.ts</c>, ARFF, the UCR text format): a finite
/// number in invariant culture, or <c>?</c> or <c>NaN</c> for a missing value, read as NaN.
/// </summary>
internal static class SeriesValueText
{
    /// <summary>Reads <paramref name="text"/>, trimmed, into <paramref name="value"/>; false when it is neither.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> text, out float value)
    {
        if (text.SequenceEqual("?") || text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = float.NaN;
            return true;
        }
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && float.IsFinite(value);
    }
}
