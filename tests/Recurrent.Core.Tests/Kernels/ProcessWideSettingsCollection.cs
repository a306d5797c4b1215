namespace Recurrent.Tests.Kernels;

/// <summary>
/// Tests that change process-wide kernel settings (the parallel loop's thread count, the GEMM's parallel threshold)
/// run alone, so that no other test sees the changed settings half way.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettingsCollection
{
    public const string Name = "Process-wide kernel settings";
}
