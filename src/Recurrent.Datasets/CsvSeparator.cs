namespace Recurrent.Datasets;

/// <summary>
/// The character between the fields of a CSV file: given by name (as on a command line), or told from the file's
/// first lines, since spreadsheets in much of Europe write <c>;</c> (their decimal mark being the comma) and
/// others write tabs.
/// </summary>
public static class CsvSeparator
{
    /// <summary>The separators a file is tested for, in the order that breaks a tie.</summary>
    private static readonly char[] Candidates = [',', ';', '\t'];

    private const int SampleRecords = 20;

    /// <summary>What <see cref="Parse"/> accepts, for messages.</summary>
    public const string Names = "',', ';' or 'tab' (also written \\t)";

    /// <summary>
    /// The separator named <paramref name="name"/>: <c>,</c>, <c>;</c>, <c>tab</c> or <c>\t</c> (or a tab itself).
    /// </summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static char Parse(string name) =>
        TryParse(name, out char separator)
            ? separator
            : throw new ArgumentException(
                $"'{InvisibleCharacters.Show(name)}' is not a CSV separator; give {Names}.",
                nameof(name)
            );

    /// <summary>As <see cref="Parse"/>, false for another name.</summary>
    public static bool TryParse(string name, out char separator)
    {
        ArgumentNullException.ThrowIfNull(name);
        separator = name switch
        {
            "," => ',',
            ";" => ';',
            "\t" or @"\t" => '\t',
            _ when name.Equals("tab", StringComparison.OrdinalIgnoreCase) => '\t',
            _ => '\0',
        };
        return separator != '\0';
    }

    /// <summary>
    /// The separator of <paramref name="text"/>: <paramref name="given"/>, else the one named by Excel's separator
    /// line, else the one told from the text (<see cref="Detect"/>). Excel's line is blanked from
    /// <paramref name="text"/> either way (see <see cref="WithoutExcelLine"/>), since it is no record.
    /// </summary>
    internal static char Resolve(ref string text, char? given = null)
    {
        text = WithoutExcelLine(text, out char? named);
        return given ?? named ?? Detect(text);
    }

    /// <summary>
    /// Excel's separator line: a first line <c>sep=;</c> (Excel writes it, and reads it, so that a file opens with
    /// that separator whatever the computer's list separator is) names the separator and is not a record. Returns the
    /// text with that line blanked, so that the lines keep their numbers, and the separator it names; or the text as
    /// it is and null.
    /// </summary>
    private static string WithoutExcelLine(string text, out char? separator)
    {
        ArgumentNullException.ThrowIfNull(text);
        separator = null;
        int end = text.IndexOfAny(['\r', '\n']);
        var first = (end < 0 ? text : text[..end]).Trim();
        if (first.Length < 5 || !first.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
            return text;
        char named = first[4];
        // Saved again by Excel, the line gets a separator for each empty field after it.
        if (!first[5..].All(c => c == named || char.IsWhiteSpace(c)) || !TryParse(named.ToString(), out char parsed))
            return text;
        separator = parsed;
        return end < 0 ? "" : text[end..];
    }

    /// <summary>
    /// The candidate that splits the header (the first line that is not blank) into the most fields, among those that
    /// split each of the next lines into as many (a semicolon before a comma, which is then a decimal mark); when none
    /// does, the one splitting the header most, so that the line that disagrees is reported; a comma when none splits
    /// the header. Separators inside quotes do not count, and a
    /// quoted field may span lines.
    /// </summary>
    internal static char Detect(ReadOnlySpan<char> text)
    {
        int candidates = Candidates.Length;
        Span<int> headerFields = stackalloc int[candidates];
        Span<int> recordFields = stackalloc int[candidates];
        Span<bool> consistent = stackalloc bool[candidates];
        consistent.Fill(true);
        int records = 0;
        int i = 0;
        while (i < text.Length && records <= SampleRecords)
        {
            recordFields.Fill(1);
            bool quoted = false,
                blank = true;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"')
                    quoted = !quoted;
                else if (!quoted && (c == '\n' || c == '\r'))
                {
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    break;
                }
                else if (!quoted && Array.IndexOf(Candidates, c) is int k and >= 0)
                    recordFields[k]++;
                if (!char.IsWhiteSpace(c))
                    blank = false;
            }
            if (blank)
                continue;
            if (records++ == 0)
            {
                recordFields.CopyTo(headerFields);
                continue;
            }
            for (int k = 0; k < candidates; k++)
                consistent[k] &= recordFields[k] == headerFields[k];
        }
        int best = -1;
        for (int k = 0; k < candidates; k++)
        {
            if (headerFields[k] > 1 && consistent[k] && (best < 0 || headerFields[k] > headerFields[best]))
                best = k;
        }
        // Semicolons that split every line alike are the separator of a file with decimal commas (a spreadsheet's
        // in much of Europe), even where the commas split lines into more fields: a file without a header of
        // -0,74;0,76 is two numbers, not three fields.
        int semicolon = Array.IndexOf(Candidates, ';');
        if (best >= 0 && Candidates[best] == ',' && headerFields[semicolon] > 1 && consistent[semicolon])
            best = semicolon;
        if (best < 0)
        {
            for (int k = 0; k < candidates; k++)
            {
                if (headerFields[k] > 1 && (best < 0 || headerFields[k] > headerFields[best]))
                    best = k;
            }
        }
        return best < 0 ? ',' : Candidates[best];
    }
}
