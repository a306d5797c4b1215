namespace Recurrent.Bench.Harness;

/// <summary>
/// A case whose TorchSharp side is written but whose side in Recurrent is not yet: a worker can run its TorchSharp
/// side alone (<c>worker --case NAME --impl torchsharp</c>), and <see cref="WithOurs"/> makes it a full
/// <see cref="BenchCase"/> once ours exists.
/// </summary>
internal sealed record PeerOnlyCase(
    string Name,
    BenchUnit Unit,
    CaseKind Kind,
    int Threads,
    double DefaultSeconds,
    Func<IBenchWorkload> CreateTorchSharp
)
{
    /// <summary>The full case, with Recurrent's side built by <paramref name="createOurs"/>.</summary>
    public BenchCase WithOurs(Func<IBenchWorkload> createOurs) =>
        new(Name, Unit, Kind, Threads, DefaultSeconds, createOurs, CreateTorchSharp);

    /// <summary>This case as the worker runs it: TorchSharp's side only; asking for ours is an error.</summary>
    public BenchCase TorchSharpSideOnly() =>
        new(
            Name,
            Unit,
            Kind,
            Threads,
            DefaultSeconds,
            () =>
                throw new InvalidOperationException(
                    $"case '{Name}' has no implementation in Recurrent yet; only --impl torchsharp runs."
                ),
            CreateTorchSharp
        );
}
