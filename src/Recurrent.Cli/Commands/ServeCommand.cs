using Recurrent.Cli.Console;
using Recurrent.Server;
using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>recurrent serve --models DIR [--host H] [--port P]</c>: the models of a directory behind an HTTP API and a page,
/// until Ctrl+C (docs/SERVE.md).
/// </summary>
public static class ServeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var models = new Option<DirectoryInfo>("--models")
        {
            Description =
                "The directory of the models: each NAME.safetensors checkpoint and each run directory NAME/ (with "
                + "best.safetensors, model.safetensors or last.safetensors) becomes the model NAME.",
            Required = true,
        };
        var host = new Option<string>("--host")
        {
            Description = "The address to listen on: localhost (the default, this machine only), an IP address, or * "
                + "for every interface.",
            DefaultValueFactory = _ => "localhost",
        };
        var port = new Option<int>("--port")
        {
            Description = "The port to listen on (0 picks a free one).",
            DefaultValueFactory = _ => 5080,
        };
        var maxLength = new Option<int>("--max-length")
        {
            Description = "The most characters one text generation may ask for.",
            DefaultValueFactory = _ => 10_000,
        };
        var maxBatch = new Option<int>("--max-batch")
        {
            Description = "The most generations of one model sampled together in one step (1: one at a time).",
            DefaultValueFactory = _ => 64,
        };
        var command = new Command(
            "serve",
            "Serve the models of a directory over HTTP: text generation streamed as server-sent events (concurrent "
                + "requests batched), classification, forecasting, handwriting, metrics, an OpenAPI document and a "
                + "page to try them."
        )
        {
            models,
            host,
            port,
            maxLength,
            maxBatch,
        };
        command.SetAction(parse =>
            CommandRunner.Run(
                parse,
                output =>
                    !HttpServing.IsSupported
                        ? throw new NotSupportedException(
                            "serve runs ASP.NET Core's minimal APIs, which the native build of recurrent leaves out; "
                                + "run the .NET tool (dotnet tool install -g Recurrent.Cli) for it."
                        )
                        : Serve(
                        output,
                        new ServerOptions
                        {
                            ModelsDirectory = parse.GetValue(models)!.FullName,
                            Host = parse.GetValue(host)!,
                            Port = parse.GetValue(port),
                            MaxGenerationLength = parse.GetValue(maxLength),
                            MaxBatchSize = parse.GetValue(maxBatch),
                        }
                    )
            )
        );
        return command;
    }

    private static int Serve(TextWriter output, ServerOptions options)
    {
        var server = RecurrentServer.Create(options);
        try
        {
            server.StartAsync().GetAwaiter().GetResult();
            output.WriteLine($"models: {string.Join(", ", server.ModelNames)} (from {options.ModelsDirectory})");
            foreach (string address in server.Addresses)
                output.WriteLine($"listening on {address} (the page at /, the API at /v1, /openapi/v1.json)");
            output.WriteLine("Ctrl+C stops the server.");
            server.WaitForShutdownAsync().GetAwaiter().GetResult();
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }
}
