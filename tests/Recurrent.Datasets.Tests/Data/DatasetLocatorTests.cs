using Recurrent.Data;
using Recurrent.Datasets;
using System.Net;
using System.Security.Cryptography;

namespace Recurrent.Tests.Data;

public class DatasetLocatorTests
{
    private static readonly byte[] Body = "First Citizen:\nBefore we proceed any further, hear me speak.\n"u8.ToArray();

    private static KnownCorpus Corpus(byte[] body, string? sha256 = null) =>
        new(
            "tiny",
            "tiny/input.txt",
            new Uri("https://example.invalid/tiny.txt"),
            body.Length,
            sha256 ?? Convert.ToHexStringLower(SHA256.HashData(body))
        );

    /// <summary>A data directory that does not exist, so that RECURRENT_DATA, when set, does not take part.</summary>
    private static string NoData(TemporaryDirectory dir) => Path.Combine(dir.Path, "no-data-directory");

    [Fact]
    public async Task DownloadWithMatchingHashIsWrittenToTheCache()
    {
        using var dir = new TemporaryDirectory();
        var handler = new ServingHandler(Body);
        var locator = new DatasetLocator(NoData(dir), dir.Path, handler);
        var path = await locator.ResolveAsync(Corpus(Body));
        Assert.Equal(Path.Combine(dir.Path, "tiny", "input.txt"), path);
        Assert.Equal(Body, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));

        var again = await locator.ResolveAsync(Corpus(Body));
        Assert.Equal(path, again);
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task DownloadWithWrongHashIsRejectedAndLeavesNothingInTheCache()
    {
        using var dir = new TemporaryDirectory();
        var locator = new DatasetLocator(NoData(dir), dir.Path, new ServingHandler(Body));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            locator.ResolveAsync(Corpus(Body, new string('0', 64)))
        );
        Assert.Contains("SHA-256", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DownloadOfTheWrongSizeIsRejected()
    {
        using var dir = new TemporaryDirectory();
        var locator = new DatasetLocator(NoData(dir), dir.Path, new ServingHandler([.. Body, .. Body]));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => locator.ResolveAsync(Corpus(Body)));
        Assert.Contains("bytes", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WithoutANetworkTheMessageSaysWhereToPutTheFile()
    {
        using var dir = new TemporaryDirectory();
        var locator = new DatasetLocator(NoData(dir), dir.Path, new OfflineHandler());
        var e = await Assert.ThrowsAsync<IOException>(() => locator.ResolveAsync(TextCorpora.TinyShakespeare));
        Assert.Contains(Path.Combine(dir.Path, "tinyshakespeare", "input.txt"), e.Message);
        Assert.Contains("RECURRENT_DATA", e.Message);
        Assert.Contains("1,115,394 bytes", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ServerErrorIsReportedLikeNoNetwork()
    {
        using var dir = new TemporaryDirectory();
        var locator = new DatasetLocator(NoData(dir), dir.Path, new ServingHandler(Body, HttpStatusCode.NotFound));
        var e = await Assert.ThrowsAsync<IOException>(() => locator.ResolveAsync(Corpus(Body)));
        Assert.Contains("404", e.Message);
    }

    [Fact]
    public async Task DataDirectoryComesBeforeTheCacheAndTheNetwork()
    {
        using var data = new TemporaryDirectory();
        using var cache = new TemporaryDirectory();
        var local = data.Write("tiny/input.txt", Body);
        var locator = new DatasetLocator(data.Path, cache.Path, new OfflineHandler());
        Assert.Equal(local, await locator.ResolveAsync(Corpus(Body)));
    }

    [Fact]
    public async Task CorruptLocalFileIsNamed()
    {
        using var data = new TemporaryDirectory();
        var local = data.Write("tiny/input.txt", Body[..^1]);
        var locator = new DatasetLocator(data.Path, data.Path, new OfflineHandler());
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => locator.ResolveAsync(Corpus(Body)));
        Assert.Contains(local, e.Message);
    }

    [Fact]
    public async Task ExistingFileOrUnknownNameResolve()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.Write("mine.txt", "text");
        var locator = new DatasetLocator(NoData(dir), dir.Path, new OfflineHandler());
        Assert.Equal(file, await locator.ResolveAsync(file, TextCorpora.All));
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            locator.ResolveAsync("no-such-corpus", TextCorpora.All)
        );
        Assert.Contains("tinyshakespeare", e.Message);
    }

    private sealed class ServingHandler(byte[] body, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
        }
    }

    private sealed class OfflineHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) => throw new HttpRequestException("Name or service not known (raw.githubusercontent.com:443)");
    }
}
