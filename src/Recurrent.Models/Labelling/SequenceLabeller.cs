using System.Globalization;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Labelling;

/// <summary>A network that gives every step of a sequence class scores: <c>[B, T, F] -> [B, T, C]</c>.</summary>
public abstract class SequenceLabeller : Module
{
    /// <summary>Sets the sizes every labeller has.</summary>
    protected SequenceLabeller(int features, int hidden, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Features = features;
        HiddenSize = hidden;
        Classes = classes;
    }

    /// <summary>F, the measurements of each step.</summary>
    public int Features { get; }

    /// <summary>The width the network was made with (per direction for the bidirectional LSTM).</summary>
    public int HiddenSize { get; }

    /// <summary>C, the classes scored at each step.</summary>
    public int Classes { get; }

    /// <summary>The value of the checkpoint metadata key <c>model</c> that names this kind of labeller.</summary>
    public abstract string ModelKind { get; }

    /// <summary>
    /// What travels with the model besides its architecture: the labels, the columns, their log transform and
    /// scaling (fitted on the training rows), the window. It goes into checkpoints and the ONNX metadata.
    /// </summary>
    public IDictionary<string, string> Description { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The class scores (logits) of every step. In training mode, dropout masks are drawn from
    /// <paramref name="random"/> (the trainer's generator), or from the generator the model was made with when null.
    /// </summary>
    public abstract Tensor Logits(Tensor input, RandomGenerator? random = null);

    /// <summary>The architecture and <see cref="Description"/> as checkpoint metadata.</summary>
    public virtual IReadOnlyDictionary<string, string> ToMetadata() => new SortedDictionary<string, string>(Description, StringComparer.Ordinal)
    {
        ["model"] = ModelKind,
        ["task"] = "sequence-labelling",
        ["input_features"] = Features.ToString(CultureInfo.InvariantCulture),
        ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
        ["classes"] = Classes.ToString(CultureInfo.InvariantCulture),
    };
}
