namespace Recurrent.Models.Driving;

/// <summary>The races of one driver on the evaluation tracks, summed up.</summary>
/// <param name="Races">One race per track.</param>
public sealed record DrivingScore(IReadOnlyList<RaceResult> Races)
{
    /// <summary>The laps attempted over all tracks.</summary>
    public int LapsAttempted => Races.Sum(r => r.LapsAttempted);

    /// <summary>The laps completed within the time limit.</summary>
    public int LapsCompleted => Races.Sum(r => r.LapsCompleted);

    /// <summary>The share of laps completed within the time limit.</summary>
    public double CompletedShare => (double)LapsCompleted / LapsAttempted;

    /// <summary>The mean time of the completed laps in seconds (NaN when none was).</summary>
    public double MeanLapTime =>
        LapsCompleted == 0 ? double.NaN : Races.SelectMany(r => r.LapTimes).Average(t => (double)t);

    /// <summary>The share of steps that ended off the asphalt.</summary>
    public double OffTrackShare => (double)Races.Sum(r => r.OffTrackSteps) / Math.Max(1, Races.Sum(r => r.Steps));

    /// <summary>The number of tracks whose every lap was completed.</summary>
    public int TracksFinished => Races.Count(r => r.LapsCompleted == r.LapsAttempted);
}
