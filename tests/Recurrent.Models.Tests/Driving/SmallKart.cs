using Recurrent.Models.Driving;
using Recurrent.Tensors;

namespace Recurrent.Tests.Driving;

/// <summary>
/// A small kart controller and recorded frames to drive it with. The Onnx test project compiles this same file (a
/// linked item in its project file), so both projects test the same controller on the same frames.
/// </summary>
public static class SmallKart
{
    /// <summary>A controller of <paramref name="kind"/> with narrow layers and fixed weights (seed 3).</summary>
    public static KartController Controller(KartControllerKind kind) =>
        new(new KartControllerConfig(kind, EncoderSize: 12, HiddenSize: 8), seed: 3);

    /// <summary>The expert's frames over <paramref name="steps"/> steps on track 21, as bytes.</summary>
    public static byte[] Frames(int steps, ulong seed)
    {
        var episode = DrivingSessions.Record(21, steps, new RandomGenerator(seed), slipRate: 0.2);
        return episode.Frames;
    }

    /// <summary>The frames as the controller reads them, in [0, 1].</summary>
    public static float[] Pixels(byte[] frames) => frames.Select(b => b / 255f).ToArray();
}
