using Recurrent.Datasets;
using Recurrent.IO;
using SkiaSharp;
using System.Globalization;
using System.Text;

namespace Recurrent.Cli.Plots;

/// <summary>
/// Pictures of pen drawings: rows of drawings, each scaled to fit its own square cell, its strokes drawn as lines.
/// Written as SVG (text, directly) or PNG (through SkiaSharp), chosen by the file's extension; every write is atomic.
/// </summary>
public static class DrawingPicture
{
    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="path"/> (<c>.svg</c> or <c>.png</c>), <paramref name="cell"/>
    /// pixels per drawing.
    /// </summary>
    /// <exception cref="ArgumentException">The extension is neither <c>.svg</c> nor <c>.png</c>.</exception>
    public static void Write(string path, IReadOnlyList<IReadOnlyList<StrokeSequence>> rows, int cell = 80)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        var lines = Layout(rows, cell);
        int width = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Count)) * cell,
            height = Math.Max(1, rows.Count) * cell;
        float stroke = Math.Max(1.5f, cell / 40f);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg":
                AtomicFile.WriteAllText(path, Svg(lines, width, height, stroke));
                break;
            case ".png":
                var png = Png(lines, width, height, stroke);
                AtomicFile.Write(path, s => s.Write(png));
                break;
            default:
                throw new ArgumentException(
                    $"Cannot tell the picture format of '{path}': use a .svg or .png file name."
                );
        }
    }

    // Every stroke as a polyline in picture pixels.
    private static List<(float X, float Y)[]> Layout(IReadOnlyList<IReadOnlyList<StrokeSequence>> rows, int cell)
    {
        var lines = new List<(float X, float Y)[]>();
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
            {
                var strokes = rows[r][c].ToStrokes();
                var all = strokes.SelectMany(s => s).ToArray();
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
                    lines.Add(s.Select(p => (left + (p.X - minX) * scale, top + (p.Y - minY) * scale)).ToArray());
            }
        return lines;
    }

    private static string Svg(List<(float X, float Y)[]> lines, int width, int height, float stroke)
    {
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
            $"<g fill=\"none\" stroke=\"black\" stroke-width=\"{stroke:0.##}\" stroke-linecap=\"round\" "
                + $"stroke-linejoin=\"round\">\n"
        );
        foreach (var line in lines)
        {
            var points = line.Length == 1 ? [line[0], (line[0].X + 0.01f, line[0].Y)] : line;
            svg.Append("<polyline points=\"");
            svg.AppendJoin(' ', points.Select(p => string.Create(c, $"{p.X:0.##},{p.Y:0.##}")));
            svg.Append("\"/>\n");
        }
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static byte[] Png(List<(float X, float Y)[]> lines, int width, int height, float stroke)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint
        {
            Color = SKColors.Black,
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = stroke,
            StrokeCap = SKStrokeCap.Round,
            StrokeJoin = SKStrokeJoin.Round,
        };
        foreach (var line in lines)
        {
            using var path = new SKPath();
            path.MoveTo(line[0].X, line[0].Y);
            if (line.Length == 1)
                path.LineTo(line[0].X + 0.01f, line[0].Y);
            for (int i = 1; i < line.Length; i++)
                path.LineTo(line[i].X, line[i].Y);
            canvas.DrawPath(path, paint);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
