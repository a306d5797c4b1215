using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads a Hershey stroke font in James Hurt's <c>.jhf</c> format: line i is the glyph of ASCII 32 + i; columns 0-4
/// hold a glyph number, 5-7 the count N of coordinate pairs, then N pairs of characters, each coordinate being the
/// character minus <c>'R'</c>. The first pair is the left and right margin; the pair <c>" R"</c> lifts the pen.
/// y grows downward.
/// </summary>
public static class HersheyFont
{
    /// <summary>
    /// The printable glyphs (<c>!</c> to <c>~</c>) of <paramref name="path"/> that have strokes, as normalised
    /// <see cref="StrokeSequence"/>s labelled with their character; the writer is the font's file name.
    /// </summary>
    /// <exception cref="DataFormatException">A line is too short for its count or has a coordinate outside the font's
    /// range.</exception>
    public static List<StrokeSequence> Read(string path, float simplify = 0f)
    {
        var lines = StrokeTextFile.ReadLines(path);
        string font = Path.GetFileNameWithoutExtension(path);
        var glyphs = new List<StrokeSequence>();
        for (int n = 0; n < lines.Length && n < 95; n++)
        {
            string line = lines[n];
            if (line.Length == 0)
                continue;
            if (
                line.Length < 8
                || !int.TryParse(
                    line.AsSpan(5, 3),
                    NumberStyles.AllowLeadingWhite,
                    CultureInfo.InvariantCulture,
                    out int count
                )
                || count < 1
            )
                throw new DataFormatException(
                    path,
                    n + 1,
                    6,
                    "expected a glyph number in columns 1-5 and a pair count in columns 6-8."
                );
            if (line.Length < 8 + 2 * count)
                throw new DataFormatException(
                    path,
                    n + 1,
                    line.Length + 1,
                    $"the glyph announces {count} coordinate pairs but the line holds {(line.Length - 8) / 2}."
                );
            var strokes = new List<IReadOnlyList<(float X, float Y)>>();
            var current = new List<(float X, float Y)>();
            for (int p = 1; p < count; p++)
            {
                char cx = line[8 + 2 * p],
                    cy = line[9 + 2 * p];
                if (cx == ' ' && cy == 'R')
                {
                    if (current.Count > 0)
                        strokes.Add(current);
                    current = [];
                    continue;
                }
                if (cx is < ' ' or > '~' || cy is < ' ' or > '~')
                    throw new DataFormatException(
                        path,
                        n + 1,
                        9 + 2 * p,
                        $"the coordinate pair '{cx}{cy}' is outside the printable range."
                    );
                current.Add((cx - 'R', cy - 'R'));
            }
            if (current.Count > 0)
                strokes.Add(current);
            char character = (char)(32 + n);
            if (character == ' ' || strokes.Count == 0)
                continue;
            var glyph = StrokeSequence.FromStrokes(strokes, character.ToString(), font, yUp: false, simplify);
            if (glyph is not null)
                glyphs.Add(glyph);
        }
        return glyphs;
    }
}
