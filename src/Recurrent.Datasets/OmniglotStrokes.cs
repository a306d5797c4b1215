using System.Globalization;

namespace Recurrent.Datasets;

/// <summary>
/// Reads sketch-rnn's Omniglot drawings as kept in a data directory's <c>omniglot-strokes/</c>: one drawing per line,
/// points separated by a space, each point <c>dx,dy,p</c> (stroke-3, <c>p = 1</c> where the pen lifts), y downward.
/// The drawings carry no label.
/// </summary>
public static class OmniglotStrokes
{
    /// <summary>
    /// Every drawing of <paramref name="path"/> (plain or gzip), normalised by
    /// <see cref="StrokeSequence.FromOffsets"/>.
    /// </summary>
    /// <exception cref="DataFormatException">A point is malformed; the message names the file, line and
    /// column.</exception>
    public static List<StrokeSequence> Read(string path, float simplify = 0f)
    {
        var lines = StrokeTextFile.ReadLines(path);
        var drawings = new List<StrokeSequence>();
        var offsets = new List<float>();
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            if (line.Length == 0)
                continue;
            offsets.Clear();
            int column = 1;
            foreach (var point in line.Split(' '))
            {
                var parts = point.Split(',');
                if (
                    parts.Length != 3
                    || !float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float dx)
                    || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float dy)
                    || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int lift)
                    || lift is not (0 or 1)
                    || !float.IsFinite(dx)
                    || !float.IsFinite(dy)
                )
                    throw new DataFormatException(
                        path,
                        n + 1,
                        column,
                        $"the point '{point}' is not 'dx,dy,p' with p 0 or 1."
                    );
                offsets.AddRange([dx, dy, lift]);
                column += point.Length + 1;
            }
            var drawing = StrokeSequence.FromOffsets(offsets.ToArray(), "", $"line {n + 1}", simplify);
            if (drawing is not null)
                drawings.Add(drawing);
        }
        if (drawings.Count == 0)
            throw new DataFormatException(path, 1, 1, "the file holds no drawable drawing.");
        return drawings;
    }
}
