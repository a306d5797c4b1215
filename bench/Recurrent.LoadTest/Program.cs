using Recurrent.Datasets;
using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Models.Text;
using Recurrent.Server;
using Recurrent.Tests.Load;
using System.Diagnostics;
using System.Globalization;

// dotnet run -c Release --project bench/Recurrent.LoadTest -- [--max-batch 64] [--clients 64] [--length 200]
//     [--seconds 60] [--max-requests 100000] [--hidden 256] [--layers 2] [--corpus FILE]
// Starts `recurrent serve`'s server in this process on a free loopback port over one character model (LSTM, the
// vocabulary of --corpus, else printable ASCII; fresh weights: the speed does not depend on training), runs the load,
// and prints one line of results. Run once per --max-batch (64: dynamic batching, 1: one
// request at a time), each in its own process, so that the peak memory is that run's.
string? corpus = null;
int corpusAt = Array.IndexOf(args, "--corpus");
if (corpusAt >= 0 && corpusAt + 1 < args.Length)
{
    corpus = File.ReadAllText(args[corpusAt + 1]);
    args = [.. args[..corpusAt], .. args[(corpusAt + 2)..]];
}
var options = Arguments(args);
int maxBatch = options.GetValueOrDefault("max-batch", 64),
    clients = options.GetValueOrDefault("clients", 64),
    length = options.GetValueOrDefault("length", 200),
    seconds = options.GetValueOrDefault("seconds", 60),
    maxRequests = options.GetValueOrDefault("max-requests", 100_000),
    hidden = options.GetValueOrDefault("hidden", 256),
    layers = options.GetValueOrDefault("layers", 2);

string models = Path.Combine(Path.GetTempPath(), "recurrent-loadtest-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(models);
try
{
    var vocabulary = CharVocabulary.Build(
        corpus ?? string.Concat(Enumerable.Range(32, 95).Select(i => (char)i)) + "\n"
    );
    var config = new CharLanguageModelConfig(vocabulary, CellKind.Lstm, hidden, layers, 64, 0f);
    var model = new CharLanguageModel(config, seed: 1);
    string name = $"char-{layers}x{hidden}";
    StateDict.Save(Path.Combine(models, name + ".safetensors"), model.NamedState(), config.ToMetadata());

    await using var server = RecurrentServer.Create(
        new ServerOptions
        {
            ModelsDirectory = models,
            Port = 0,
            MaxBatchSize = maxBatch,
            MaxQueuedGenerations = 100_000,
        },
        Microsoft.Extensions.Logging.Abstractions.NullLoggerProvider.Instance
    );
    await server.StartAsync();
    var result = await GenerationLoad.RunAsync(
        new Uri(server.Addresses[0]),
        name,
        clients,
        length,
        TimeSpan.FromSeconds(seconds),
        maxRequests
    );
    var process = Process.GetCurrentProcess();
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(
        string.Create(
            c,
            $"model {name} (vocabulary {vocabulary.Count}), max batch {maxBatch}, {clients} clients x {length} "
                + $"characters, {result.Seconds:0.0} s: completed {result.Completed}, errors {result.Errors}, "
                + $"p50 {result.P50Seconds:0.000} s, p99 {result.P99Seconds:0.000} s, "
                + $"{result.CharactersPerSecond:0} characters/s, "
                + $"peak working set {process.PeakWorkingSet64 / (1 << 20)} MiB"
        )
    );
    return result.Errors == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(models, recursive: true);
}

static Dictionary<string, int> Arguments(string[] args)
{
    var values = new Dictionary<string, int>(StringComparer.Ordinal);
    for (int i = 0; i + 1 < args.Length; i += 2)
        values[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    return values;
}
