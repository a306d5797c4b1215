using System.Globalization;
using System.Text;

namespace Recurrent.Datasets;

/// <summary>
/// Writes the characters a terminal does not show (carriage returns, tabs, a byte-order mark, non-breaking spaces,
/// other control and format characters) as escapes, so that a message quoting a name or a value tells the user why
/// two texts that look the same differ.
/// </summary>
internal static class InvisibleCharacters
{
    /// <summary>
    /// <paramref name="text"/> with each invisible character written as <c>\r</c>, <c>\n</c>, <c>\t</c> or
    /// <c>\uXXXX</c>.
    /// </summary>
    public static string Show(string text)
    {
        if (!text.Any(IsInvisible))
            return text;
        var shown = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            shown.Append(
                c switch
                {
                    '\r' => @"\r",
                    '\n' => @"\n",
                    '\t' => @"\t",
                    _ when IsInvisible(c) => $@"\u{(int)c:X4}",
                    _ => c.ToString(),
                }
            );
        }
        return shown.ToString();
    }

    /// <summary>
    /// Column names as a message lists them: each <see cref="Show"/>n, the first 30 and then how many there are.
    /// </summary>
    public static string ShowNames(IReadOnlyList<string> names)
    {
        const int listed = 30;
        return string.Join(", ", names.Take(listed).Select(Show))
            + (names.Count > listed ? $", ... ({names.Count} in all)" : "");
    }

    /// <summary>
    /// <paramref name="text"/> without invisible characters and surrounding white space, to tell near misses.
    /// </summary>
    public static string Strip(string text) => string.Concat(text.Where(c => !IsInvisible(c))).Trim();

    private static bool IsInvisible(char c) =>
        char.IsControl(c)
        || c != ' '
            && CharUnicodeInfo.GetUnicodeCategory(c)
                is UnicodeCategory.Format
                    or UnicodeCategory.SpaceSeparator
                    or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator;
}
