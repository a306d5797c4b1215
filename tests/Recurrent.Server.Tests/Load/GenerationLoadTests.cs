using Recurrent.Tests.Server;

namespace Recurrent.Tests.Load;

/// <summary>
/// A few seconds of the load test (bench/Recurrent.LoadTest runs the full minute): many clients at once, every
/// generation complete, none failed. No timing is asserted; the figures go to BENCHMARKS.md from the full run.
/// </summary>
public sealed class GenerationLoadTests : IDisposable
{
    private readonly ServedModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task ManyConcurrentClientsAllGetTheirWholeText()
    {
        await using var server = await RunningServer.StartAsync(_models.Path, o => o with { MaxBatchSize = 16 });
        var result = await GenerationLoad.RunAsync(
            server.Client.BaseAddress!,
            "text",
            clients: 16,
            length: 50,
            duration: TimeSpan.FromSeconds(2),
            maxRequests: 200
        );
        Assert.Equal(0, result.Errors);
        Assert.InRange(result.Completed, 16, 200);
        Assert.Equal(result.Completed * 50L, result.Characters);
    }
}
