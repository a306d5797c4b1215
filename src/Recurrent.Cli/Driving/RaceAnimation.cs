using Recurrent.IO;
using Recurrent.Models.Driving;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors.Quantization;
using SkiaSharp;

namespace Recurrent.Cli.Driving;

/// <summary>
/// Draws a race as an animated GIF, frame by frame: on the left the controller's 32x32 input enlarged, below it the
/// four buttons (lit when pressed, with the controller's probability as a bar), on the right the top view of the
/// track with the kart and its trail. SkiaSharp draws; SixLabors.ImageSharp encodes the GIF (SkiaSharp has no GIF
/// encoder), with one fixed palette of greys and the few colours used, so that no frame is dithered.
/// </summary>
public sealed class RaceAnimation : IDisposable
{
    private const int Zoom = 5;
    private const int Margin = 10;
    private const int InputSize = KartCamera.Size * Zoom;
    private const int MapSize = 230;
    private const int ButtonSize = 34;
    private const int Width = Margin + InputSize + Margin + MapSize + Margin;
    private const int Height = Margin + MapSize + Margin;

    private static readonly SKColor Background = new(24, 24, 32);
    private static readonly SKColor Grass = new(40, 92, 48);
    private static readonly SKColor Asphalt = new(112, 112, 112);
    private static readonly SKColor Trail = new(250, 210, 60);
    private static readonly SKColor Kart = new(230, 40, 40);
    private static readonly SKColor Dim = new(70, 70, 80);
    private static readonly SKColor ThrottleOn = new(60, 200, 90);
    private static readonly SKColor BrakeOn = new(230, 60, 60);
    private static readonly SKColor SteerOn = new(240, 200, 40);

    private readonly RaceTrack _track;
    private readonly int _every;
    private readonly SKBitmap _map;
    private readonly SKBitmap _canvasBitmap;
    private readonly float _scale,
        _offsetX,
        _offsetY;
    private readonly List<SKPoint> _trail = [];
    private readonly List<byte[]> _frames = [];

