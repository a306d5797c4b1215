using Recurrent.IO;
using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Models.Driving;

/// <summary>
/// A set of <see cref="DrivingEpisode"/>s of equal length, as <c>recurrent drive record</c> writes it: a small
/// binary file (magic, frame size, steps, episode count, then per episode the track seed, the frames and the
/// labels), written atomically.
/// </summary>
public static class DrivingRecording
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("RCDRIVE1");

    /// <summary>Writes <paramref name="episodes"/> (all of the same length) to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<DrivingEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (episodes.Count == 0)
            throw new ArgumentException("A driving recording needs at least one episode.", nameof(episodes));
        int steps = episodes[0].Steps;
        foreach (var e in episodes)
            if (e.Steps != steps || e.Frames.Length != steps * KartCamera.PixelCount)
                throw new ArgumentException(
                    $"Every episode of a recording must have {steps} steps of {KartCamera.PixelCount} pixels; the one "
                        + $"on track {e.TrackSeed} has {e.Steps} steps and {e.Frames.Length} pixels.",
                    nameof(episodes)
                );
        AtomicFile.Write(path, stream =>
        {
            var header = new byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(header, KartCamera.PixelCount);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), steps);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), episodes.Count);
            stream.Write(Magic);
            stream.Write(header);
            var seed = new byte[4];
            foreach (var e in episodes)
            {
                BinaryPrimitives.WriteInt32LittleEndian(seed, e.TrackSeed);
                stream.Write(seed);
                stream.Write(e.Frames);
                stream.Write(e.Labels);
            }
        });
    }

    /// <summary>Reads a recording written by <see cref="Write"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a driving recording or is cut short; the message names
    /// the file.</exception>
    public static List<DrivingEpisode> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The driving recording '{path}' does not exist (make one with 'recurrent drive record').",
                path
            );
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 12 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a driving recording (it does not start with 'RCDRIVE1').");
        int pixels = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        int steps = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        if (pixels != KartCamera.PixelCount)
            throw new InvalidDataException(
                $"{path}: frames of {pixels} pixels; this version of the game draws {KartCamera.PixelCount}."
            );
        long episodeBytes = 4L + (long)steps * (pixels + 1);
        if (steps < 1 || count < 1 || bytes.Length != 20 + count * episodeBytes)
            throw new InvalidDataException(
                $"{path}: the header promises {count} episodes of {steps} steps ({20 + count * episodeBytes} bytes), "
                    + $"but the file has {bytes.Length} bytes; it is damaged or cut short."
            );
        var episodes = new List<DrivingEpisode>(count);
        int offset = 20;
        for (int e = 0; e < count; e++)
        {
            int seed = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            var frames = bytes.AsSpan(offset + 4, steps * pixels).ToArray();
            var labels = bytes.AsSpan(offset + 4 + steps * pixels, steps).ToArray();
            foreach (var label in labels)
                if (label > 15)
                    throw new InvalidDataException(
                        $"{path}: episode {e} has the button value {label}, which is no combination of the four "
                            + $"buttons."
                    );
            episodes.Add(new DrivingEpisode(seed, frames, labels));
            offset += (int)episodeBytes;
        }
        return episodes;
    }
}
