using Recurrent.IO;
using System.Globalization;

namespace Recurrent.Models.Driving;

/// <summary>The shape of a <see cref="KartController"/>, stored in its checkpoint's metadata.</summary>
/// <param name="Kind">LSTM or feed-forward.</param>
/// <param name="EncoderSize">The width of the image encoder's output (a linear projection of the frame and a
/// ReLU).</param>
/// <param name="HiddenSize">The width of each of the two LSTM (or fully connected) layers.</param>
public sealed record KartControllerConfig(KartControllerKind Kind, int EncoderSize = 128, int HiddenSize = 64)
{
    /// <summary>The value of the <c>model</c> metadata key of a kart controller checkpoint.</summary>
    public const string ModelKind = "kart-controller";

    /// <summary>The configuration as checkpoint metadata.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() =>
        new Dictionary<string, string>
        {
            ["model"] = ModelKind,
            ["controller"] = Kind == KartControllerKind.Lstm ? "lstm" : "feed-forward",
            ["frame_size"] = KartCamera.Size.ToString(CultureInfo.InvariantCulture),
            ["encoder_size"] = EncoderSize.ToString(CultureInfo.InvariantCulture),
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["buttons"] = "accelerate,brake,left,right",
        };

    /// <summary>Reads a configuration written by <see cref="ToMetadata"/>.</summary>
    /// <exception cref="FormatException">A key is missing or malformed; the message names it.</exception>
    public static KartControllerConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new CheckpointMetadata(metadata, "kart controller");
        string Get(string key) => reader.Text(key);
        int Positive(string key) => reader.WholeNumber(key);
        if (Get("model") != ModelKind)
            throw new FormatException($"the checkpoint holds a '{metadata["model"]}', not a {ModelKind}.");
        if (Positive("frame_size") != KartCamera.Size)
            throw new FormatException(
                $"the controller reads {metadata["frame_size"]}x{metadata["frame_size"]} frames; the game draws "
                    + $"{KartCamera.Size}x{KartCamera.Size}."
            );
        var kind = Get("controller") switch
        {
            "lstm" => KartControllerKind.Lstm,
            "feed-forward" => KartControllerKind.FeedForward,
            var other => throw new FormatException(
                $"the metadata key 'controller' is '{other}', not lstm or feed-forward."
            ),
        };
        return new KartControllerConfig(kind, Positive("encoder_size"), Positive("hidden_size"));
    }
}
