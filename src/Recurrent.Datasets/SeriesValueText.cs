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

    /// <summary>
    /// Reads <paramref name="text"/> as a table separated by <paramref name="separator"/> writes a value: a number as
    /// <see cref="SpreadsheetNumber"/> reads it (a decimal comma with <c>;</c>, grouped thousands, signs), or <c>?</c>
    /// or <c>NaN</c>; false when it is neither.
    /// </summary>
    public static bool TryRead(string text, char separator, out float value) =>
        TryRead(SpreadsheetNumber.Invariant(text, separator), out value);
}
