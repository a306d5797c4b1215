namespace Recurrent.Server;

/// <summary>
/// What <see cref="RecurrentServer"/> serves and the limits it keeps. The defaults are safe: loopback only, small
/// requests, bounded generations.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>
    /// The directory of the models: every checkpoint file (<c>NAME.safetensors</c>) and every run directory
    /// (<c>NAME/</c> with <c>best.safetensors</c>, <c>model.safetensors</c> or <c>last.safetensors</c>, or a
    /// cross-validated classifier's <c>fold-N/</c>) in it becomes a model called NAME.
    /// </summary>
    public required string ModelsDirectory { get; init; }

    /// <summary>The address to listen on; <c>localhost</c> (loopback only) unless told otherwise.</summary>
    public string Host { get; init; } = "localhost";

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="RecurrentServer.Addresses"/>).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>The largest request body accepted, in bytes; a larger one gets 413.</summary>
    public long MaxRequestBytes { get; init; } = 1 << 20;

    /// <summary>The most characters one text generation may ask for.</summary>
    public int MaxGenerationLength { get; init; } = 10_000;

    /// <summary>The most characters of a prime text.</summary>
    public int MaxPrimeLength { get; init; } = 10_000;

    /// <summary>
    /// The most generations of one model sampled together in one batched step; 1 samples one request at a time.
    /// </summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>
    /// The most generations of one model waiting for a place in the batch; beyond it a request gets 503.
    /// </summary>
    public int MaxQueuedGenerations { get; init; } = 1024;

    /// <summary>The most values (steps times channels, summed over series) of a classification or forecast.</summary>
    public int MaxSeriesValues { get; init; } = 1_000_000;

    /// <summary>The most steps a forecast may look ahead.</summary>
    public int MaxForecastHorizon { get; init; } = 1_000;

    /// <summary>The most sampled paths a forecast may ask for.</summary>
    public int MaxForecastSamples { get; init; } = 1_000;

    /// <summary>The most characters of a text to draw.</summary>
    public int MaxDrawingTextLength { get; init; } = 100;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelsDirectory))
            throw new ArgumentException("The models directory (--models) must be given.");
        if (!Directory.Exists(ModelsDirectory))
            throw new DirectoryNotFoundException($"The models directory '{ModelsDirectory}' does not exist.");
        if (
            !string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
            && Host is not ("*" or "0.0.0.0")
            && !System.Net.IPAddress.TryParse(Host, out _)
        )
            throw new ArgumentException(
                $"--host must be localhost, an IP address (such as 127.0.0.1 or ::1), or * for every interface; "
                    + $"got '{Host}'."
            );
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"--port must be in [0, 65535]; got {Port}.");
        Positive(MaxRequestBytes, nameof(MaxRequestBytes));
        Positive(MaxGenerationLength, nameof(MaxGenerationLength));
        Positive(MaxPrimeLength, nameof(MaxPrimeLength));
        Positive(MaxBatchSize, nameof(MaxBatchSize));
        Positive(MaxQueuedGenerations, nameof(MaxQueuedGenerations));
        Positive(MaxSeriesValues, nameof(MaxSeriesValues));
        Positive(MaxForecastHorizon, nameof(MaxForecastHorizon));
        Positive(MaxForecastSamples, nameof(MaxForecastSamples));
        Positive(MaxDrawingTextLength, nameof(MaxDrawingTextLength));
    }

    private static void Positive(long value, string name)
    {
        if (value < 1)
            throw new ArgumentException($"{name} must be at least 1; got {value}.");
    }
}
