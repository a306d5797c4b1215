namespace Recurrent.Models.Driving;

/// <summary>
/// Races a driver on the evaluation tracks (seeds <see cref="TrackSeedBase"/> + 1, + 2, ..., never used in training)
/// and sums up: the share of laps completed within the time limit and the mean time of the completed laps.
/// </summary>
public static class DrivingEvaluation
{
    /// <summary>Evaluation track k has the seed base + k.</summary>
    public const int TrackSeedBase = 1_000_000;

    /// <summary>The seed of evaluation track <paramref name="number"/> (counted from 1).</summary>
    public static int TrackSeed(int number) => TrackSeedBase + number;

    /// <summary>
    /// Races <paramref name="laps"/> laps on each of <paramref name="tracks"/> evaluation tracks from number
    /// <paramref name="firstTrack"/> on, with a driver made afresh for each race by <paramref name="makeDriver"/> and
    /// shown the frames through <paramref name="disturbance"/> (none when null).
    /// </summary>
    public static DrivingScore Run(
        int tracks,
        int laps,
        Func<Func<KartRace, ReadOnlyMemory<byte>, KartButtons>> makeDriver,
        FrameDisturbance? disturbance = null,
        int firstTrack = 1
    )
    {
        ArgumentNullException.ThrowIfNull(makeDriver);
        ArgumentOutOfRangeException.ThrowIfLessThan(tracks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstTrack, 1);
        var races = new List<RaceResult>();
        for (int k = firstTrack; k < firstTrack + tracks; k++)
            races.Add(
                DrivingSessions.Race(RaceTrack.Generate(TrackSeed(k)), laps, makeDriver(), disturbance: disturbance)
            );
        return new DrivingScore(races);
    }

    /// <summary>The expert as a driver.</summary>
    public static Func<KartRace, ReadOnlyMemory<byte>, KartButtons> Expert() => (race, _) => PursuitDriver.Decide(race);

    /// <summary>A controller as a driver that sees only the frame, starting from a fresh memory.</summary>
    public static Func<KartRace, ReadOnlyMemory<byte>, KartButtons> Controller(KartController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.ResetDriving();
        return (_, frame) => controller.Act(frame.Span);
    }
}
