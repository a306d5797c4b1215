using Recurrent.Server;

namespace Recurrent.Tests.Server;

/// <summary>
/// A <see cref="RecurrentServer"/> listening on a free loopback port, with a client for it; stopped on dispose.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(RecurrentServer server, HttpClient client)
    {
        Server = server;
        Client = client;
    }

    public RecurrentServer Server { get; }

    public HttpClient Client { get; }

    /// <summary>Starts a server over <paramref name="modelsDirectory"/>; <paramref name="configure"/> may change the
    /// options (the port stays 0).</summary>
    public static async Task<RunningServer> StartAsync(
        string modelsDirectory,
        Func<ServerOptions, ServerOptions>? configure = null
    )
    {
        var options = new ServerOptions { ModelsDirectory = modelsDirectory, Port = 0 };
        options = (configure?.Invoke(options) ?? options) with { Port = 0 };
        var server = RecurrentServer.Create(
            options,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerProvider.Instance
        );
        await server.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]), Timeout = TimeSpan.FromMinutes(2) };
        return new RunningServer(server, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
