using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Datasets;

/// <summary>
/// A number as a spreadsheet writes it into a separated file: the invariant format; with <c>;</c> between fields, also
/// a decimal comma (<c>1,5</c>), as spreadsheets write it where the comma is the decimal mark. Thousands grouped as a
/// spreadsheet groups them are read where the grouping cannot be a decimal mark: commas in groups of three between
/// other separators (<c>"1,234.5"</c>, quoted in a comma-separated file), points in groups of three before a decimal
/// comma or twice with <c>;</c> (<c>1.234,5</c>, <c>1.234.567</c>). Any other number with both a comma and a point is
/// refused, rather than guessing which of them groups thousands.
/// </summary>
internal static partial class SpreadsheetNumber
{
    /// <summary>
    /// <paramref name="text"/> with its thousands groups dropped and a decimal comma made a point, where the rules
    /// above read them so; otherwise the text as it is.
    /// </summary>
    public static string Invariant(string text, char separator)
    {
        if (separator == ';')
        {
            if (PointGroups().IsMatch(text))
                return text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
            if (text.Contains(',') && !text.Contains('.'))
                return text.Replace(',', '.');
        }
        else if (CommaGroups().IsMatch(text))
            return text.Replace(",", "", StringComparison.Ordinal);
        return text;
    }

    /// <summary>Reads <paramref name="text"/> by the rules above into a finite <paramref name="value"/>.</summary>
    public static bool TryParse(string text, char separator, out float value) =>
        float.TryParse(Invariant(text, separator), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        && float.IsFinite(value);

    [GeneratedRegex(@"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CommaGroups();

    [GeneratedRegex(@"^[-+]?\d{1,3}((\.\d{3})+,\d+|(\.\d{3}){2,})$", RegexOptions.CultureInvariant)]
    private static partial Regex PointGroups();
}
