using System.Text;

namespace Recurrent.Data;

/// <summary>
/// Splits one CSV line (RFC 4180: comma-separated, fields optionally in double quotes, <c>""</c> for a quote inside
/// one) into fields, remembering the column where each starts for error messages. Fields spanning lines are not supported.
/// </summary>
internal static class CsvLine
{
    /// <summary>The fields of <paramref name="line"/> and their 1-based starting columns.</summary>
    public static (string[] Fields, int[] Columns) Split(string line, string source, int lineNumber)
    {
        var fields = new List<string>();
        var columns = new List<int>();
        int i = 0;
        while (true)
        {
            columns.Add(i + 1);
            if (i < line.Length && line[i] == '"')
            {
                var field = new StringBuilder();
                int start = i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw new DataFormatException(source, lineNumber, start + 1, "a quoted field is not closed on this line.");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',')
                    throw new DataFormatException(source, lineNumber, i + 1, "text after a closing quote; a quoted field must end at a comma.");
                fields.Add(field.ToString());
            }
            else
            {
                int end = line.IndexOf(',', i);
                if (end < 0) end = line.Length;
                fields.Add(line[i..end]);
                i = end;
            }
            if (i >= line.Length) break;
            i++;
        }
        return ([.. fields], [.. columns]);
    }
}
