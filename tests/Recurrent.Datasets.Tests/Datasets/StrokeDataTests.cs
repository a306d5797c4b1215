using Recurrent.Data;
using Recurrent.Datasets;
using Recurrent.Tests.Data;
using System.IO.Compression;
using System.Text;

namespace Recurrent.Tests.Datasets;

public sealed class StrokeDataTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Gzip(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return _directory.Write(name, buffer.ToArray());
    }

    // A 7 by 10 "7": a top bar drawn left to right, then a stroke down to the bottom left, in tablet units (y up).
    private const string Seven = "apb\tw1\tdata/1a/x.dat\tOK\t7\t100,200 170,200 170,200;170,200 140,100";

    [Fact]
    public void UnipenSamplesAreNormalisedIntoOffsetsWithEndOfStrokeFlags()
    {
        string path = Gzip("digits.tsv.gz", Seven + "\n");

        var sample = Assert.Single(UnipenCharacters.Read(path));

        Assert.Equal("7", sample.Label);
        Assert.Equal("apb/w1", sample.Writer);
        // The first point is the origin; the repeated point is dropped; the larger side (y: 100 units) becomes 1 and y
        // turns downward.
        float[] expected = [0.7f, 0f, 1f, 0f, 0f, 0f, -0.3f, 1f, 1f];
        Assert.Equal(expected.Length, sample.Points.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], sample.Points[i], 5);
        Assert.Equal(2, sample.StrokeCount);
        var strokes = sample.ToStrokes();
        Assert.Equal(2, strokes.Count);
        Assert.Equal((0.4f, 1f), (MathF.Round(strokes[1][^1].X, 5), MathF.Round(strokes[1][^1].Y, 5)));
    }

    [Fact]
    public void SimplificationDropsPointsOnAStraightLine()
    {
        var straight = Enumerable.Range(0, 11).Select(i => ((float)i, 0f)).ToList();
        straight.Add((10f, 10f));
        var simplified = StrokeSimplifier.Simplify(straight, 0.01f);
        Assert.Equal([(0f, 0f), (10f, 0f), (10f, 10f)], simplified);
    }

    [Fact]
    public void ADistortedCopyKeepsItsLabelStrokesAndSize()
    {
        var seven = UnipenCharacters.Read(_directory.Write("seven.tsv", Seven + "\n"))[0];
        var copy = StrokeDistortion.Distort(seven, 0.15f, new Recurrent.Tensors.RandomGenerator(4));
        Assert.Equal(("7", "apb/w1", 2, seven.Length), (copy.Label, copy.Writer, copy.StrokeCount, copy.Length));
        Assert.NotEqual(seven.Points, copy.Points);
        var points = copy.ToStrokes().SelectMany(p => p).ToArray();
        Assert.Equal(
            1f,
            Math.Max(points.Max(p => p.X) - points.Min(p => p.X), points.Max(p => p.Y) - points.Min(p => p.Y)),
            4
        );
    }

    [Fact]
    public void TheWriterSplitKeepsEveryWriterOnOneSide()
    {
        var lines = new StringBuilder();
        for (int w = 0; w < 20; w++)
            for (int s = 0; s < 5; s++)
                lines.Append($"c{w % 3}\tw{w}\tf\tOK\t{s}\t0,0 {10 + s},{20 + w}\n");
        var samples = UnipenCharacters.Read(_directory.Write("many.tsv", lines.ToString()));

        var (train, validation, test) = UnipenCharacters.SplitByWriter(samples, 0.2, 0.2, seed: 3);

        Assert.Equal(100, train.Count + validation.Count + test.Count);
        Assert.InRange(test.Count, 20, 25);
        Assert.InRange(validation.Count, 20, 25);
        var parts = new[] { train, validation, test }.Select(p => p.Select(s => s.Writer).ToHashSet()).ToArray();
        Assert.Empty(parts[0].Intersect(parts[1]));
        Assert.Empty(parts[0].Intersect(parts[2]));
        Assert.Empty(parts[1].Intersect(parts[2]));
        Assert.Equal(
            UnipenCharacters.SplitByWriter(samples, 0.2, 0.2, seed: 3).Test.Select(s => s.Writer),
            test.Select(s => s.Writer)
        );
    }

    [Fact]
    public void AMalformedUnipenPointNamesTheFileAndLine()
    {
        string path = _directory.Write("bad.tsv", Seven + "\napb\tw1\tf\tOK\t1\t10,20 oops\n");
        var e = Assert.Throws<DataFormatException>(() => UnipenCharacters.Read(path));
        Assert.Contains("bad.tsv:2:", e.Message);
        Assert.Contains("'oops'", e.Message);
    }

    [Fact]
    public void OmniglotLinesAreStroke3Offsets()
    {
        string path = _directory.Write("omniglot.txt", "0,0,0 10,0,0 0,5,1 -5,0,0 0,5,1\n0,0,0 3,4,1\n");
        var drawings = OmniglotStrokes.Read(path);
        Assert.Equal(2, drawings.Count);
        Assert.Equal(4, drawings[0].Length);
        Assert.Equal(2, drawings[0].StrokeCount);
        Assert.Equal([1f, 0f, 0f, 0f, 0.5f, 1f, -0.5f, 0f, 0f, 0f, 0.5f, 1f], drawings[0].Points);

        var bad = _directory.Write("bad.txt", "0,0,0 1,1,2\n");
        Assert.Contains("bad.txt:1:7:", Assert.Throws<DataFormatException>(() => OmniglotStrokes.Read(bad)).Message);
    }

    [Fact]
    public void HersheyGlyphsAreLabelledByTheirLine()
    {
        // Line 1 is the space; line 2 ('!') is a vertical bar and a dot: (R,F)-(R,T), pen up, (R,Y)-(R,Z).
        string path = _directory.Write("font.jhf", "12345  1JZ\n12345  6MWRFRT RRYRZ\n");
        var glyph = Assert.Single(HersheyFont.Read(path));
        Assert.Equal("!", glyph.Label);
        Assert.Equal("font", glyph.Writer);
        Assert.Equal(2, glyph.StrokeCount);
        Assert.Equal(
            [0f, 14f / 20, 1f, 0f, 5f / 20, 0f, 0f, 1f / 20, 1f],
            glyph.Points.Select(v => MathF.Round(v, 6)).ToArray()
        );

        var bad = _directory.Write("short.jhf", "12345  1JZ\n12345  9MWRFRT\n");
        Assert.Contains("short.jhf:2:", Assert.Throws<DataFormatException>(() => HersheyFont.Read(bad)).Message);
    }

    [Fact]
    public void AMissingConvertedFileSaysWhereItComesFrom()
    {
        var locator = new DatasetLocator(Path.Combine(_directory.Path, "none"), Path.Combine(_directory.Path, "cache"));
        var e = Assert.Throws<FileNotFoundException>(() => StrokeCorpus.UnipenDigits.Resolve(locator));
        Assert.Contains("unipen-chars/unipen_digits.tsv.gz", e.Message);
        Assert.Contains("GreenCappuccino/train_r01_v07", e.Message);
        Assert.Contains(DatasetLocator.DataDirectoryVariable, e.Message);
        Assert.Contains(
            "not a known stroke dataset",
            Assert.Throws<ArgumentException>(() => StrokeCorpus.Find("mnist")).Message
        );
    }

    [SkippableFact]
    public async Task HersheyFontsAreDownloadedIntoTheCacheWhenNoDataDirectoryHoldsThem()
    {
        // The fake server answers every font with the bytes the corpus expects for that file, read from the shared
        // data.
        string futural = SharedData.File("hershey", "futural.jhf");
        var handler = new FileServingHandler(Path.GetDirectoryName(futural)!);
        var locator = new DatasetLocator(
            Path.Combine(_directory.Path, "none"),
            Path.Combine(_directory.Path, "cache"),
            handler
        );

        var paths = StrokeCorpus.Hershey.Resolve(locator);

        Assert.Equal(12, paths.Count);
        Assert.All(paths, p => Assert.StartsWith(Path.Combine(_directory.Path, "cache", "hershey"), p));
        Assert.Equal(
            File.ReadAllBytes(futural),
            await File.ReadAllBytesAsync(paths.Single(p => p.EndsWith("futural.jhf", StringComparison.Ordinal)))
        );
        Assert.Equal(12, handler.Requests);
        Assert.All(handler.Urls, u =>
            Assert.StartsWith("https://raw.githubusercontent.com/kamalmostafa/hershey-fonts/", u)
        );
    }

    [SkippableFact]
    public void RealUnipenDigitsSplitIntoDisjointWriters()
    {
        string path = SharedData.File("unipen-chars", "unipen_digits.tsv.gz");
        var samples = UnipenCharacters.Read(path, simplify: 0.02f);
        Assert.InRange(samples.Count, 11_500, 11_566);
        Assert.Equal("0123456789", string.Concat(samples.Select(s => s.Label).Distinct().Order()));
        Assert.Equal(120, samples.Select(s => s.Writer).Distinct().Count());
        var (train, validation, test) = UnipenCharacters.SplitByWriter(samples, 0.1, 0.1, seed: 1);
        Assert.Empty(train.Select(s => s.Writer).Intersect(test.Select(s => s.Writer)));
        Assert.Empty(validation.Select(s => s.Writer).Intersect(test.Select(s => s.Writer)));
        foreach (var sample in samples.Take(200))
        {
            var points = sample.ToStrokes().SelectMany(p => p).ToArray();
            float size = Math.Max(
                points.Max(p => p.X) - points.Min(p => p.X),
                points.Max(p => p.Y) - points.Min(p => p.Y)
            );
            Assert.InRange(size, 0.5f, 1.0001f);
        }
    }

    private sealed class FileServingHandler(string directory) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public List<string> Urls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Requests++;
            Urls.Add(request.RequestUri!.ToString());
            var bytes = File.ReadAllBytes(Path.Combine(directory, Path.GetFileName(request.RequestUri.AbsolutePath)));
            return Task.FromResult(
                new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) }
            );
        }
    }
}
