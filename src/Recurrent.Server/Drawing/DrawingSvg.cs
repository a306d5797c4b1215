using System.Globalization;
using System.Text;

namespace Recurrent.Server.Drawing;

/// <summary>
/// Drawings side by side in one SVG picture, each scaled to fit its own square cell, every stroke a polyline (y
/// downwards, as the strokes are).
/// </summary>
internal static class DrawingSvg
{
    private const int Cell = 100;

    public static string Write(IReadOnlyList<float[][][]> drawings)
    {
        var c = CultureInfo.InvariantCulture;
        int width = Math.Max(1, drawings.Count) * Cell;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Cell}\" ");
        svg.Append(c, $"viewBox=\"0 0 {width} {Cell}\">");
        svg.Append(c, $"<rect width=\"{width}\" height=\"{Cell}\" fill=\"white\"/>");
        svg.Append("<g fill=\"none\" stroke=\"black\" stroke-width=\"2.5\" stroke-linecap=\"round\" ");
        svg.Append("stroke-linejoin=\"round\">");
        for (int d = 0; d < drawings.Count; d++)
        {
            var points = drawings[d].SelectMany(s => s).ToArray();
            if (points.Length == 0)
                continue;
            float minX = points.Min(p => p[0]),
                maxX = points.Max(p => p[0]),
                minY = points.Min(p => p[1]),
                maxY = points.Max(p => p[1]);
            float scale = Cell * 0.8f / Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-6f);
            float left = d * Cell + (Cell - (maxX - minX) * scale) / 2,
                top = (Cell - (maxY - minY) * scale) / 2;
            foreach (var stroke in drawings[d])
            {
                svg.Append("<polyline points=\"");
                // A single point is drawn as a dot: a line too short to see as one.
                var line = stroke.Length == 1 ? [stroke[0], [stroke[0][0] + 0.01f / scale, stroke[0][1]]] : stroke;
                svg.AppendJoin(
                    ' ',
                    line.Select(p =>
                        string.Create(c, $"{left + (p[0] - minX) * scale:0.##},{top + (p[1] - minY) * scale:0.##}")
                    )
                );
                svg.Append("\"/>");
            }
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }
}
