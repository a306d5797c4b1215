using Recurrent.Datasets;
using Recurrent.Models.Drawing;
using System.Globalization;
using System.Xml.Linq;

namespace Recurrent.Tests.Drawing;

public sealed class DrawingSheetTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static StrokeSequence Drawing(params (float X, float Y)[][] strokes) =>
        StrokeSequence.FromStrokes(strokes.Select(s => (IReadOnlyList<(float X, float Y)>)s).ToList())!;

    private static double Seconds(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value.TrimEnd('s'), CultureInfo.InvariantCulture);

    [Fact]
    public void TheAnimatedPictureWritesEveryStrokeOfTheStillOneInOrder()
    {
        var seven = Drawing([(0, 0), (1, 0), (0.4f, 1)], [(0.2f, 0.5f), (0.7f, 0.5f)]);
        var one = Drawing([(0.5f, 0), (0.5f, 1)]);
        IReadOnlyList<IReadOnlyList<StrokeSequence>> rows = [[seven, one]];

        var still = XDocument.Parse(DrawingSheet.Svg(rows, 80));
        var moving = XDocument.Parse(DrawingSheet.AnimatedSvg(rows, 80));
        var stillLines = still.Descendants(Svg + "polyline").ToList();
        var movingLines = moving.Descendants(Svg + "polyline").ToList();
        Assert.Equal(3, movingLines.Count);
        Assert.Equal(
            stillLines.Select(l => l.Attribute("points")!.Value),
            movingLines.Select(l => l.Attribute("points")!.Value)
        );
        Assert.Empty(still.Descendants(Svg + "animate"));

        var animations = movingLines.Select(l => l.Element(Svg + "animate")!).ToList();
        double clock = 0;
        for (int i = 0; i < animations.Count; i++)
        {
            var animation = animations[i];
            Assert.Equal("stroke-dashoffset", animation.Attribute("attributeName")!.Value);
            Assert.Equal("freeze", animation.Attribute("fill")!.Value);
            Assert.Equal(movingLines[i].Attribute("stroke-dashoffset")!.Value, animation.Attribute("from")!.Value);
            double begin = Seconds(animation, "begin");
            // The pen is lifted between strokes, and longer between drawings.
            double lift = i == 0 ? 0 : i == 2 ? 2 * DrawingSheet.PenLift : DrawingSheet.PenLift;
            Assert.Equal(clock + lift, begin, 2);
            clock = begin + Seconds(animation, "dur");
        }
    }

    [Fact]
    public void ADotAppearsWhenThePenTouchesDown()
    {
        var dot = Drawing([(0, 0), (1, 1)], [(0.5f, 0.5f)]);
        var lines = XDocument
            .Parse(DrawingSheet.AnimatedSvg([[dot]], 50))
            .Descendants(Svg + "polyline")
            .ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("hidden", lines[1].Attribute("visibility")!.Value);
        var appear = lines[1].Element(Svg + "set")!;
        Assert.Equal("visible", appear.Attribute("to")!.Value);
        var first = lines[0].Element(Svg + "animate")!;
        Assert.Equal(Seconds(first, "dur") + DrawingSheet.PenLift, Seconds(appear, "begin"), 2);
    }
}
