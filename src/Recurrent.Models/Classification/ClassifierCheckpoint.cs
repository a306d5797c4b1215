using Recurrent.IO;
using Recurrent.Tensors;

namespace Recurrent.Models.Classification;

/// <summary>Loads a <see cref="SequenceClassifier"/> from a checkpoint (<c>best.safetensors</c> of a training run, or a weights-only file).</summary>
public static class ClassifierCheckpoint
{
    /// <summary>Rebuilds the model from the configuration in the file's metadata and loads its weights.</summary>
    /// <exception cref="CheckpointFormatException">The file is damaged, is not a sequence classifier, or its weights do not fit; the message names the file.</exception>
    public static SequenceClassifier Load(string path) => Load(SafeTensorsFile.Read(path));

    /// <summary>Rebuilds the model from a checkpoint already read.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a sequence classifier, or its weights do not fit; the message names the file.</exception>
    public static SequenceClassifier Load(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string path = file.FilePath;
        SequenceClassifierConfig config;
        try
        {
            config = SequenceClassifierConfig.FromMetadata(file.Metadata);
        }
        catch (FormatException e)
        {
            throw new CheckpointFormatException(path, e.Message, e);
        }
        var model = new SequenceClassifier(config, new RandomGenerator(0));
        StateDict.Load(model.NamedState(), file);
        model.Eval();
        return model;
    }
}
