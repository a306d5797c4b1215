namespace Recurrent.Kernels;

/// <summary>
/// Where one direction's output goes: rows of <paramref name="Width"/> floats of a <c>[B, T, Width]</c>
/// (<paramref name="BatchFirst"/>) or <c>[T, B, Width]</c> array, columns <c>[Column, Column + H)</c>, so that both
/// directions of a bidirectional layer write one output side by side.
/// </summary>
internal readonly record struct RecurrentOutputColumns(int Width, int Column, bool BatchFirst);
