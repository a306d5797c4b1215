using Recurrent.Datasets;
using System.Globalization;
using System.Text;

namespace Recurrent.Models.Drawing;

/// <summary>
/// Rows of pen drawings laid out on one sheet, each drawing scaled to fill 80% of its own square cell and centred in
/// it, y downwards as the strokes are: the layout that the tool's pictures and the server's drawings share.
/// </summary>
public static class DrawingSheet
{
    /// <summary>
    /// Every stroke of <paramref name="rows"/> as a polyline in sheet pixels, <paramref name="cell"/> pixels per
    /// drawing; a drawing without points takes its cell and draws nothing.
    /// </summary>
    public static IReadOnlyList<(float X, float Y)[]> Lines(
        IReadOnlyList<IReadOnlyList<StrokeSequence>> rows,
        int cell
    ) => Strokes(rows, cell).Select(s => s.Line).ToList();

    // Every stroke with the number of the drawing it belongs to, counted row by row.
    private static List<((float X, float Y)[] Line, int Drawing)> Strokes(
        IReadOnlyList<IReadOnlyList<StrokeSequence>> rows,
        int cell
    )
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(cell, 1);
        var lines = new List<((float X, float Y)[] Line, int Drawing)>();
        int drawing = 0;
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
            {
                var strokes = rows[r][c].ToStrokes();
                var all = strokes.SelectMany(s => s).ToArray();
                drawing++;
                if (all.Length == 0)
                    continue;
                float minX = all.Min(p => p.X),
                    maxX = all.Max(p => p.X),
                    minY = all.Min(p => p.Y),
                    maxY = all.Max(p => p.Y);
                float size = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-6f);
                float scale = cell * 0.8f / size;
                float left = c * cell + (cell - (maxX - minX) * scale) / 2,
                    top = r * cell + (cell - (maxY - minY) * scale) / 2;
                foreach (var s in strokes)
                    lines.Add(
                        (s.Select(p => (left + (p.X - minX) * scale, top + (p.Y - minY) * scale)).ToArray(), drawing)
                    );
            }
        return lines;
    }

    /// <summary>The sheet's width and height in pixels: as many cells as the longest row, by as many as rows.</summary>
    public static (int Width, int Height) Size(IReadOnlyList<IReadOnlyList<StrokeSequence>> rows, int cell)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return (Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Count)) * cell, Math.Max(1, rows.Count) * cell);
    }

    /// <summary>The line width that suits <paramref name="cell"/> pixels per drawing.</summary>
    public static float StrokeWidth(int cell) => Math.Max(1.5f, cell / 40f);

    /// <summary>
    /// <paramref name="rows"/> as an SVG picture on white, <paramref name="cell"/> pixels per drawing, every stroke a
    /// round-capped black polyline (a single point a dot).
    /// </summary>
    public static string Svg(IReadOnlyList<IReadOnlyList<StrokeSequence>> rows, int cell) =>
        Picture(rows, cell, animated: false);

    /// <summary>
    /// <paramref name="rows"/> as an SVG picture in which the pen writes (SMIL animation, played by browsers): stroke
    /// after stroke in drawing order, drawings row by row, each stroke drawn at <see cref="PenSpeed"/> drawing
    /// sizes per second, the pen lifted for <see cref="PenLift"/> seconds between strokes and twice that between
    /// drawings; the picture ends complete and stays.
    /// </summary>
    public static string AnimatedSvg(IReadOnlyList<IReadOnlyList<StrokeSequence>> rows, int cell) =>
        Picture(rows, cell, animated: true);

    /// <summary>How fast the pen of <see cref="AnimatedSvg"/> moves, in cells (drawing sizes) per second.</summary>
    public const float PenSpeed = 1.5f;

    /// <summary>The seconds the pen of <see cref="AnimatedSvg"/> is lifted between two strokes.</summary>
    public const float PenLift = 0.12f;

    private static string Picture(IReadOnlyList<IReadOnlyList<StrokeSequence>> rows, int cell, bool animated)
    {
        var strokes = Strokes(rows, cell);
        var (width, height) = Size(rows, cell);
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(
            c,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} "
                + $"{height}\">\n"
        );
        svg.Append(c, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(
            c,
            $"<g fill=\"none\" stroke=\"black\" stroke-width=\"{StrokeWidth(cell):0.##}\" stroke-linecap=\"round\" "
                + $"stroke-linejoin=\"round\">\n"
        );
        float clock = 0;
        int drawing = -1;
        foreach (var (line, owner) in strokes)
        {
            var points = line.Length == 1 ? [line[0], (line[0].X + 0.01f, line[0].Y)] : line;
            svg.Append("<polyline points=\"");
            svg.AppendJoin(' ', points.Select(p => string.Create(c, $"{p.X:0.##},{p.Y:0.##}")));
            if (!animated)
            {
                svg.Append("\"/>\n");
                continue;
            }
            if (drawing >= 0)
                clock += owner == drawing ? PenLift : 2 * PenLift;
            drawing = owner;
            float length = 0;
            for (int i = 1; i < points.Length; i++)
                length += MathF.Sqrt(
                    MathF.Pow(points[i].X - points[i - 1].X, 2) + MathF.Pow(points[i].Y - points[i - 1].Y, 2)
                );
            if (length < 0.5f)
            {
                // A dot has no length to unroll: it appears when the pen touches down.
                svg.Append(c, $"\" visibility=\"hidden\"><set attributeName=\"visibility\" to=\"visible\" ");
                svg.Append(c, $"begin=\"{clock:0.###}s\" fill=\"freeze\"/></polyline>\n");
                continue;
            }
            float seconds = length / (PenSpeed * cell);
            // The dash as long as the stroke, offset by its length, hides it; sliding the offset to 0 draws it.
            svg.Append(c, $"\" stroke-dasharray=\"{length + 1:0.##}\" stroke-dashoffset=\"{length + 1:0.##}\">");
            svg.Append(
                c,
                $"<animate attributeName=\"stroke-dashoffset\" from=\"{length + 1:0.##}\" to=\"0\" "
                    + $"begin=\"{clock:0.###}s\" dur=\"{seconds:0.###}s\" fill=\"freeze\"/></polyline>\n"
            );
            clock += seconds;
        }
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }
}
