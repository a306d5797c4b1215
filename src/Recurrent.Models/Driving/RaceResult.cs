namespace Recurrent.Models.Driving;

/// <summary>The outcome of one race of <see cref="DrivingSessions.Race"/>.</summary>
/// <param name="TrackSeed">The track.</param>
/// <param name="TrackLength">The length of the track's centre line, in metres.</param>
/// <param name="LapsAttempted">The laps the race was over.</param>
/// <param name="LapTimes">The times of the laps completed within the limit, in seconds.</param>
/// <param name="Steps">The steps driven.</param>
/// <param name="OffTrackSteps">The steps that ended off the asphalt.</param>
public sealed record RaceResult(
    int TrackSeed,
    float TrackLength,
    int LapsAttempted,
    float[] LapTimes,
    int Steps,
    int OffTrackSteps
)
{
    /// <summary>The number of laps completed within the time limit.</summary>
    public int LapsCompleted => LapTimes.Length;
}
