using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Datasets;

/// <summary>
/// A number as a spreadsheet writes it into a separated file: the invariant format; with <c>;</c> between fields, also
/// a decimal comma (<c>1,5</c>), as spreadsheets write it where the comma is the decimal mark. Thousands grouped as a
/// spreadsheet groups them are read where the grouping cannot be a decimal mark: commas in groups of three between
/// other separators (<c>"1,234.5"</c>, quoted in a comma-separated file), points in groups of three before a decimal
/// comma or twice with <c>;</c> (<c>1.234,5</c>, <c>1.234.567</c>), and spaces in groups of three (<c>1 234,5</c>, also
/// no-break spaces). Any other number with both a comma and a point is refused, rather than guessing which of them
/// groups thousands. A currency sign before or after the number (<c>$1,234.50</c>, <c>1.234,50 €</c>) and a percent
/// sign after it (<c>5.2%</c>, read as 5.2, the number shown) are dropped. A negative number may be written as
/// accountants write it, in parentheses (<c>(1,234.50)</c>), with the minus after it as some accounting systems export
/// it (<c>1234.50-</c>), or with the typographic minus sign (<c>−5</c>, U+2212).
/// </summary>
internal static partial class SpreadsheetNumber
{
    /// <summary>
    /// <paramref name="text"/> with its thousands groups dropped and a decimal comma made a point, where the rules
    /// above read them so; otherwise the text as it is.
    /// </summary>
    public static string Invariant(string text, char separator)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = WithoutCurrency(WithoutPercent(WithLeadingMinus(text.Trim())));
        // Thousands grouped by spaces, as French and other spreadsheets write them (often no-break spaces).
        if (SpaceGroups().IsMatch(text))
            text = string.Concat(text.Where(c => c is not (' ' or '\u00A0' or '\u202F')));
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

    /// <summary>
    /// Advice for a value that is a bound, not a number (<c>&lt;1</c>, <c>&gt;100</c>, <c>&lt;=0.5</c>: Google Trends
    /// writes its values under 1 so, laboratories their results below a detection limit), to append to the message
    /// that refuses it; empty for any other text. Reading it as a number would invent one. <paramref name="marker"/>,
    /// when given, names the way to read it as a missing value.
    /// </summary>
    public static string BoundAdvice(string text, char separator, string? marker = null)
    {
        var bound = Bound().Match(text.Trim());
        if (!bound.Success || !TryParse(bound.Groups[2].Value, separator, out _))
            return "";
        string limit = bound.Groups[2].Value;
        bool below = bound.Groups[1].Value[0] is '<' or '≤';
        return $" '{bound.Value}' is a bound, not a value ({(below ? "below" : "above")} {limit}): write in the file "
            + $"the number to use for it ({(below ? $"0 or half of {limit}" : limit)}, say), or "
            + (
                marker is null
                    ? "a missing value to fill."
                    : $"read it as a missing value to fill ({marker} '{bound.Value}')."
            );
    }

    // A negative number written in parentheses, with a trailing minus or with U+2212: the same with a leading '-'.
    private static string WithLeadingMinus(string text)
    {
        if (text.Length > 2 && text[0] == '(' && text[^1] == ')' && text[1] is not ('-' or '+'))
            return "-" + text[1..^1].Trim();
        if (text.Length > 1 && text[^1] == '-' && char.IsDigit(text[^2]) && text[0] is not ('-' or '+'))
            return "-" + text[..^1];
        if (text.Length > 1 && text[0] == '\u2212')
            return "-" + text[1..];
        return text;
    }

    // A percentage as a spreadsheet shows it (5.2%, 5,2 %): the number shown.
    private static string WithoutPercent(string text) =>
        text.Length > 1 && text[^1] == '%' ? text[..^1].TrimEnd() : text;

    // An amount with its currency sign before or after it ($1,234.5, -€5, 1.234,50 €): the number without it.
    private static string WithoutCurrency(string text)
    {
        if (text.Length < 2)
            return text;
        string sign = text[0] is '-' or '+' ? text[..1] : "";
        string rest = text[sign.Length..];
        if (rest.Length > 1 && IsCurrency(rest[0]))
            return sign + rest[1..].TrimStart();
        if (IsCurrency(text[^1]))
            return text[..^1].TrimEnd();
        return text;
    }

    private static bool IsCurrency(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol;

    [GeneratedRegex(@"^([<>]=?|[≤≥])\s*(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Bound();

    [GeneratedRegex(@"^[-+]?\d{1,3}([ \u00A0\u202F]\d{3})+([.,]\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceGroups();

    [GeneratedRegex(@"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CommaGroups();

    [GeneratedRegex(@"^[-+]?\d{1,3}((\.\d{3})+,\d+|(\.\d{3}){2,})$", RegexOptions.CultureInvariant)]
    private static partial Regex PointGroups();
}
