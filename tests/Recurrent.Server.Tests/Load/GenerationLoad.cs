using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Recurrent.Tests.Load;

/// <summary>What a load run measured.</summary>
/// <param name="Completed">Generations that streamed to their done event.</param>
/// <param name="Errors">Requests that failed (a non-200 answer, a broken stream, a short text).</param>
/// <param name="P50Seconds">The median time from request to done event.</param>
/// <param name="P99Seconds">The 99th percentile of that time.</param>
/// <param name="Characters">Characters received over the run.</param>
/// <param name="Seconds">The length of the run, until the last client finished.</param>
public sealed record LoadResult(
    int Completed,
    int Errors,
    double P50Seconds,
    double P99Seconds,
    long Characters,
    double Seconds
)
{
    /// <summary>Characters received per second over the whole run, all clients together.</summary>
    public double CharactersPerSecond => Characters / Seconds;
}

/// <summary>
/// A load of concurrent text generations against a server on this machine: each client posts
/// <c>/v1/text/generate</c> and reads the stream to its end, again and again, until the time or the request budget is
/// spent. Bounded in time and requests, and loopback only, so it can never load another machine.
/// </summary>
public static class GenerationLoad
{
    public static async Task<LoadResult> RunAsync(
        Uri server,
        string model,
        int clients,
        int length,
        TimeSpan duration,
        int maxRequests
    )
    {
        if (!server.IsLoopback)
            throw new ArgumentException($"The load test runs against this machine only; {server} is not loopback.");
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients })
        {
            BaseAddress = server,
            Timeout = duration + TimeSpan.FromMinutes(5),
        };
        var latencies = new List<double>();
        int started = 0,
            errors = 0;
        long characters = 0;
        var clock = Stopwatch.StartNew();
        async Task Client(int id)
        {
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= maxRequests)
            {
                long begin = Stopwatch.GetTimestamp();
                long seed = id * 1_000_003L + started;
                string body = $$"""{"model": "{{model}}", "prime": "", "length": {{length}}, "seed": {{seed}}}""";
                try
                {
                    int received = await GenerateAsync(http, body);
                    Interlocked.Add(ref characters, received);
                    if (received != length)
                        throw new InvalidDataException($"{received} characters of {length}");
                    lock (latencies)
                        latencies.Add(Stopwatch.GetElapsedTime(begin).TotalSeconds);
                }
                catch (Exception e)
                    when (e is HttpRequestException or InvalidDataException or IOException or JsonException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => Client(i))));
        double seconds = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        return new LoadResult(
            latencies.Count,
            errors,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            characters,
            seconds
        );
    }

    private static async Task<int> GenerateAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/text/generate")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidDataException($"status {(int)response.StatusCode}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        int received = 0;
        bool done = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == "event: done")
                done = true;
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && !done)
            {
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                // Characters as the model counts them: Unicode scalar values.
                received += data.RootElement.GetProperty("text").GetString()!.EnumerateRunes().Count();
            }
        }
        return done ? received : throw new InvalidDataException("the stream ended without a done event");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
