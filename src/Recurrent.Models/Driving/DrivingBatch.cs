namespace Recurrent.Models.Driving;

/// <summary>
/// One segment of a group of episodes for truncated backpropagation through time: <c>[B, T]</c> frames as floats
/// (pixels / 255), the expert's buttons as <c>[B, T, 4]</c> targets, and whether the segment starts the episodes
/// (so that the carried state is reset rather than continued).
/// </summary>
/// <param name="Batch">B, the number of episodes side by side.</param>
/// <param name="Steps">T, the steps of the segment.</param>
/// <param name="Pixels">The frames, <c>[B, T, 1024]</c>.</param>
/// <param name="Targets">The expert's buttons, <c>[B, T, 4]</c>, 1 pressed and 0 not.</param>
/// <param name="StartsEpisodes">Whether this is the first segment of its episodes.</param>
public sealed record DrivingBatch(int Batch, int Steps, float[] Pixels, float[] Targets, bool StartsEpisodes);
