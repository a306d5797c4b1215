using Recurrent.IO;
using System.Globalization;

namespace Recurrent.Models.Labelling;

/// <summary>
/// The shape of a <see cref="SequenceLabeller"/>, stored in its checkpoint's metadata (<see cref="ToMetadata"/>);
/// the model's <see cref="SequenceLabeller.Description"/> (labels, columns, scaling) travels beside it.
/// </summary>
/// <param name="Kind">Bidirectional LSTM beside the per-step layer, or the per-step layer alone.</param>
/// <param name="Features">F, the measurements of each step.</param>
/// <param name="HiddenSize">The width of the network (per direction for the bidirectional LSTM).</param>
/// <param name="Classes">C, the classes scored at each step.</param>
/// <param name="Dropout">The dropout on the bidirectional LSTM's output while training; 0 for the pointwise
/// kind, which has none.</param>
public sealed record SequenceLabellerConfig(
    SequenceLabellerKind Kind,
    int Features,
    int HiddenSize,
    int Classes,
    float Dropout = 0f
)
{
    /// <summary>The value of the <c>model</c> metadata key of a bidirectional labeller's checkpoint.</summary>
    public const string BidirectionalModelKind = "bidirectional-labeller";

    /// <summary>The value of the <c>model</c> metadata key of a pointwise labeller's checkpoint.</summary>
    public const string PointwiseModelKind = "pointwise-labeller";

    /// <summary>The value of the <c>model</c> metadata key of this kind of labeller.</summary>
    public string ModelKind => Kind == SequenceLabellerKind.Bidirectional ? BidirectionalModelKind : PointwiseModelKind;

    /// <summary>
    /// The configuration as checkpoint metadata (plain keys, values in the invariant culture); <c>dropout</c> only for
    /// the bidirectional kind.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = ModelKind,
            ["task"] = "sequence-labelling",
            ["input_features"] = Features.ToString(CultureInfo.InvariantCulture),
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["classes"] = Classes.ToString(CultureInfo.InvariantCulture),
        };
        if (Kind == SequenceLabellerKind.Bidirectional)
            metadata["dropout"] = Dropout.ToString("R", CultureInfo.InvariantCulture);
        return metadata;
    }

    /// <summary>Reads a configuration written by <see cref="ToMetadata"/> (other keys are ignored).</summary>
    /// <exception cref="FormatException">A key is missing or malformed, or the metadata is not a labeller's; the
    /// message names the key.</exception>
    public static SequenceLabellerConfig FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new CheckpointMetadata(metadata, "labeller");
        var kind = reader.Text("model") switch
        {
            BidirectionalModelKind => SequenceLabellerKind.Bidirectional,
            PointwiseModelKind => SequenceLabellerKind.Pointwise,
            var other => throw new FormatException(
                $"the model kind is '{other}', not {BidirectionalModelKind} or {PointwiseModelKind}."
            ),
        };
        float dropout = kind == SequenceLabellerKind.Bidirectional ? reader.Probability("dropout") : 0f;
        return new SequenceLabellerConfig(
            kind,
            reader.WholeNumber("input_features"),
            reader.WholeNumber("hidden_size"),
            reader.WholeNumber("classes"),
            dropout
        );
    }
}
