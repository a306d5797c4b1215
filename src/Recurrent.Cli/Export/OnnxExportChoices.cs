namespace Recurrent.Cli.Export;

/// <summary>What the exported graph takes besides its main input.</summary>
/// <param name="WithLengths">A <c>lengths</c> input for batches of sequences of different lengths.</param>
/// <param name="WithState">The initial recurrent state as inputs (generation, carrying state across chunks).</param>
public sealed record OnnxExportChoices(bool WithLengths, bool WithState);
