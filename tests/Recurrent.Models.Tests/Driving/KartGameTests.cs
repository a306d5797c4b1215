using Recurrent.Models.Driving;
using Recurrent.Tensors;

namespace Recurrent.Tests.Driving;

public sealed class KartGameTests
{
    // A fixed, varied sequence of buttons: the game's state after it depends on every step.
    private static KartButtons ScriptedButtons(int step) =>
        (step % 7 < 5 ? KartButtons.Accelerate : KartButtons.Brake)
        | (
            step % 11 < 3 ? KartButtons.Left
            : step % 11 > 8 ? KartButtons.Right
            : KartButtons.None
        );

    private static (float[] State, byte[] Frames) Play(int seed, int steps)
    {
        var race = new KartRace(RaceTrack.Generate(seed), index: 5, lateral: 1, headingOffset: 0.1f, speed: 8);
        var frames = new byte[steps * KartCamera.PixelCount];
        for (int t = 0; t < steps; t++)
        {
            KartCamera.Render(race, frames.AsSpan(t * KartCamera.PixelCount, KartCamera.PixelCount));
            race.Step(ScriptedButtons(t));
        }
        return (
            [race.X, race.Y, race.Heading, race.Speed, race.Lateral, race.NearestIndex, race.NextCheckpoint],
            frames
        );
    }

    [Fact]
    public void TheGameIsDeterministicForASeed()
    {
        var a = RaceTrack.Generate(42);
        var b = RaceTrack.Generate(42);
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Y, b.Y);
        var first = Play(42, 200);
        var second = Play(42, 200);
        Assert.Equal(first.State, second.State);
        Assert.Equal(first.Frames, second.Frames);

        var rngA = new RandomGenerator(3);
        var rngB = new RandomGenerator(3);
        var episodeA = DrivingSessions.Record(9, 60, rngA, slipRate: 0.1);
        var episodeB = DrivingSessions.Record(9, 60, rngB, slipRate: 0.1);
        Assert.Equal(episodeA.Frames, episodeB.Frames);
        Assert.Equal(episodeA.Labels, episodeB.Labels);
    }

    [Fact]
    public void DifferentSeedsMakeDifferentTracks()
    {
        var a = RaceTrack.Generate(1);
        var b = RaceTrack.Generate(2);
        Assert.NotEqual(a.Length, b.Length);
        Assert.NotEqual(Play(1, 50).Frames, Play(2, 50).Frames);
    }

    [Fact]
    public void TracksAreClosedLoopsWithEvenSpacing()
    {
        var track = RaceTrack.Generate(1_000_007);
        for (int i = 0; i < track.Count; i++)
        {
            int j = (i + 1) % track.Count;
            float gap = MathF.Sqrt(MathF.Pow(track.X[j] - track.X[i], 2) + MathF.Pow(track.Y[j] - track.Y[i], 2));
            Assert.InRange(gap, 0.8f * track.Spacing, 1.2f * track.Spacing);
        }
        float totalTurn = track.Curvature.Sum() * track.Spacing;
        Assert.InRange(MathF.Abs(totalTurn), 2 * MathF.PI - 0.2f, 2 * MathF.PI + 0.2f);
    }

    [Fact]
    public void TheExpertCompletesALapWithinTheLimit()
    {
        var result = DrivingSessions.Race(
            RaceTrack.Generate(DrivingEvaluation.TrackSeed(3)),
            1,
            DrivingEvaluation.Expert()
        );
        Assert.Equal(1, result.LapsCompleted);
        Assert.Equal(0, result.OffTrackSteps);
    }

    [Fact]
    public void StandingStillCompletesNoLapAndTimesOut()
    {
        var result = DrivingSessions.Race(RaceTrack.Generate(5), 1, (_, _) => KartButtons.None);
        Assert.Equal(0, result.LapsCompleted);
        Assert.True(result.Steps * KartRace.TimeStep > new KartRace(RaceTrack.Generate(5)).LapTimeLimit);
    }

    [Fact]
    public void GrassSlowsTheKartAndBrakingStopsIt()
    {
        var track = RaceTrack.Generate(11);
        var onGrass = new KartRace(track, lateral: 20, speed: 20);
        Assert.False(onGrass.OnTrack);
        onGrass.Step(KartButtons.Accelerate);
        Assert.True(onGrass.Speed < 20);
        var braking = new KartRace(track, speed: 10);
        for (int t = 0; t < 40; t++)
            braking.Step(KartButtons.Brake | KartButtons.Accelerate);
        Assert.Equal(0f, braking.Speed);
    }

    [Fact]
    public void TheCameraSeesAsphaltAheadAndGrassFarToTheSide()
    {
        var track = RaceTrack.Generate(13);
        var race = new KartRace(track);
        var frame = new byte[KartCamera.PixelCount];
        KartCamera.Render(race, frame);
        int kartRow = (int)KartCamera.KartRow;
        byte underKart = frame[(kartRow - 4) * KartCamera.Size + KartCamera.Size / 2];
        byte farLeft = frame[(kartRow - 4) * KartCamera.Size];
        Assert.InRange(underKart, 100, 150);
        Assert.True(farLeft < 90, $"grass pixel {farLeft}");
        Assert.Throws<ArgumentException>(() => KartCamera.Render(race, new byte[10]));
    }

    [Fact]
    public void ButtonsRoundTripThroughTargetsAndLogits()
    {
        var targets = new float[KartButtonSet.Count];
        foreach (
            var buttons in new[]
            {
                KartButtons.None,
                KartButtons.Accelerate | KartButtons.Left,
                KartButtons.Brake | KartButtons.Right,
            }
        )
        {
            KartButtonSet.ToTargets(buttons, targets);
            var logits = targets.Select(t => t > 0 ? 2f : -2f).ToArray();
            Assert.Equal(buttons, KartButtonSet.FromLogits(logits));
        }
    }
}
