namespace Recurrent.Models.Driving;

/// <summary>
/// One recorded stretch of driving: the frame the camera showed at every step and the buttons the expert would have
/// pressed in that state (whoever was actually driving).
/// </summary>
/// <param name="TrackSeed">The seed of the track it was driven on.</param>
/// <param name="Frames">The frames, <see cref="KartCamera.PixelCount"/> bytes per step, step after step.</param>
/// <param name="Labels">The expert's buttons at every step, as <see cref="KartButtons"/> bits.</param>
public sealed record DrivingEpisode(int TrackSeed, byte[] Frames, byte[] Labels)
{
    /// <summary>The number of steps.</summary>
    public int Steps => Labels.Length;
}
