namespace Recurrent.Kernels;

/// <summary>
/// The sizes of one direction of a recurrent layer over a batch: <paramref name="Steps"/> T, <paramref name="Batch"/>
/// B, <paramref name="Inputs"/> I (the width of a dense or one-hot input row). With <paramref name="Lengths"/>
/// (B values in 1..T) sequence b has valid steps t &lt; Lengths[b]; <paramref name="Reverse"/> runs t = T-1 .. 0.
/// </summary>
internal readonly record struct RecurrentSequenceShape(int Steps, int Batch, int Inputs, int[]? Lengths, bool Reverse);
