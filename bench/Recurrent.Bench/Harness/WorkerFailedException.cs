namespace Recurrent.Bench.Harness;

/// <summary>
/// A worker process failed, answered out of protocol, or exited early; the message names the configuration.
/// </summary>
internal sealed class WorkerFailedException(string message) : Exception(message);
