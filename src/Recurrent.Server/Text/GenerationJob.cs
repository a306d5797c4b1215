using Recurrent.Models.Text;
using Recurrent.Tensors;
using System.Threading.Channels;

namespace Recurrent.Server.Text;

/// <summary>
/// One text generation in a model's batch: the tokens it still has to read (the prime), how many it has to write, its
/// own sampling settings and generator, and the channel its characters go to as they are sampled.
/// </summary>
internal sealed class GenerationJob(
    int[] prime,
    int length,
    SamplingOptions options,
    ulong seed,
    CancellationToken cancellation
)
{
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }
    );
    private int _primeRead;

    public SamplingOptions Options { get; } = options;

    public RandomGenerator Random { get; } = new(seed);

    public int Remaining { get; private set; } = length;

    /// <summary>Set when the client has gone; the batch drops the job at its next step.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The characters as they are sampled; completed when the generation ends.</summary>
    public ChannelReader<string> Output => _output.Reader;

    /// <summary>Whether the job still reads its prime, so its next input is forced rather than sampled.</summary>
    public bool IsReadingPrime => _primeRead < prime.Length;

    public int NextPrimeToken() => prime[_primeRead++];

    /// <summary>Hands a sampled character to the client; true when the job has written all it was asked.</summary>
    public bool Write(string symbol)
    {
        _output.Writer.TryWrite(symbol);
        return --Remaining == 0;
    }

    public void Complete(Exception? error = null) => _output.Writer.TryComplete(error);
}
