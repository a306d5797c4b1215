using Recurrent.IO;
using Recurrent.Layers;
using Recurrent.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// <see cref="RecurrentStackCheckpoint"/> reads a bare stack's state dict back as the layer that wrote it, biases
/// or none.
/// </summary>
public class RecurrentStackCheckpointTests
{
    [Fact]
    public void AStackCheckpointWithoutBiasesLoadsAsALayerWithoutBiases()
    {
        var layer = new GruLayer(3, 4, bias: false, rng: new RandomGenerator(7));
        var file = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(layer.NamedState()), "gru.safetensors");
        var loaded = RecurrentStackCheckpoint.Load(file);
        Assert.IsType<GruLayer>(loaded);
        Assert.False(loaded.Bias);
        Assert.Equal(layer.Cell(0).WeightHH.ToArray(), loaded.Cell(0).WeightHH.ToArray());
    }
}
