using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Labelling;

/// <summary>A network that gives every step of a sequence class scores: <c>[B, T, F] -> [B, T, C]</c>.</summary>
public abstract class SequenceLabeller : Module
{
    /// <summary>
    /// Keeps <paramref name="config"/>, which must be of <paramref name="kind"/>, the kind of the derived class.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is of another kind, or a size is out of range.</exception>
    protected SequenceLabeller(SequenceLabellerConfig config, SequenceLabellerKind kind)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Kind != kind)
            throw new ArgumentException(
                $"{GetType().Name} is built from a {kind} configuration; got {config.Kind}.",
                nameof(config)
            );
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Features, 1, "config.Features");
        ArgumentOutOfRangeException.ThrowIfLessThan(config.HiddenSize, 1, "config.HiddenSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(config.Classes, 1, "config.Classes");
        if (config.Dropout is < 0f or >= 1f)
            throw new ArgumentOutOfRangeException(
                "config.Dropout",
                $"the dropout must be in [0, 1); got {config.Dropout}."
            );
        Config = config;
    }

    /// <summary>
    /// The labeller of <paramref name="config"/>'s kind, with fresh weights drawn from <paramref name="rng"/> (which
    /// also draws its dropout masks when the trainer gives none).
    /// </summary>
    /// <exception cref="ArgumentException">A size is out of range, or a pointwise configuration has
    /// dropout.</exception>
    public static SequenceLabeller Create(SequenceLabellerConfig config, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Kind == SequenceLabellerKind.Bidirectional
            ? new BidirectionalLabeller(config, rng)
            : new PointwiseLabeller(config, rng);
    }

    /// <summary>
    /// Writes the weights to <paramref name="path"/> (atomically) with <see cref="ToMetadata"/>, for
    /// <see cref="Load(string)"/> and <c>recurrent export</c>.
    /// </summary>
    public void Save(string path) => StateDict.Save(path, NamedState(), ToMetadata());

    /// <summary>
    /// Reads <paramref name="path"/> and rebuilds the model it describes; see <see cref="Load(SafeTensorsFile)"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is damaged or does not describe this kind of model; the message names the file.
    /// </exception>
    public static SequenceLabeller Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>
    /// Rebuilds the labeller a checkpoint describes and loads its weights, in evaluation mode; the metadata beyond the
    /// configuration becomes its <see cref="Description"/>.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a labeller, a key is missing or malformed, or the
    /// weights do not fit; the message names the file.</exception>
    public static SequenceLabeller Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = Create(CheckpointMetadata.Read(file, SequenceLabellerConfig.FromMetadata), new RandomGenerator(0));
        StateDict.Load(model.NamedState(), file);
        var architecture = model.Config.ToMetadata();
        foreach (var (key, value) in file.Metadata)
            if (!architecture.ContainsKey(key))
                model.Description[key] = value;
        model.Eval();
        return model;
    }

    /// <summary>The configuration the labeller was built from.</summary>
    public SequenceLabellerConfig Config { get; }

    /// <summary>F, the measurements of each step.</summary>
    public int Features => Config.Features;

    /// <summary>The width the network was made with (per direction for the bidirectional LSTM).</summary>
    public int HiddenSize => Config.HiddenSize;

    /// <summary>C, the classes scored at each step.</summary>
    public int Classes => Config.Classes;

    /// <summary>
    /// What travels with the model besides its configuration: the labels, the columns, their log transform and
    /// scaling (fitted on the training rows), the window. It goes into checkpoints and the ONNX metadata.
    /// </summary>
    public IDictionary<string, string> Description { get; } =
        new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// What a checkpoint of the model holds as metadata: <see cref="Description"/> and the configuration's
    /// <see cref="SequenceLabellerConfig.ToMetadata"/> (whose keys win).
    /// </summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new SortedDictionary<string, string>(Description, StringComparer.Ordinal);
        foreach (var (key, value) in Config.ToMetadata())
            metadata[key] = value;
        return metadata;
    }

    /// <summary>
    /// The one pass of the network: the class scores (logits) <c>[B, T, C]</c> of every step of
    /// <paramref name="input"/> <c>[B, T, F]</c>, on which training and labelling are built. In training mode,
    /// dropout masks are drawn from <paramref name="random"/> (the trainer's generator), or from the generator the
    /// model was made with when null.
    /// </summary>
    public abstract Tensor Forward(Tensor input, RandomGenerator? random = null);
}
