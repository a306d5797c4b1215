using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Models.Drawing;
using SkiaSharp;

namespace Recurrent.Cli.Plots;

/// <summary>
/// Pictures of pen drawings: rows of drawings laid out by <see cref="DrawingSheet"/>, written as SVG (its text) or PNG
/// (its lines through SkiaSharp), chosen by the file's extension; every write is atomic.
/// </summary>
public static class DrawingPicture
{
    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="path"/> (<c>.svg</c> or <c>.png</c>), <paramref name="cell"/>
    /// pixels per drawing; <paramref name="animated"/> makes the SVG show the pen writing
    /// (<see cref="DrawingSheet.AnimatedSvg"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The extension is neither <c>.svg</c> nor <c>.png</c>, or an animation was
    /// asked of a PNG.</exception>
    public static void Write(
        string path,
        IReadOnlyList<IReadOnlyList<StrokeSequence>> rows,
        int cell = 80,
        bool animated = false
    )
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg":
                AtomicFile.WriteAllText(
                    path,
                    animated ? DrawingSheet.AnimatedSvg(rows, cell) : DrawingSheet.Svg(rows, cell)
                );
                break;
            case ".png" when animated:
                throw new ArgumentException(
                    $"A PNG picture cannot move: write the animation to an .svg file, not '{path}'."
                );
            case ".png":
                var (width, height) = DrawingSheet.Size(rows, cell);
                var png = Png(DrawingSheet.Lines(rows, cell), width, height, DrawingSheet.StrokeWidth(cell));
                AtomicFile.Write(path, s => s.Write(png));
                break;
            default:
                throw new ArgumentException(
                    $"Cannot tell the picture format of '{path}': use a .svg or .png file name."
                );
        }
    }

    private static byte[] Png(IReadOnlyList<(float X, float Y)[]> lines, int width, int height, float stroke)
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