    /// <summary>
    /// Prepares the drawing of a race on <paramref name="track"/>, keeping every <paramref name="every"/>-th step.
    /// </summary>
    public RaceAnimation(RaceTrack track, int every)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        _track = track;
        _every = every;
        float minX = track.X.Min(),
            maxX = track.X.Max(),
            minY = track.Y.Min(),
            maxY = track.Y.Max();
        float extent = MathF.Max(maxX - minX, maxY - minY) + RaceTrack.Width + 8;
        _scale = MapSize / extent;
        _offsetX = (minX + maxX) / 2;
        _offsetY = (minY + maxY) / 2;
        _map = DrawMap();
        _canvasBitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
    }

    /// <summary>The number of GIF frames so far.</summary>
    public int FrameCount => _frames.Count;

    private SKPoint ToMap(float x, float y) =>
        new(MapSize / 2f + (x - _offsetX) * _scale, MapSize / 2f - (y - _offsetY) * _scale);

    private SKBitmap DrawMap()
    {
        var map = new SKBitmap(new SKImageInfo(MapSize, MapSize, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(map);
        canvas.Clear(Grass);
        using var path = new SKPath();
        path.MoveTo(ToMap(_track.X[0], _track.Y[0]));
        for (int i = 1; i < _track.Count; i++)
            path.LineTo(ToMap(_track.X[i], _track.Y[i]));
        path.Close();
        using var road = new SKPaint
        {
            Color = Asphalt,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = RaceTrack.Width * _scale,
            IsAntialias = true,
            StrokeJoin = SKStrokeJoin.Round,
        };
        canvas.DrawPath(path, road);
        float h = _track.Heading[0],
            half = RaceTrack.Width / 2;
        using var line = new SKPaint
        {
            Color = SKColors.White,
            StrokeWidth = 2,
            IsAntialias = true,
        };
        canvas.DrawLine(
            ToMap(_track.X[0] + MathF.Sin(h) * half, _track.Y[0] - MathF.Cos(h) * half),
            ToMap(_track.X[0] - MathF.Sin(h) * half, _track.Y[0] + MathF.Cos(h) * half),
            line
        );
        return map;
    }

    /// <summary>
    /// Adds the state after a step: the frame the controller saw, the buttons it pressed and, for a network, the
    /// probability of each button (null for the expert). Only every n-th step becomes a GIF frame.
    /// </summary>
    public void Add(KartRace race, ReadOnlySpan<byte> frame, KartButtons buttons, IReadOnlyList<float>? probabilities)
    {
        ArgumentNullException.ThrowIfNull(race);
        _trail.Add(ToMap(race.X, race.Y));
        if ((race.Steps - 1) % _every != 0)
            return;
        using var canvas = new SKCanvas(_canvasBitmap);
        canvas.Clear(Background);
        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        for (int row = 0; row < KartCamera.Size; row++)
            for (int column = 0; column < KartCamera.Size; column++)
            {
                byte v = frame[row * KartCamera.Size + column];
                fill.Color = new SKColor(v, v, v);
                canvas.DrawRect(Margin + column * Zoom, Margin + row * Zoom, Zoom, Zoom, fill);
            }
        // The kart's place in the input, as an outline, so that the picture reads (the network does not see it).
        using var outline = new SKPaint
        {
            Style = SKPaintStyle.Stroke,
            Color = Kart,
            StrokeWidth = 1.5f,
            IsAntialias = true,
        };
        float kartX = Margin + KartCamera.Size / 2f * Zoom,
            kartY = Margin + KartCamera.KartRow * Zoom;
        canvas.DrawPath(Triangle(kartX, kartY, -MathF.PI / 2, 7), outline);

        DrawButtons(canvas, buttons, probabilities);

        float mapLeft = Margin + InputSize + Margin;
        canvas.DrawBitmap(_map, mapLeft, Margin);
        canvas.Save();
        canvas.Translate(mapLeft, Margin);
        using var trail = new SKPaint
        {
            Style = SKPaintStyle.Stroke,
            Color = Trail,
            StrokeWidth = 1.5f,
            IsAntialias = true,
        };
        if (_trail.Count > 1)
            canvas.DrawPoints(SKPointMode.Polygon, [.. _trail], trail);
        var at = ToMap(race.X, race.Y);
        fill.Color = Kart;
        fill.IsAntialias = true;
        canvas.DrawPath(Triangle(at.X, at.Y, -race.Heading, 6), fill);
        canvas.Restore();
        float progress = Math.Clamp(race.CurrentLapTime / race.LapTimeLimit, 0, 1);
        fill.Color = race.LapTimedOut ? BrakeOn : Trail;
        canvas.DrawRect(mapLeft, Height - 6, MapSize * progress, 3, fill);
        _frames.Add(_canvasBitmap.Bytes);
    }

    private static void DrawButtons(SKCanvas canvas, KartButtons buttons, IReadOnlyList<float>? probabilities)
    {
        float top = Margin + InputSize + 14;
        float gap = (InputSize - 4 * ButtonSize) / 3f;
        float[] angles = [-MathF.PI / 2, MathF.PI / 2, MathF.PI, 0];
        SKColor[] lit = [ThrottleOn, BrakeOn, SteerOn, SteerOn];
        using var paint = new SKPaint { IsAntialias = true };
        for (int i = 0; i < KartButtonSet.Count; i++)
        {
            bool on = (buttons & KartButtonSet.Order[i]) != 0;
            float left = Margin + i * (ButtonSize + gap);
            paint.Style = SKPaintStyle.Fill;
            paint.Color = on ? lit[i] : Dim;
            canvas.DrawRoundRect(left, top, ButtonSize, ButtonSize, 5, 5, paint);
            paint.Color = on ? SKColors.Black : new SKColor(150, 150, 160);
            canvas.DrawPath(Triangle(left + ButtonSize / 2f, top + ButtonSize / 2f, angles[i], 10), paint);
            if (probabilities is not null)
            {
                paint.Color = Dim;
                canvas.DrawRect(left, top + ButtonSize + 4, ButtonSize, 4, paint);
                paint.Color = lit[i];
                canvas.DrawRect(left, top + ButtonSize + 4, ButtonSize * Math.Clamp(probabilities[i], 0, 1), 4, paint);
            }
        }
    }

    // A triangle pointing along the screen angle (radians, 0 = right, y down), centred on (x, y).
    private static SKPath Triangle(float x, float y, float angle, float size)
    {
        var path = new SKPath();
        float c = MathF.Cos(angle),
            s = MathF.Sin(angle);
        SKPoint Point(float forward, float side) => new(x + forward * c - side * s, y + forward * s + side * c);
        path.MoveTo(Point(size, 0));
        path.LineTo(Point(-size * 0.7f, size * 0.7f));
        path.LineTo(Point(-size * 0.7f, -size * 0.7f));
        path.Close();
        return path;
    }

    /// <summary>Encodes the frames as a looping GIF at the game's pace and writes it atomically.</summary>
    public void Save(string path)
    {
        if (_frames.Count == 0)
            throw new InvalidOperationException("The race produced no frames to animate.");
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            Directory.CreateDirectory(directory);
        using var gif = new Image<Rgba32>(Width, Height);
        gif.Metadata.GetGifMetadata().RepeatCount = 0;
        int delay = (int)MathF.Round(_every * KartRace.TimeStep * 100);
        foreach (var pixels in _frames)
        {
            using var frame = Image.LoadPixelData<Rgba32>(pixels, Width, Height);
            frame.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = delay;
            gif.Frames.AddFrame(frame.Frames.RootFrame);
        }
        gif.Frames.RemoveFrame(0);
        var encoder = new GifEncoder
        {
            ColorTableMode = GifColorTableMode.Global,
            Quantizer = new PaletteQuantizer(Palette(), new QuantizerOptions { Dither = null }),
        };
        AtomicFile.Write(path, stream => gif.SaveAsGif(stream, encoder));
    }

    // Every other grey level (the input's 256 shades need no more on screen) and the colours drawn above.
    private static Color[] Palette()
    {
        var colors = new List<Color>();
        for (int v = 0; v < 256; v += 2)
            colors.Add(Color.FromRgb((byte)v, (byte)v, (byte)v));
        foreach (
            var c in new[]
            {
                Background,
                Grass,
                Asphalt,
                Trail,
                Kart,
                Dim,
                ThrottleOn,
                BrakeOn,
                SteerOn,
                new SKColor(150, 150, 160),
                SKColors.White,
            }
        )
            colors.Add(Color.FromRgb(c.Red, c.Green, c.Blue));
        // Blends of the track colours, for the anti-aliased edges of the map.
        for (int i = 1; i < 8; i++)
        {
            float t = i / 8f;
            colors.Add(
                Color.FromRgb(
                    (byte)(Grass.Red + t * (Asphalt.Red - Grass.Red)),
                    (byte)(Grass.Green + t * (Asphalt.Green - Grass.Green)),
                    (byte)(Grass.Blue + t * (Asphalt.Blue - Grass.Blue))
                )
            );
        }
        return [.. colors];
    }

    /// <summary>Frees the drawing surfaces.</summary>
    public void Dispose()
    {
        _map.Dispose();
        _canvasBitmap.Dispose();
    }
}
