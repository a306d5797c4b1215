using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recurrent.Server.Classification;
using Recurrent.Server.Drawing;
using Recurrent.Server.Forecasting;
using Recurrent.Server.Text;
using System.Diagnostics;
using System.Net;

namespace Recurrent.Server;

/// <summary>
/// The models of a directory behind an HTTP API (ASP.NET Core on Kestrel): <c>GET /v1/models</c>,
/// <c>POST /v1/text/generate</c> (server-sent events, requests batched per model), <c>POST /v1/classify</c>,
/// <c>POST /v1/forecast</c>, <c>POST /v1/draw</c>, <c>GET /healthz</c>, <c>GET /metrics</c> (Prometheus),
/// <c>GET /openapi/v1.json</c>, and the page at <c>/</c>. docs/SERVE.md describes every request and answer.
/// </summary>
public sealed class RecurrentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelCatalog _catalog;

    private RecurrentServer(WebApplication app, ModelCatalog catalog)
    {
        _app = app;
        _catalog = catalog;
    }

    /// <summary>The names of the models served, in order.</summary>
    public IReadOnlyList<string> ModelNames => [.. _catalog.Names];

    /// <summary>The addresses listened on, such as <c>http://127.0.0.1:5080</c> (known once started).</summary>
    public IReadOnlyList<string> Addresses =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];

    /// <summary>
    /// Loads every model of <see cref="ServerOptions.ModelsDirectory"/> and prepares the server (not yet listening).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="DirectoryNotFoundException">The models directory does not exist.</exception>
    /// <exception cref="IO.CheckpointFormatException">A checkpoint is damaged; the message names it.</exception>
    public static RecurrentServer Create(ServerOptions options, ILoggerProvider? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(
            new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] }
        );
        builder.Logging.ClearProviders();
        if (logging is not null)
            builder.Logging.AddProvider(logging);
        else
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            Listen(kestrel, options.Host, options.Port);
        });
        builder.Services.ConfigureHttpJsonOptions(json => ServerJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi =>
            openApi.AddDocumentTransformer(
                (document, _, _) =>
                {
                    document.Info.Title = "Recurrent";
                    document.Info.Description =
                        "Recurrent models served over HTTP by `recurrent serve`; docs/SERVE.md describes every "
                        + "request.";
                    return Task.CompletedTask;
                }
            )
        );
        var metrics = new ServerMetrics();
        var loadLogger = LoggerFactory.Create(l => l.AddProvider(logging ?? NullLoggerProvider()))
            .CreateLogger<RecurrentServer>();
        var catalog = ModelCatalog.Load(options, metrics, loadLogger);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(catalog);

        var app = builder.Build();
        // Ending the generations at once lets the host stop without waiting for long streams to finish.
        app.Lifetime.ApplicationStopping.Register(catalog.Dispose);
        app.Use((context, next) => Answer(context, next, metrics));
        app.UseStatusCodePages();
        var page = new EmbeddedFileProvider(typeof(RecurrentServer).Assembly, "Recurrent.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        MapEndpoints(app);
        return new RecurrentServer(app, catalog);
    }

    /// <summary>Starts listening.</summary>
    public Task StartAsync(CancellationToken cancellation = default) => _app.StartAsync(cancellation);

    /// <summary>
    /// Waits until the process is asked to stop (Ctrl+C, SIGTERM) or <see cref="StopAsync"/> is called.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) =>
        _app.WaitForShutdownAsync(cancellation);

    /// <summary>Stops listening; generations in flight end.</summary>
    public Task StopAsync(CancellationToken cancellation = default) => _app.StopAsync(cancellation);

    /// <summary>Stops the server and every model's generation loop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _catalog.Dispose();
    }

    private static ILoggerProvider NullLoggerProvider() =>
        Microsoft.Extensions.Logging.Abstractions.NullLoggerProvider.Instance;

    private static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel binds "localhost" to both loopback addresses, which a free port (0) cannot do.
            if (port == 0)
                kestrel.Listen(IPAddress.Loopback, 0);
            else
                kestrel.ListenLocalhost(port);
        }
        else if (host is "*" or "0.0.0.0")
            kestrel.ListenAnyIP(port);
        else
            kestrel.Listen(IPAddress.Parse(host), port);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapOpenApi();
        app.MapGet("/healthz", (ModelCatalog catalog) => TypedResults.Ok(new Health("ok", catalog.Names.Count())))
            .WithName("Health")
            .WithSummary("Whether the server is up, and how many models it serves.");
        app.MapGet(
                "/metrics",
                (ServerMetrics metrics) =>
                    Results.Text(metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8")
            )
            .WithName("Metrics")
            .WithSummary("Requests, latencies, characters per second and batch sizes, in the Prometheus text format.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        app.MapGet("/v1/models", (ModelCatalog catalog) => TypedResults.Ok(
                new ModelList([.. catalog.Models.Select(m => m.Describe())])
            ))
            .WithName("ListModels")
            .WithSummary("The models served: name, kind, the endpoint that serves it, and its stored configuration.");
        TextEndpoints.Map(app);
        ClassifyEndpoints.Map(app);
        ForecastEndpoints.Map(app);
        DrawEndpoints.Map(app);
    }

    /// <summary>
    /// Every request passes here: a rejected request gets its status and message as ProblemDetails, anything else
    /// that goes wrong a 500 (logged), a client that left nothing at all; the answer is counted in the metrics.
    /// </summary>
    private static async Task Answer(HttpContext context, RequestDelegate next, ServerMetrics metrics)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (RequestRejectedException e) when (!context.Response.HasStarted)
        {
            await Problem(context, e.Status, e.Message);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            long? limit = context
                .Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()
                ?.MaxRequestBodySize;
            string detail =
                e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"The body is larger than the limit of {limit} bytes."
                    : e.Message;
            await Problem(context, e.StatusCode, detail);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            context
                .RequestServices.GetRequiredService<ILogger<RecurrentServer>>()
                .LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await Problem(context, StatusCodes.Status500InternalServerError, "The server failed to answer.");
        }
        finally
        {
            string endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            metrics.ObserveRequest(endpoint, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    private static Task Problem(HttpContext context, int status, string detail)
    {
        context.Response.Clear();
        return Results.Problem(detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status))
            .ExecuteAsync(context);
    }

    /// <summary>The answer of <c>GET /healthz</c>.</summary>
    private sealed record Health(string Status, int Models);
}
