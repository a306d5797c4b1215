using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Tensors;
using System.Globalization;

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

    /// <summary>
    /// Writes the weights to <paramref name="path"/> (atomically) with the architecture and
    /// <see cref="Description"/> as metadata, for <see cref="Load(string)"/> and <c>recurrent export</c>.
    /// </summary>
    public void Save(string path) => StateDict.Save(path, NamedState(), ToMetadata());

    /// <summary>
    /// Reads <paramref name="path"/> and rebuilds the model it describes; see <see cref="Load(SafeTensorsFile)"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is damaged or does not describe this kind of model; the message names the file.
    /// </exception>
    public static SequenceLabeller Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>Rebuilds the labeller a checkpoint describes and loads its weights, in evaluation mode.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a labeller, a key is missing or malformed, or the
    /// weights do not fit; the message names the file.</exception>
    public static SequenceLabeller Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var metadata = file.Metadata;
        var reader = CheckpointMetadata.Of(file, "labeller");
        string Get(string key) => reader.Text(key);
        int Positive(string key) => reader.WholeNumber(key);
        int features = Positive("input_features"),
            hidden = Positive("hidden_size"),
            classes = Positive("classes");
        var rng = new RandomGenerator(0);
        SequenceLabeller model = Get("model") switch
        {
            BidirectionalLabeller.Kind => new BidirectionalLabeller(
                features,
                hidden,
                classes,
                float.TryParse(Get("dropout"), NumberStyles.Float, CultureInfo.InvariantCulture, out float d)
                && d is >= 0f and < 1f
                    ? d
                    : throw new CheckpointFormatException(
                        file.FilePath,
                        $"the metadata key 'dropout' is '{metadata["dropout"]}', not a number in [0, 1)."
                    ),
                rng
            ),
            PointwiseLabeller.Kind => new PointwiseLabeller(features, hidden, classes, rng),
            var other => throw new CheckpointFormatException(
                file.FilePath,
                $"the model kind is '{other}', not {BidirectionalLabeller.Kind} or {PointwiseLabeller.Kind}."
            ),
        };
        StateDict.Load(model.NamedState(), file);
        var architecture = model.ToMetadata();
        foreach (var (key, value) in metadata)
            if (!architecture.ContainsKey(key))
                model.Description[key] = value;
        model.Eval();
        return model;
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
    public IDictionary<string, string> Description { get; } =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The one pass of the network: the class scores (logits) <c>[B, T, C]</c> of every step of
    /// <paramref name="input"/> <c>[B, T, F]</c>, on which training and labelling are built. In training mode,
    /// dropout masks are drawn from <paramref name="random"/> (the trainer's generator), or from the generator the
    /// model was made with when null.
    /// </summary>
    public abstract Tensor Forward(Tensor input, RandomGenerator? random = null);

    /// <summary>The architecture and <see cref="Description"/> as checkpoint metadata.</summary>
    public virtual IReadOnlyDictionary<string, string> ToMetadata() =>
        new SortedDictionary<string, string>(Description, StringComparer.Ordinal)
        {
            ["model"] = ModelKind,
            ["task"] = "sequence-labelling",
            ["input_features"] = Features.ToString(CultureInfo.InvariantCulture),
            ["hidden_size"] = HiddenSize.ToString(CultureInfo.InvariantCulture),
            ["classes"] = Classes.ToString(CultureInfo.InvariantCulture),
        };
}
