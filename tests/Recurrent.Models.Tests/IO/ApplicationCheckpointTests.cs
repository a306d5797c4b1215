using Recurrent.IO;
using Recurrent.Models.Classification;
using Recurrent.Models.Drawing;
using Recurrent.Models.Driving;
using Recurrent.Models.Text;
using Recurrent.Tensors;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.IO;

/// <summary>
/// The application models read their configuration through <see cref="CheckpointMetadata"/>, so a checkpoint of
/// another kind fails naming its file.
/// </summary>
public class ApplicationCheckpointTests
{
    [Fact]
    public void EveryApplicationsLoadNamesTheFileOfAMalformedConfiguration()
    {
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "other.safetensors");
        var metadata = new Dictionary<string, string> { ["model"] = "something-else" };
        SafeTensorsFile.Write(path, [("w", Tensor.Zeros(1))], metadata);

        Action[] loads =
        [
            () => CharLanguageModel.Load(path),
            () => SequenceClassifier.Load(path),
            () => KartController.Load(path),
            () => DrawingModel.Load(path),
        ];
        foreach (var load in loads)
            Assert.Contains(path, Assert.Throws<CheckpointFormatException>(load).Message);
    }
}
