using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Onnx;

/// <summary>
/// The recurrent layers and random inputs that the export tests hand to the exporter and to ONNX Runtime.
/// </summary>
public static class RecurrentExportCases
{
    /// <summary>A seeded layer of the given configuration, in eval mode.</summary>
    public static RecurrentLayer MakeLayer(
        string cell,
        int inputs,
        int hidden,
        int layers,
        bool bidirectional,
        bool batchFirst,
        ulong seed
    )
    {
        var rng = new RandomGenerator(seed);
        // Dropout between layers must export as the identity, so the layers carry some and run in eval mode.
        float dropout = layers > 1 ? 0.25f : 0f;
        var layer = RecurrentLayer.Create(
            CellKinds.Parse(cell),
            inputs,
            hidden,
            layers,
            batchFirst: batchFirst,
            dropout: dropout,
            bidirectional: bidirectional,
            nonlinearity: CellKinds.Nonlinearity(cell),
            rng: rng
        );
        layer.Eval();
        return layer;
    }

    /// <summary>Normal values of mean zero and the given scale.</summary>
    public static float[] RandomValues(RandomGenerator rng, int count, float scale = 1f)
    {
        var values = new float[count];
        rng.FillNormal(values, 0f, scale);
        return values;
    }
}
