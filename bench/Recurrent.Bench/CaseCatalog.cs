using Recurrent.Bench.Cases.Gemm;
using Recurrent.Bench.Harness;

namespace Recurrent.Bench;

/// <summary>
/// The registered bench cases. A case is registered only when both its sides exist; the TorchSharp sides of the
/// recurrent cases (in <c>Cases/Recurrent</c>) wait here for Recurrent's recurrent layers.
/// </summary>
internal static class CaseCatalog
{
    /// <summary>Every registered case, in the order the bench runs them.</summary>
    public static readonly IReadOnlyList<BenchCase> All = [.. GemmCases()];

    /// <summary>The case with this exact name, or null.</summary>
    public static BenchCase? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static IEnumerable<BenchCase> GemmCases() =>
        GemmShape.All().Select(shape => new BenchCase(
            shape.CaseName, BenchUnit.GigaflopsPerSecond, CaseKind.Kernel, shape.Threads, DefaultSeconds: 0.3,
            CreateOurs: () => new OursGemm(shape),
            CreateTorchSharp: () => new TorchSharpGemm(shape)));
}
