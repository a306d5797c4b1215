using System.Globalization;

namespace Recurrent.Bench.Harness;

/// <summary>The unit a case reports in: its name, the factor from work per second to it, and how to print it.</summary>
internal sealed record BenchUnit(string Name, double Scale, string Format)
{
    /// <summary>Billions of floating-point operations per second (a multiply-add counts as two).</summary>
    public static readonly BenchUnit GigaflopsPerSecond = new("GFLOP/s", 1e-9, "F1");

    /// <summary>Tokens (one character of one sequence) per second.</summary>
    public static readonly BenchUnit TokensPerSecond = new("tokens/s", 1, "F0");

    /// <summary>Training samples per second.</summary>
    public static readonly BenchUnit SamplesPerSecond = new("samples/s", 1, "F0");

    /// <summary>Formats a value in this unit, culture-invariant.</summary>
    public string Print(double value) => value.ToString(Format, CultureInfo.InvariantCulture);
}
