using System.Globalization;
using Recurrent.IO;
using Recurrent.Tensors;

namespace Recurrent.Models.Labelling;

/// <summary>
/// Saves a trained <see cref="SequenceLabeller"/> with its architecture and <see cref="SequenceLabeller.Description"/>
/// (labels, columns, scaling) as metadata, and rebuilds it from such a file, for <c>recurrent export</c>.
/// </summary>
public static class LabellerCheckpoint
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, SequenceLabeller model)
    {
        ArgumentNullException.ThrowIfNull(model);
        StateDict.Save(path, model.NamedState(), model.ToMetadata());
    }

    /// <summary>Rebuilds the labeller a checkpoint describes and loads its weights, in evaluation mode.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a labeller, a key is missing or malformed, or the weights do not fit; the message names the file.</exception>
    public static SequenceLabeller Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var metadata = file.Metadata;
        var reader = CheckpointMetadata.Of(file, "labeller");
        string Get(string key) => reader.Text(key);
        int Positive(string key) => reader.WholeNumber(key);
        int features = Positive("input_features"), hidden = Positive("hidden_size"), classes = Positive("classes");
        var rng = new RandomGenerator(0);
        SequenceLabeller model = Get("model") switch
        {
            BidirectionalLabeller.Kind => new BidirectionalLabeller(features, hidden, classes,
                float.TryParse(Get("dropout"), NumberStyles.Float, CultureInfo.InvariantCulture, out float d) && d is >= 0f and < 1f ? d
                    : throw new CheckpointFormatException(file.FilePath, $"the metadata key 'dropout' is '{metadata["dropout"]}', not a number in [0, 1)."), rng),
            PointwiseLabeller.Kind => new PointwiseLabeller(features, hidden, classes, rng),
            var other => throw new CheckpointFormatException(file.FilePath,
                $"the model kind is '{other}', not {BidirectionalLabeller.Kind} or {PointwiseLabeller.Kind}."),
        };
        StateDict.Load(model.NamedState(), file);
        var architecture = model.ToMetadata();
        foreach (var (key, value) in metadata)
            if (!architecture.ContainsKey(key))
                model.Description[key] = value;
        model.Eval();
        return model;
    }
}
