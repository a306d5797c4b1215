using Recurrent.Tensors;

namespace Recurrent.Models.Driving;

/// <summary>
/// Playing the game: recording episodes for training (the expert driving with occasional random slips, or a
/// learner and the expert taking turns step by step, DAgger's mixed policy) and racing laps for evaluation.
/// </summary>
public static class DrivingSessions
{
    /// <summary>
    /// Drives <paramref name="steps"/> steps on the track of <paramref name="trackSeed"/> and records every frame with
    /// the expert's buttons as its label. At each step the expert's buttons are executed with probability
    /// <paramref name="expertShare"/>, else the <paramref name="learner"/>'s (always the expert's when there is no
    /// learner); the learner sees every frame, so its memory stays in step. With probability
    /// <paramref name="slipRate"/> per step a slip starts, from which the expert then has to recover (and labels
    /// how): three times in four 3 to 10 steps of random buttons, otherwise a stop (the brake held until the kart
    /// stands, then 0 to 20 steps standing), since a driver that has never seen the picture stand still may never
    /// start again. The kart starts at the start line standing (three times in ten) or anywhere on the track, off the
    /// centre line, turned and moving.
    /// </summary>
    public static DrivingEpisode Record(
        int trackSeed,
        int steps,
        RandomGenerator rng,
        Func<ReadOnlyMemory<byte>, KartButtons>? learner = null,
        double expertShare = 1,
        double slipRate = 0
    )
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var track = RaceTrack.Generate(trackSeed);
        var race =
            rng.NextDouble() < 0.3
                ? new KartRace(track)
                : new KartRace(
                    track,
                    rng.NextInt(track.Count),
                    lateral: 6 * rng.NextFloat() - 3,
                    headingOffset: 0.5f * rng.NextFloat() - 0.25f,
                    speed: 22 * rng.NextFloat()
                );
        var frames = new byte[steps * KartCamera.PixelCount];
        var labels = new byte[steps];
        int slipLeft = 0;
        bool stopping = false;
        var slip = KartButtons.None;
        for (int t = 0; t < steps; t++)
        {
            var frame = frames.AsMemory(t * KartCamera.PixelCount, KartCamera.PixelCount);
            KartCamera.Render(race, frame.Span);
            var expert = PursuitDriver.Decide(race);
            labels[t] = (byte)expert;
            var executed = learner is null ? expert : learner(frame);
            if (learner is not null && rng.NextDouble() < expertShare)
                executed = expert;
            if (slipLeft == 0 && !stopping && slipRate > 0 && rng.NextDouble() < slipRate)
            {
                stopping = rng.NextInt(4) == 0;
                slipLeft = stopping ? rng.NextInt(21) : 3 + rng.NextInt(8);
                // Throttle or brake two times in three, a steering direction three times in four.
                slip =
                    (rng.NextInt(3) > 0 ? (KartButtons)(1 << rng.NextInt(2)) : KartButtons.None)
                    | (rng.NextInt(4) > 0 ? (KartButtons)(4 << rng.NextInt(2)) : KartButtons.None);
            }
            if (stopping && race.Speed > 0)
                executed = KartButtons.Brake;
            else if (slipLeft > 0)
            {
                executed = stopping ? KartButtons.None : slip;
                slipLeft--;
            }
            else
                stopping = false;
            race.Step(executed);
        }
        return new DrivingEpisode(trackSeed, frames, labels);
    }

    /// <summary>
    /// Races <paramref name="laps"/> laps from a standing start on <paramref name="track"/>, the driver choosing the
    /// buttons from the game state and the camera frame, until the laps are done or a lap runs past the time limit.
    /// <paramref name="onStep"/>, when given, sees the race, the frame and the buttons after every step. The driver
    /// is shown each frame through <paramref name="disturbance"/> (none when null).
    /// </summary>
    public static RaceResult Race(
        RaceTrack track,
        int laps,
        Func<KartRace, ReadOnlyMemory<byte>, KartButtons> driver,
        Action<KartRace, ReadOnlyMemory<byte>, KartButtons>? onStep = null,
        FrameDisturbance? disturbance = null
    )
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentOutOfRangeException.ThrowIfLessThan(laps, 1);
        var race = new KartRace(track);
        var frame = new byte[KartCamera.PixelCount];
        var show = (disturbance ?? FrameDisturbance.None).Begin(track.Seed);
        int offTrack = 0;
        while (race.LapsCompleted < laps && !race.LapTimedOut)
        {
            KartCamera.Render(race, frame);
            var shown = show(frame);
            var buttons = driver(race, shown);
            race.Step(buttons);
            if (!race.OnTrack)
                offTrack++;
            onStep?.Invoke(race, shown, buttons);
        }
        return new RaceResult(track.Seed, track.Length, laps, race.LapTimes.ToArray(), race.Steps, offTrack);
    }
}
