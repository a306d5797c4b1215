using Recurrent.Models.Driving;
using Recurrent.Tensors;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Driving;

public sealed class DrivingRecordingTests
{
    [Fact]
    public void RecordingsRoundTripAndDamageIsNamed()
    {
        using var directory = new TemporaryDirectory();
        var rng = new RandomGenerator(1);
        var episodes = new[] { DrivingSessions.Record(1, 20, rng), DrivingSessions.Record(2, 20, rng, slipRate: 0.2) };
        string path = Path.Combine(directory.Path, "expert.driving");
        DrivingRecording.Write(path, episodes);

        var read = DrivingRecording.Read(path);
        Assert.Equal(2, read.Count);
        Assert.Equal(2, read[1].TrackSeed);
        Assert.Equal(episodes[1].Frames, read[1].Frames);
        Assert.Equal(episodes[1].Labels, read[1].Labels);

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var cut = Assert.Throws<InvalidDataException>(() => DrivingRecording.Read(path));
        Assert.Contains(path, cut.Message);
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains(
            "not a driving recording",
            Assert.Throws<InvalidDataException>(() => DrivingRecording.Read(path)).Message
        );
        Assert.Throws<FileNotFoundException>(() =>
            DrivingRecording.Read(Path.Combine(directory.Path, "missing.driving"))
        );
    }

    [Fact]
    public void BatchesCutEpisodesIntoSegmentsInOrder()
    {
        var rng = new RandomGenerator(2);
        var episodes = Enumerable.Range(1, 5).Select(s => DrivingSessions.Record(s, 12, rng)).ToList();
        var source = new DrivingBatchSource(
            episodes.Take(4).ToList(),
            episodes.Skip(4).ToList(),
            batchSize: 3,
            segmentSteps: 4,
            seed: 1
        );
        Assert.Equal(2 * 3, source.TrainingBatchCount);
        Assert.Equal(3, source.ValidationBatchCount);
        var first = source.TrainingBatch(0, 0);
        var second = source.TrainingBatch(0, 1);
        Assert.True(first.StartsEpisodes);
        Assert.False(second.StartsEpisodes);
        Assert.Equal(3, first.Batch);
        Assert.Equal(1, source.TrainingBatch(0, 3).Batch);
        Assert.Equal(first.Pixels, source.TrainingBatch(0, 0).Pixels);
        var validation = source.ValidationBatch(1);
        var episode = episodes[4];
        Assert.Equal(episode.Frames[4 * KartCamera.PixelCount] / 255f, validation.Pixels[0], 6);
        Assert.Throws<ArgumentException>(() => new DrivingBatchSource(episodes, [], 2, segmentSteps: 5, seed: 1));
    }
}
