using Recurrent.Server;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Browser;

/// <summary>
/// The real server on a free loopback port, serving <see cref="TinyServedModels"/>, and one headless Chromium for the
/// tests of a class (xUnit runs them one after another against it).
/// </summary>
public sealed class ServedPage : IAsyncLifetime
{
    private readonly TemporaryDirectory _models = new();
    private RecurrentServer? _server;
    private HeadlessChromium? _chromium;

    /// <summary>The most characters a generation may ask for here: far more than a test waits for.</summary>
    public const int LongGeneration = 1_000_000;

    /// <summary>The server's address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The browser.</summary>
    public HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException("not started");

    /// <summary>A client of the same server, for the answers the page's results are checked against.</summary>
    public HttpClient Http { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        TinyServedModels.Write(_models.Path);
        var options = new ServerOptions
        {
            ModelsDirectory = _models.Path,
            Host = "127.0.0.1",
            Port = 0,
            // Long enough that a generation is still streaming when the page shows its first characters.
            MaxGenerationLength = LongGeneration,
        };
        _server = RecurrentServer.Create(options);
        await _server.StartAsync();
        Address = _server.Addresses.Single();
        Http.BaseAddress = new Uri(Address);
        _chromium = new HeadlessChromium();
    }

    /// <summary>Opens the page afresh and waits until it has listed the models.</summary>
    public void OpenPage()
    {
        Chromium.Open(Address + "/");
        Chromium.WaitUntil(
            () => Chromium.Script("return document.body.dataset.ready") as string == "true",
            "the page to list the models",
            "page-open"
        );
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _chromium?.Dispose();
        Http.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _models.Dispose();
    }
}
