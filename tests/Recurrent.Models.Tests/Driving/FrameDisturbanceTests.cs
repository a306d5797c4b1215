using Recurrent.Models.Driving;

namespace Recurrent.Tests.Driving;

public sealed class FrameDisturbanceTests
{
    private static byte[] Frame(byte value) => Enumerable.Repeat(value, KartCamera.PixelCount).ToArray();

    [Fact]
    public void NoDisturbanceShowsEveryFrameAsDrawn()
    {
        var show = FrameDisturbance.None.Begin(7);
        var drawn = Frame(100);
        Assert.Equal(drawn, show(drawn).ToArray());
    }

    [Fact]
    public void ADroppedFrameShowsThePreviousFrameAgain()
    {
        var show = new FrameDisturbance(dropRate: 0.5).Begin(7);
        int dropped = 0;
        byte previous = 0;
        for (int step = 0; step < 400; step++)
        {
            byte value = (byte)(step % 250 + 1);
            var shown = show(Frame(value)).Span[0];
            if (step == 0)
                Assert.Equal(value, shown);
            else if (shown != value)
            {
                Assert.Equal(previous, shown);
                dropped++;
            }
            previous = shown;
        }
        Assert.InRange(dropped, 150, 250);
    }

    [Fact]
    public void NoiseHasTheRequestedSpreadAndStaysWithinGreyLevels()
    {
        var shown = new FrameDisturbance(noiseLevel: 10).Begin(7)(Frame(128)).ToArray();
        double mean = shown.Average(p => (double)p);
        double spread = Math.Sqrt(shown.Average(p => (p - mean) * (p - mean)));
        Assert.InRange(mean, 126, 130);
        Assert.InRange(spread, 9, 11);
        var white = new FrameDisturbance(noiseLevel: 50).Begin(7)(Frame(250)).ToArray();
        Assert.Contains(white, p => p == 255);
    }

    [Fact]
    public void TheSameSeedAndTrackGiveTheSameFaults()
    {
        var disturbance = new FrameDisturbance(0.2, 5, seed: 3);
        var a = disturbance.Begin(11);
        var b = disturbance.Begin(11);
        var c = disturbance.Begin(12);
        var drawn = Frame(90);
        Assert.Equal(a(drawn).ToArray(), b(drawn).ToArray());
        Assert.NotEqual(a(drawn).ToArray(), c(drawn).ToArray());
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(1, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 300)]
    public void RatesOutOfRangeAreRefused(double dropRate, double noiseLevel) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameDisturbance(dropRate, noiseLevel));

    [Fact]
    public void TheExpertIsNotAffectedAndAControllerRaceRunsWithFaults()
    {
        var track = RaceTrack.Generate(DrivingEvaluation.TrackSeed(3));
        var clean = DrivingSessions.Race(track, 1, DrivingEvaluation.Expert());
        var faulty = DrivingSessions.Race(track, 1, DrivingEvaluation.Expert(), disturbance: new(0.3, 20));
        Assert.Equal(clean.LapTimes, faulty.LapTimes);
        var frames = new List<byte[]>();
        DrivingSessions.Race(
            track,
            1,
            (_, frame) =>
            {
                frames.Add(frame.ToArray());
                return frames.Count < 40 ? KartButtons.Accelerate : KartButtons.None;
            },
            disturbance: new(0.5, 0)
        );
        Assert.Contains(Enumerable.Range(1, 39), t => frames[t].SequenceEqual(frames[t - 1]));
    }
}
