namespace Recurrent.Data;

/// <summary>
/// One chunk of <see cref="CharStreamBatcher"/>: inputs and next-character targets, each <c>[B, T]</c> row-major.
/// </summary>
/// <param name="Chunk">The index of the chunk in its epoch.</param>
/// <param name="BatchSize">B, the number of streams.</param>
/// <param name="SequenceLength">T, the number of steps.</param>
/// <param name="Inputs">Token indices, <c>[B, T]</c>.</param>
/// <param name="Targets">The token that follows each input, <c>[B, T]</c>.</param>
public sealed record TextBatch(int Chunk, int BatchSize, int SequenceLength, int[] Inputs, int[] Targets);
